package org.livernode.net;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * DICOM over TLS with the JDK's implementation, as PS3.15 annex B's Non-Downgrading BCP 195 TLS Secure Transport
 * Connection Profile asks: TLS 1.2 or 1.3 only, and for TLS 1.2 only the AEAD suites with forward secrecy that
 * BCP 195 (RFC 9325) recommends. DCMTK's {@code storescu +tls} proposes this profile by default; we keep to it on
 * the server's port and on the associations we open. Keys and certificates come from key stores (PKCS #12 or
 * JKS, detected from the file).
 */
public final class Tls {
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** TLS 1.3 suites first (all are AEAD with forward secrecy), then RFC 9325 section 4.2's for TLS 1.2. */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");

    /** Whether, and how strictly, the server asks its peers for a certificate. */
    public enum ClientAuth {
        /** No client certificate is asked for. */
        NONE,
        /** A client certificate is asked for and, when sent, must chain to the trust store. */
        OPTIONAL,
        /** A client without a certificate that chains to the trust store is refused in the handshake. */
        REQUIRED
    }

    private Tls() {}

    /** The key managers of a key store with our private key and certificate chain; fails when it holds no key. */
    public static KeyManager[] keyManagers(Path keyStore, String password) throws IOException, GeneralSecurityException {
        KeyStore store = load(keyStore, password);
        if (Collections.list(store.aliases()).stream().noneMatch(alias -> isKey(store, alias))) {
            throw new GeneralSecurityException(keyStore + " holds no private key");
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password.toCharArray());
        return factory.getKeyManagers();
    }

    /** The trust managers of a trust store with the certificates (usually a CA's) that peers must chain to. */
    public static TrustManager[] trustManagers(Path trustStore, String password) throws IOException, GeneralSecurityException {
        KeyStore store = load(trustStore, password);
        if (store.size() == 0) {
            throw new GeneralSecurityException(trustStore + " holds no certificate");
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    /** A TLS context from key and trust managers; null trust managers mean the JDK's default CA certificates. */
    public static SSLContext context(KeyManager[] keyManagers, TrustManager[] trustManagers) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trustManagers, null);
        return context;
    }

    /**
     * Limits a client socket to the profile's protocols and suites and, when {@code verifyHostname}, has the handshake
     * check that the server certificate names the host the socket was made for (the JDK's HTTPS rules: RFC 2818).
     */
    public static void configure(SSLSocket socket, boolean verifyHostname) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(supported(PROTOCOLS, socket.getSupportedProtocols()));
        parameters.setCipherSuites(supported(CIPHER_SUITES, socket.getSupportedCipherSuites()));
        if (verifyHostname) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        socket.setSSLParameters(parameters);
    }

    /** Limits a server socket to the profile's protocols and suites and sets how it treats client certificates. */
    public static void configure(SSLServerSocket socket, ClientAuth clientAuth) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(supported(PROTOCOLS, socket.getSupportedProtocols()));
        parameters.setCipherSuites(supported(CIPHER_SUITES, socket.getSupportedCipherSuites()));
        parameters.setUseCipherSuitesOrder(true);
        parameters.setNeedClientAuth(clientAuth == ClientAuth.REQUIRED);
        if (clientAuth == ClientAuth.OPTIONAL) {
            parameters.setWantClientAuth(true);
        }
        socket.setSSLParameters(parameters);
    }

    private static String[] supported(List<String> wanted, String[] supported) {
        List<String> available = Arrays.asList(supported);
        return wanted.stream().filter(available::contains).toArray(String[]::new);
    }

    private static KeyStore load(Path file, String password) throws IOException, GeneralSecurityException {
        return KeyStore.getInstance(file.toFile(), password.toCharArray());
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
