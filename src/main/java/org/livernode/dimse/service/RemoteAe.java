package org.livernode.dimse.service;

/**
 * A DICOM application entity that the SCUs open associations to. Its {@code toString()} names it in log lines
 * and error messages.
 */
public interface RemoteAe {
    /** Its called AE title. */
    String aeTitle();

    String host();

    int port();
}
