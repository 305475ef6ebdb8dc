package org.livernode.receive;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.livernode.net.Tls.ClientAuth;

/**
 * The server's TLS port (PS3.15 annex B secure transport): the same associations as on the plain port, inside TLS.
 *
 * @param port TCP port; 2762 is DICOM's registered port for TLS; 0 picks a free one
 * @param keyStore PKCS #12 (or JKS) with our private key and certificate chain; the server always shows it
 * @param trustStore the certificates client certificates must chain to; needed unless {@code clientAuth} is NONE
 */
public record TlsConfig(int port, Path keyStore, String keyStorePassword, Optional<Path> trustStore, String trustStorePassword,
        ClientAuth clientAuth) {
    public TlsConfig {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        Objects.requireNonNull(trustStorePassword, "trustStorePassword");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("TLS port must be 0 to 65535, not " + port);
        }
        if (clientAuth != ClientAuth.NONE && trustStore.isEmpty()) {
            throw new IllegalArgumentException("client authentication " + clientAuth + " needs a trust store");
        }
    }
}
