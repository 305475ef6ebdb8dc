package org.livernode.dimse.service;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import org.livernode.dicom.Implementation;
import org.livernode.dimse.Association;
import org.livernode.dimse.Pdu;
import org.livernode.dimse.Pdu.AssociateRq;
import org.livernode.dimse.Pdu.PresentationContextRq;
import org.livernode.dimse.Pdu.UserInformation;
import org.livernode.net.ClientTls;
import org.livernode.net.Tls;

/**
 * Opens associations to remote AEs, as our SCUs need them: with TCP_NODELAY, within the timeouts, and over TLS
 * when the remote AE has it (the handshake completes before the A-ASSOCIATE-RQ is sent). A TLS failure is an
 * IOException that names the remote AE and says what to change: the trust store, the host name, the key store.
 *
 * @param callingAeTitle our own AE title, as the destination knows us
 */
record Requestor(String callingAeTitle, Duration connectTimeout, Duration readTimeout) {
    /** The maximum PDU length we announce, and so the longest PDU we send. */
    static final int MAX_PDU_LENGTH = 256 * 1024;

    Association open(RemoteAe destination, List<PresentationContextRq> contexts) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            try {
                socket.connect(new InetSocketAddress(destination.host(), destination.port()), (int) connectTimeout.toMillis());
            } catch (IOException e) {
                throw new IOException("cannot connect to " + destination + ": " + e.getMessage(), e);
            }
            socket.setSoTimeout((int) readTimeout.toMillis());
            AssociateRq request = new AssociateRq(1, destination.aeTitle(), callingAeTitle, Pdu.DICOM_APPLICATION_CONTEXT, contexts,
                    new UserInformation(MAX_PDU_LENGTH, Implementation.CLASS_UID, Implementation.VERSION_NAME, Optional.empty()));
            if (destination.tls().isEmpty()) {
                return Association.initiate(socket, request);
            }
            ClientTls tls = destination.tls().get();
            ClientCertificate certificate = ClientCertificate.of(destination, tls);
            SSLSocket secure = handshake(socket, destination, tls, certificate);
            try {
                return Association.initiate(secure, request);
            } catch (SSLException | SocketException | EOFException e) {
                // In TLS 1.3 the server checks our certificate after our part of the handshake: its refusal ends the
                // connection under the A-ASSOCIATE-RQ.
                throw new IOException("TLS connection to " + destination + " ended after the handshake: "
                        + tlsFailure(e, tls, destination.host(), certificate.asked, certificate.sent), e);
            }
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * TLS over the connected socket, which keeps its TCP_NODELAY and read timeout; the handshake is done on return.
     * The stores are read for each association, so that renewed certificates count without a restart.
     */
    private static SSLSocket handshake(Socket socket, RemoteAe destination, ClientTls tls, ClientCertificate certificate) throws IOException {
        SSLContext context;
        try {
            context = Tls.context(new KeyManager[] {certificate}, Tls.trustManagers(tls.trustStore(), tls.trustStorePassword()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IOException("cannot set up TLS to " + destination + " with trust store " + tls.trustStore() + ": " + e.getMessage(), e);
        }
        SSLSocket secure = (SSLSocket) context.getSocketFactory().createSocket(socket, destination.host(), destination.port(), true);
        Tls.configure(secure, tls.verifyHostname());
        try {
            secure.startHandshake();
        } catch (IOException e) {
            throw new IOException("TLS handshake with " + destination + " failed: "
                    + tlsFailure(e, tls, destination.host(), certificate.asked, certificate.sent), e);
        }
        return secure;
    }

    /**
     * What went wrong in a TLS connection we opened, and what to change, then the JDK's words.
     *
     * @param certificateAsked whether the server asked us for a client certificate
     * @param certificateSent whether we sent one
     */
    private static String tlsFailure(IOException e, ClientTls tls, String host, boolean certificateAsked, boolean certificateSent) {
        boolean hostname = false;
        boolean certificate = false;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertPathBuilderException || cause instanceof CertPathValidatorException) {
                return "the server's certificate is not trusted: it must chain to a certificate in the trust store " + tls.trustStore()
                        + " and be valid now (" + e.getMessage() + ")";
            }
            // The JDK's host name check (RFC 2818) throws exactly this class; its other checks throw subclasses.
            hostname |= cause.getClass() == CertificateException.class && tls.verifyHostname();
            certificate |= cause instanceof CertificateException;
        }
        if (hostname) {
            return "the server's certificate does not name the host " + host + "; verifyHostname: false checks only its chain ("
                    + e.getMessage() + ")";
        }
        if (certificate) {
            return "the server's certificate is not accepted (" + e.getMessage() + ")";
        }
        if (certificateAsked && !certificateSent) {
            return "the server requires a client certificate and we have " + tls.keyStore().map(k -> "none in " + k + " that it accepts")
                    .orElse("none: give the destination's tls a keyStore") + " (" + e.getMessage() + ")";
        }
        if (certificateSent) {
            return "the server ended the connection after we sent our client certificate from " + tls.keyStore().orElseThrow()
                    + ": it probably does not trust it (" + e.getMessage() + ")";
        }
        return e.getMessage();
    }

    /**
     * Our client certificate, from the key store when there is one; notes whether the server asked for a certificate
     * and whether we sent one, which a failure that follows can only be explained by.
     */
    private static final class ClientCertificate extends X509ExtendedKeyManager {
        /** Null when we have no client certificate. */
        private final X509ExtendedKeyManager keys;
        private volatile boolean asked;
        private volatile boolean sent;

        private ClientCertificate(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        static ClientCertificate of(RemoteAe destination, ClientTls tls) throws IOException {
            if (tls.keyStore().isEmpty()) {
                return new ClientCertificate(null);
            }
            try {
                for (KeyManager manager : Tls.keyManagers(tls.keyStore().get(), tls.keyStorePassword())) {
                    if (manager instanceof X509ExtendedKeyManager keys) {
                        return new ClientCertificate(keys);
                    }
                }
                throw new GeneralSecurityException("the JDK made no X.509 key manager of it");
            } catch (IOException | GeneralSecurityException e) {
                throw new IOException("cannot set up TLS to " + destination + " with key store " + tls.keyStore().get() + ": " + e.getMessage(), e);
            }
        }

        private String chosen(String alias) {
            asked = true;
            sent = alias != null;
            return alias;
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return chosen(keys == null ? null : keys.chooseClientAlias(keyTypes, issuers, socket));
        }

        @Override
        public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return chosen(keys == null ? null : keys.chooseEngineClientAlias(keyTypes, issuers, engine));
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return keys == null ? null : keys.getClientAliases(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys == null ? null : keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys == null ? null : keys.getPrivateKey(alias);
        }

        /** We are the client: no server aliases. */
        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
