package org.livernode.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.net.Tls;
import org.livernode.net.Tls.ClientAuth;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.ExternalProgram.Result;
import org.livernode.testing.LogCapture;
import org.livernode.testing.TestPki;

/**
 * DICOM over TLS against DCMTK's echoscu and storescu, with certificates this test makes: a CA, a server
 * certificate for 127.0.0.1, client certificates from that CA and from a stranger's.
 */
class TlsIT {
    @TempDir
    static Path dir;
    static TestPki pki;
    static TestPki strangers;

    @TempDir
    Path temp;
    @RegisterExtension
    final LogCapture log = new LogCapture();

    @BeforeAll
    static void makeCertificates() throws Exception {
        pki = TestPki.create(dir.resolve("pki"), "livernode test CA").issueClient("CT1-client");
        strangers = TestPki.create(dir.resolve("strangers"), "someone else's CA").issueClient("intruder");
    }

    private RunningServer server(ClientAuth clientAuth) throws Exception {
        Optional<Path> trust = clientAuth == ClientAuth.NONE ? Optional.empty() : Optional.of(pki.trustStore());
        TlsConfig tls = new TlsConfig(0, pki.serverKeyStore(), TestPki.PASSWORD, trust, TestPki.PASSWORD, clientAuth);
        return new RunningServer(temp.resolve("spool"), c -> c.withTls(tls));
    }

    /** A DCMTK program with TLS options that present {@code client}'s certificate (or none) and trust our CA. */
    private static List<String> tlsCommand(String program, TestPki issuer, String client, int port, String... more) {
        List<String> command = new ArrayList<>(List.of(ExternalProgram.require(program, "dcmtk"), "-v", "-aet", "CT1", "-aec", RunningServer.AE_TITLE));
        if (client == null) {
            command.add("+tla");
        } else {
            command.addAll(List.of("+tls", issuer.privateKey(client).toString(), issuer.certificate(client).toString()));
        }
        command.addAll(List.of("+cf", pki.certificate("ca").toString(), "127.0.0.1", Integer.toString(port)));
        command.addAll(List.of(more));
        return command;
    }

    private static Result plainEcho(int port) {
        return ExternalProgram.run(List.of(ExternalProgram.require("echoscu", "dcmtk"), "-aet", "CT1", "-aec", RunningServer.AE_TITLE,
                "127.0.0.1", Integer.toString(port)), 30);
    }

    @Test
    void echoAndStoreOverTlsWithAClientCertificate() throws Exception {
        List<Path> files = new CtPhantom().slices(3).write(temp.resolve("phantom"));
        try (RunningServer server = server(ClientAuth.REQUIRED)) {
            Result echo = ExternalProgram.run(tlsCommand("echoscu", pki, "CT1-client", server.server.tlsPort()), 30);
            assertTrue(echo.succeeded() && echo.output().contains("Received Echo Response (Success)"), echo.output());
            log.await("Association from CT1 at 127.0.0.1:", " over TLSv1.", "(client certificate CN=CT1-client)", "released");

            List<String> store = tlsCommand("storescu", pki, "CT1-client", server.server.tlsPort());
            files.forEach(f -> store.add(f.toString()));
            Result stored = ExternalProgram.run(store, 60);
            assertTrue(stored.succeeded(), stored.output());
            assertEquals(3, server.listener.stored().size());
            // The plain port goes on serving beside it.
            assertTrue(plainEcho(server.port).succeeded());
        }
    }

    @Test
    void clientWithoutAnAcceptableCertificateIsRefusedInTheHandshake() throws Exception {
        try (RunningServer server = server(ClientAuth.REQUIRED)) {
            Result anonymous = ExternalProgram.run(tlsCommand("echoscu", pki, null, server.server.tlsPort()), 30);
            assertFalse(anonymous.succeeded(), anonymous.output());
            log.await("TLS handshake with 127.0.0.1:", "on port " + server.server.tlsPort() + " failed");

            Result intruder = ExternalProgram.run(tlsCommand("echoscu", strangers, "intruder", server.server.tlsPort()), 30);
            assertFalse(intruder.succeeded(), intruder.output());
            log.awaitCount(2, "TLS handshake with 127.0.0.1:", "failed");
            assertTrue(ExternalProgram.run(tlsCommand("echoscu", pki, "CT1-client", server.server.tlsPort()), 30).succeeded());
        }
    }

    @Test
    void clientCertificateIsOptionalWhenConfiguredSo() throws Exception {
        try (RunningServer server = server(ClientAuth.OPTIONAL)) {
            assertTrue(ExternalProgram.run(tlsCommand("echoscu", pki, null, server.server.tlsPort()), 30).succeeded());
            log.await("Association from CT1 at 127.0.0.1:", "(no client certificate)");
            // A certificate that is sent must still chain to the trust store.
            assertFalse(ExternalProgram.run(tlsCommand("echoscu", strangers, "intruder", server.server.tlsPort()), 30).succeeded());
        }
        try (RunningServer server = server(ClientAuth.NONE)) {
            assertTrue(ExternalProgram.run(tlsCommand("echoscu", pki, null, server.server.tlsPort()), 30).succeeded());
        }
    }

    @Test
    void plainDicomOnTheTlsPortAndTlsOnThePlainPortFailCleanly() throws Exception {
        try (RunningServer server = server(ClientAuth.REQUIRED)) {
            Result plainOnTls = plainEcho(server.server.tlsPort());
            assertFalse(plainOnTls.succeeded(), plainOnTls.output());
            log.await("TLS handshake with 127.0.0.1:", "on port " + server.server.tlsPort() + " failed", "Unsupported or unrecognized SSL message");

            Result tlsOnPlain = ExternalProgram.run(tlsCommand("echoscu", pki, "CT1-client", server.port), 30);
            assertFalse(tlsOnPlain.succeeded(), tlsOnPlain.output());
            log.await("Association request from 127.0.0.1:", "the peer opened a TLS handshake on a port without TLS");

            assertTrue(ExternalProgram.run(tlsCommand("echoscu", pki, "CT1-client", server.server.tlsPort()), 30).succeeded());
            assertTrue(plainEcho(server.port).succeeded());
            try (Stream<Path> spooled = Files.walk(server.spool.root())) {
                assertEquals(0, spooled.filter(Files::isRegularFile).count());
            }
        }
    }

    /** Connects with the JDK's client limited to one protocol and suite; true when the handshake succeeds. */
    private static boolean handshakes(int port, String protocol, String suite) throws Exception {
        SSLContext context = Tls.context(null, Tls.trustManagers(pki.trustStore(), TestPki.PASSWORD));
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setEnabledCipherSuites(new String[] {suite});
            socket.startHandshake();
            return true;
        } catch (SSLException e) {
            return false;
        }
    }

    @Test
    void onlyForwardSecretAeadSuitesAreNegotiated() throws Exception {
        try (RunningServer server = server(ClientAuth.NONE)) {
            int port = server.server.tlsPort();
            assertTrue(handshakes(port, "TLSv1.3", "TLS_AES_256_GCM_SHA384"));
            assertTrue(handshakes(port, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
            assertFalse(handshakes(port, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"), "CBC is not in BCP 195's list");
        }
    }
}
