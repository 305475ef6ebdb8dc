package org.livernode.export;

import java.util.Objects;
import java.util.Optional;
import org.livernode.dicom.AeTitleSyntax;
import org.livernode.dimse.service.RemoteAe;
import org.livernode.net.ClientTls;

/**
 * A DICOM peer we send to.
 *
 * @param name what people call it, for log lines ("PACS")
 * @param aeTitle its called AE title
 * @param tls DICOM over TLS to it (PS3.15 annex B); empty for plain TCP
 */
public record Destination(String name, String aeTitle, String host, int port, Optional<ClientTls> tls) implements RemoteAe {
    public Destination {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tls, "tls");
        aeTitle = Objects.requireNonNull(aeTitle, "aeTitle").strip();
        if (!AeTitleSyntax.isAeTitle(aeTitle)) {
            throw new IllegalArgumentException("AE title of destination " + name + " must be " + AeTitleSyntax.RULE + ": '" + aeTitle + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port of destination " + name + " must be 1 to 65535, not " + port);
        }
    }

    /** A destination reached over plain TCP. */
    public Destination(String name, String aeTitle, String host, int port) {
        this(name, aeTitle, host, port, Optional.empty());
    }

    @Override
    public String toString() {
        return name + " (" + aeTitle + " at " + host + ":" + port + (tls.isPresent() ? ", TLS" : "") + ")";
    }
}
