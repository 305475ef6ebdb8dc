package org.livernode.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.dicom.InstanceHeader;
import org.livernode.dimse.DicomStatus;
import org.livernode.dimse.service.EchoScu;
import org.livernode.dimse.service.StorageScu;
import org.livernode.dimse.service.StoreResult;
import org.livernode.metrics.NodeMetrics;
import org.livernode.net.ClientTls;
import org.livernode.net.Tls;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.livernode.testing.PhantomOutputs;
import org.livernode.testing.StoreScpProcess;
import org.livernode.testing.TestPki;

/**
 * Results sent over TLS to DCMTK's {@code storescp +tls} (which speaks nothing but TLS on its port), with
 * certificates this test makes: a CA whose server certificate names 127.0.0.1 and localhost, a client certificate
 * from it, and a stranger's CA with a server and a client certificate of its own.
 */
class TlsExportIT {
    static final String SEG = "1.2.840.10008.5.1.4.1.1.66.4";
    static final String RTSTRUCT = "1.2.840.10008.5.1.4.1.1.481.3";

    @TempDir
    static Path pkiDir;
    static TestPki pki;
    static TestPki strangers;

    @TempDir
    Path dir;
    JobStore store;
    DeadLetters deadLetters;
    String jobId;
    List<Path> outputs;
    /** The jobs the outbox said it was done with. */
    final List<JobRecord> finished = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        pki = TestPki.create(pkiDir.resolve("pki"), "livernode test CA").issueClient("livernode-client");
        strangers = TestPki.create(pkiDir.resolve("strangers"), "someone else's CA").issueClient("intruder");
    }

    /** A job with the SEG and the RTSTRUCT of a phantom. */
    @BeforeEach
    void job() throws Exception {
        store = JobStore.open(dir.resolve("jobs"));
        deadLetters = new DeadLetters(dir.resolve("dead-letter"));
        jobId = "1.2.3-0123456789abcdef";
        outputs = PhantomOutputs.write(dir, store.folder(jobId));
        assertEquals(2, outputs.size(), outputs.toString());
    }

    /** storescp with {@code issuer}'s server certificate, asking for no client certificate unless {@code options} say so. */
    private StoreScpProcess storescp(TestPki issuer, String... options) throws Exception {
        List<String> tls = new ArrayList<>(List.of("+tls", issuer.privateKey("server").toString(), issuer.certificate("server").toString()));
        tls.addAll(options.length == 0 ? List.of("-ic") : List.of(options));
        return new StoreScpProcess(dir.resolve("received"), tls.toArray(String[]::new));
    }

    private static ClientTls trusting(TestPki issuer, Optional<Path> keyStore) throws Exception {
        return new ClientTls(issuer.trustStore(), TestPki.PASSWORD, keyStore, keyStore.isPresent() ? TestPki.PASSWORD : "", true);
    }

    private static Destination destination(StoreScpProcess scp, String host, ClientTls tls) {
        return new Destination("pacs", StoreScpProcess.AE_TITLE, host, scp.port, Optional.of(tls));
    }

    private static StorageScu scu() {
        return new StorageScu("LIVERNODE", Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    private Outbox outbox(Destination destination, Duration giveUpAfter) {
        Instant now = Instant.now();
        List<Delivery> deliveries = outputs.stream().map(o -> Delivery.pending(destination.name(), o.getFileName().toString(), now)).toList();
        try {
            store.save(new JobRecord(jobId, "1.2.3", "0123456789abcdef", 6, JobRecord.Outcome.PROCESSED, "", now,
                    outputs.stream().map(o -> o.getFileName().toString()).toList(), deliveries, "hu-band 1", List.of("default"), null));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return new Outbox(store, List.of(destination), scu(), new ExponentialBackoff(Duration.ofMillis(200), Duration.ofMillis(800)),
                giveUpAfter, deadLetters, new OperatorRequests(dir.resolve("resend")), Clock.systemUTC(),
                new NodeMetrics(new SimpleMeterRegistry()), finished::add);
    }

    /** The job's record once the outbox is done with its deliveries (delivered or given up) and has saved it. */
    private JobRecord awaitFinished() throws Exception {
        // A bound for a hang, not a speed (the handshakes and retries of a delivery take seconds on a quiet machine).
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (finished.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1, finished.size(), "the outbox finished the job once");
        return store.find(jobId).orElseThrow();
    }

    private static boolean allIn(JobRecord job, Delivery.State state) {
        return job.deliveries().stream().allMatch(d -> d.state() == state);
    }

    private static List<String> sopClasses(List<Path> files) throws Exception {
        List<String> classes = new ArrayList<>();
        for (Path file : files) {
            classes.add(InstanceHeader.read(file).sopClassUid());
        }
        return classes.stream().sorted().toList();
    }

    /** The job through an outbox whose destination is {@code scp} over TLS, trusting our CA; returns its finished record. */
    private JobRecord deliverTrustingOurCa(StoreScpProcess scp, Duration giveUpAfter) throws Exception {
        try (Outbox outbox = outbox(destination(scp, "127.0.0.1", trusting(pki, Optional.empty())), giveUpAfter)) {
            outbox.deliver(jobId);
            return awaitFinished();
        }
    }

    @Test
    void theOutboxDeliversSegAndRtstructOverTls() throws Exception {
        try (StoreScpProcess scp = storescp(pki)) {
            JobRecord done = deliverTrustingOurCa(scp, Duration.ofMinutes(5));
            assertTrue(allIn(done, Delivery.State.DELIVERED), done + "\n" + scp.output());
            assertEquals(List.of(SEG, RTSTRUCT).stream().sorted().toList(), sopClasses(scp.received()), scp.output());
        }
        assertEquals(List.of(), deadLetters.list(null));
    }

    @Test
    void aServerCertificateFromAnotherCaIsRetriedThenDeadLetteredWithTheReason() throws Exception {
        try (StoreScpProcess scp = storescp(strangers)) {
            JobRecord dead = deliverTrustingOurCa(scp, Duration.ofSeconds(1));
            assertTrue(allIn(dead, Delivery.State.DEAD), dead.toString());
            assertTrue(dead.deliveries().get(0).attempts() >= 2, "retried before giving up: " + dead);
            assertEquals(List.of(), scp.received());
        }
        List<DeadLetters.Letter> letters = deadLetters.list("pacs");
        assertEquals(2, letters.size());
        Path letter = letters.get(0).file();
        String reason = Files.readString(letter.resolveSibling(letter.getFileName() + DeadLetters.REASON_SUFFIX));
        assertTrue(reason.contains("TLS handshake with pacs (STORESCP at 127.0.0.1:"), reason);
        assertTrue(reason.contains("the server's certificate is not trusted: it must chain to a certificate in the trust store "
                + pki.trustStore()), reason);
    }

    @Test
    void aServerThatRequiresAClientCertificateTakesOursAndRefusesUsWithoutOne() throws Exception {
        Path keyStore = pki.clientKeyStore("livernode-client");
        try (StoreScpProcess scp = storescp(pki, "+cf", pki.certificate("ca").toString(), "-rc")) {
            Destination withCertificate = destination(scp, "127.0.0.1", trusting(pki, Optional.of(keyStore)));
            assertEquals(DicomStatus.SUCCESS, new EchoScu("LIVERNODE", Duration.ofSeconds(2), Duration.ofSeconds(10)).echo(withCertificate));
            List<StoreResult> results = scu().send(withCertificate, outputs);
            assertTrue(results.stream().allMatch(StoreResult::stored), results + scp.output());
            assertEquals(2, scp.received().size(), scp.output());

            IOException refused = assertThrows(IOException.class,
                    () -> scu().send(destination(scp, "127.0.0.1", trusting(pki, Optional.empty())), outputs));
            assertTrue(refused.getMessage().startsWith("TLS "), refused.getMessage());
            assertTrue(refused.getMessage().contains("pacs (STORESCP at 127.0.0.1:" + scp.port + ", TLS)"), refused.getMessage());
            assertTrue(refused.getMessage().contains("the server requires a client certificate and we have none: give the destination's tls a keyStore"),
                    refused.getMessage());

            IOException stranger = assertThrows(IOException.class,
                    () -> scu().send(destination(scp, "127.0.0.1", trusting(pki, Optional.of(strangers.clientKeyStore("intruder")))), outputs));
            assertTrue(stranger.getMessage().contains("client certificate"), stranger.getMessage());
            assertEquals(2, scp.received().size(), "nothing more arrived");

            // The stores are read for each association: one that went bad since startup fails that attempt, named.
            ClientTls badPassword = new ClientTls(pki.trustStore(), TestPki.PASSWORD, Optional.of(keyStore), "not the password", true);
            IOException unusable = assertThrows(IOException.class, () -> scu().send(destination(scp, "127.0.0.1", badPassword), outputs));
            assertTrue(unusable.getMessage().startsWith("cannot set up TLS to pacs (STORESCP at 127.0.0.1:" + scp.port + ", TLS) with key store "
                    + keyStore + ": "), unusable.getMessage());
        }
    }

    @Test
    void theServerCertificateMustNameTheHostUnlessVerifyHostnameIsOff() throws Exception {
        try (StoreScpProcess scp = storescp(pki)) {
            // 127.0.0.2 reaches the same loopback interface; the server certificate names 127.0.0.1 and localhost only.
            IOException misnamed = assertThrows(IOException.class,
                    () -> scu().send(destination(scp, "127.0.0.2", trusting(pki, Optional.empty())), outputs));
            assertTrue(misnamed.getMessage().contains("the server's certificate does not name the host 127.0.0.2; verifyHostname: false"),
                    misnamed.getMessage());
            ClientTls chainOnly = new ClientTls(pki.trustStore(), TestPki.PASSWORD, Optional.empty(), "", false);
            assertTrue(scu().send(destination(scp, "127.0.0.2", chainOnly), outputs).stream().allMatch(StoreResult::stored));
            assertTrue(scu().send(destination(scp, "localhost", trusting(pki, Optional.empty())), outputs).stream().allMatch(StoreResult::stored));
        }
    }

    @Test
    void aServerShowingACertificateNotMadeForServersIsRefused() throws Exception {
        List<String> clientCertificateAsServers = List.of("+tls", pki.privateKey("livernode-client").toString(),
                pki.certificate("livernode-client").toString(), "-ic");
        try (StoreScpProcess scp = new StoreScpProcess(dir.resolve("received"), clientCertificateAsServers.toArray(String[]::new))) {
            IOException refused = assertThrows(IOException.class,
                    () -> scu().send(destination(scp, "127.0.0.1", trusting(pki, Optional.empty())), outputs));
            assertTrue(refused.getMessage().contains("failed: the server's certificate is not accepted ("), refused.getMessage());
            assertEquals(List.of(), scp.received());
        }
    }

    /** A JDK server that has only a TLS 1.2 CBC suite, outside BCP 195's list: the handshake fails before DICOM. */
    @Test
    void aServerOutsideTheProfileIsRefused() throws Exception {
        SSLContext context = Tls.context(Tls.keyManagers(pki.serverKeyStore(), TestPki.PASSWORD), null);
        try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setEnabledProtocols(new String[] {"TLSv1.2"});
            server.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});
            CompletableFuture<String> serverSide = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.startHandshake();
                    return "handshake completed with " + accepted.getSession().getCipherSuite();
                } catch (IOException e) {
                    return e.getMessage();
                }
            });
            Destination cbcOnly = new Destination("pacs", "PACS", "127.0.0.1", server.getLocalPort(), Optional.of(trusting(pki, Optional.empty())));
            IOException refused = assertThrows(IOException.class,
                    () -> new EchoScu("LIVERNODE", Duration.ofSeconds(2), Duration.ofSeconds(10)).echo(cbcOnly));
            assertTrue(refused.getMessage().startsWith("TLS handshake with pacs (PACS at 127.0.0.1:" + server.getLocalPort() + ", TLS) failed: "),
                    refused.getMessage());
            assertEquals("no cipher suites in common", serverSide.get(10, TimeUnit.SECONDS));
        }
    }
}
