package org.livernode.export;

import java.util.Objects;
import org.livernode.dicom.AeTitleSyntax;
import org.livernode.dimse.service.RemoteAe;

/**
 * A DICOM peer we send to.
 *
 * @param name what people call it, for log lines ("PACS")
 * @param aeTitle its called AE title
 */
public record Destination(String name, String aeTitle, String host, int port) implements RemoteAe {
    public Destination {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        aeTitle = Objects.requireNonNull(aeTitle, "aeTitle").strip();
        if (!AeTitleSyntax.isAeTitle(aeTitle)) {
            throw new IllegalArgumentException("AE title of destination " + name + " must be " + AeTitleSyntax.RULE + ": '" + aeTitle + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port of destination " + name + " must be 1 to 65535, not " + port);
        }
    }

    @Override
    public String toString() {
        return name + " (" + aeTitle + " at " + host + ":" + port + ")";
    }
}
