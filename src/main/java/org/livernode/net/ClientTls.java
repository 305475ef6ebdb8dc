package org.livernode.net;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS on the associations we open to a peer, in the profile of {@link Tls}.
 *
 * @param trustStore the certificates (usually a CA's) that the peer's server certificate must chain to
 * @param keyStore our private key and certificate chain, shown to peers that ask for a client certificate; empty for none
 * @param verifyHostname whether the server certificate must also name the host we connect to (a DNS name or IP
 *     address in its subject alternative names, RFC 9325 section 7.3); DCMTK and most DICOM peers check only the chain
 */
public record ClientTls(Path trustStore, String trustStorePassword, Optional<Path> keyStore, String keyStorePassword,
        boolean verifyHostname) {
    public ClientTls {
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(trustStorePassword, "trustStorePassword");
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyStorePassword, "keyStorePassword");
    }

    /** Without the passwords, which must not reach log lines. */
    @Override
    public String toString() {
        return "ClientTls[trustStore=" + trustStore + ", keyStore=" + keyStore.map(Path::toString).orElse("none")
                + ", verifyHostname=" + verifyHostname + "]";
    }
}
