package org.livernode.dimse.service;

import java.util.Optional;
import org.livernode.net.ClientTls;

/**
 * A DICOM application entity that the SCUs open associations to. Its {@code toString()} names it in log lines
 * and error messages.
 */
public interface RemoteAe {
    /** Its called AE title. */
    String aeTitle();

    String host();

    int port();

    /** TLS for associations to it; empty for plain TCP. */
    Optional<ClientTls> tls();
}
