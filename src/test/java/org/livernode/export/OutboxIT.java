package org.livernode.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.dimse.service.StorageScu;
import org.livernode.metrics.NodeMetrics;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.livernode.testing.FreePort;
import org.livernode.testing.JsonLines;
import org.livernode.testing.NodeProcess;
import org.livernode.testing.NodeYaml;
import org.livernode.testing.Orthanc;
import org.livernode.testing.PhantomOutputs;
import org.livernode.testing.StoreScpProcess;
import org.livernode.testing.TestModels;

/**
 * The outbox against real peers: a PACS that is down and comes back, one that refuses the SEG SOP class, one
 * that never comes back (dead letter, then {@code livernode resend}, taken up by the outbox at its start or by a
 * running node in its own JVM), a restart with deliveries pending, and results held for review: released after a
 * restart, or discarded.
 */
class OutboxIT {
    static final String SEG = "1.2.840.10008.5.1.4.1.1.66.4";
    static final String RTSTRUCT = "1.2.840.10008.5.1.4.1.1.481.3";

    @TempDir
    Path dir;
    /** The PACS, down until a test starts it. */
    @RegisterExtension
    final Orthanc downPacs = Orthanc.down();
    JobStore store;
    DeadLetters deadLetters;
    String jobId;
    List<String> outputs;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** The jobs the outbox said were done with, in order. */
    final List<JobRecord> finished = new CopyOnWriteArrayList<>();

    /** A job with two outputs: the SEG and the RTSTRUCT of a phantom. */
    @BeforeEach
    void job() throws Exception {
        store = JobStore.open(dir.resolve("jobs"));
        deadLetters = new DeadLetters(dir.resolve("dead-letter"));
        jobId = "1.2.3-0123456789abcdef";
        outputs = PhantomOutputs.write(dir, store.folder(jobId)).stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(2, outputs.size(), outputs.toString());
    }

    private void save(String destination) throws Exception {
        Instant now = Instant.now();
        List<Delivery> deliveries = new ArrayList<>();
        outputs.forEach(o -> deliveries.add(Delivery.pending(destination, o, now)));
        save(deliveries);
    }

    private void save(List<Delivery> deliveries) throws Exception {
        store.save(new JobRecord(jobId, "1.2.3", "0123456789abcdef", 6, JobRecord.Outcome.PROCESSED, "", Instant.now(), outputs, deliveries,
                "hu-band 1", List.of("default"), null));
    }

    /** Saves the job with both results for the PACS held for review, as a rule with {@code qc: hold} leaves a REVIEW result. */
    private void saveHeld() throws Exception {
        save(outputs.stream().map(o -> Delivery.held("pacs", o)).toList());
    }

    /** Files an operator's request for both results, as the console does, and waits until the outbox has taken it up. */
    private void decide(OperatorRequests.Action action) throws Exception {
        Path request = new OperatorRequests(dir.resolve("resend")).file(action,
                outputs.stream().map(o -> new OperatorRequests.Item("pacs", jobId, o)).toList());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (Files.exists(request) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(Files.notExists(request), "the outbox took up the " + action + " request");
    }

    private Outbox outbox(Destination destination, Duration giveUpAfter) {
        return new Outbox(store, List.of(destination), new StorageScu("LIVERNODE", Duration.ofSeconds(2), Duration.ofSeconds(10)),
                new ExponentialBackoff(Duration.ofMillis(200), Duration.ofMillis(800)), giveUpAfter, deadLetters,
                new OperatorRequests(dir.resolve("resend")), Clock.systemUTC(),
                new NodeMetrics(registry), finished::add);
    }

    private JobRecord awaitRecord(Predicate<JobRecord> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JobRecord job = store.find(jobId).orElseThrow();
        while (!condition.test(job) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            job = store.find(jobId).orElseThrow();
        }
        return job;
    }

    /**
     * Saves the job for the PACS, which is down, and gives it to {@code outbox}; its record once the first file was tried
     * {@code attempts} times.
     */
    private JobRecord deliverWhileDown(Outbox outbox, int attempts) throws Exception {
        save("pacs");
        outbox.deliver(jobId);
        return awaitRecord(j -> j.deliveries().get(0).attempts() >= attempts, Duration.ofSeconds(20));
    }

    private static boolean allIn(JobRecord job, Delivery.State state) {
        return job.deliveries().stream().allMatch(d -> d.state() == state);
    }

    @Test
    void resultsReachAPacsThatWasDownOnceItIsBack() throws Exception {
        try (Outbox outbox = outbox(downPacs.destination("pacs"), Duration.ofMinutes(5))) {
            JobRecord failing = deliverWhileDown(outbox, 2);
            assertTrue(allIn(failing, Delivery.State.PENDING), failing.toString());
            assertTrue(failing.deliveries().get(0).lastError() != null, failing.toString());
            assertEquals(2, outbox.pendingDeliveries(), "the outbox's depth: two files for one destination");
            assertEquals(List.of(), finished);
            try (Orthanc orthanc = downPacs.start()) {
                JobRecord delivered = awaitRecord(j -> allIn(j, Delivery.State.DELIVERED), Duration.ofSeconds(20));
                assertTrue(allIn(delivered, Delivery.State.DELIVERED), delivered.toString());
                assertEquals(1, orthanc.instancesOfSopClass(SEG).size());
                assertEquals(1, orthanc.instancesOfSopClass(RTSTRUCT).size());
                assertEquals(0, outbox.pendingDeliveries());
            }
        }
        assertEquals(List.of(), deadLetters.list(null));
        assertEquals(1, finished.size(), "told once that the job's deliveries are done");
        assertTrue(allIn(finished.get(0), Delivery.State.DELIVERED), finished.toString());
        double attempts = registry.get("livernode.export.attempts").tag("destination", "pacs").counter().count();
        double failures = registry.get("livernode.export.failures").tag("destination", "pacs").counter().count();
        assertTrue(failures >= 4, "two files failed at least twice each: " + failures);
        assertEquals(failures + 2, attempts, "every attempt counted, the last two stored");
    }

    @Test
    void aDestinationThatRefusesTheSegGetsTheRtstructAndTheSegIsDeadLettered() throws Exception {
        Path config = dir.resolve("rtstruct-only.cfg");
        Files.writeString(config, """
                [[TransferSyntaxes]]
                [Uncompressed]
                TransferSyntax1 = LocalEndianExplicit
                TransferSyntax2 = LittleEndianImplicit

                [[PresentationContexts]]
                [RtstructOnly]
                PresentationContext1 = RTStructureSetStorage\\Uncompressed

                [[Profiles]]
                [RtstructOnly]
                PresentationContexts = RtstructOnly
                """);
        try (StoreScpProcess scp = new StoreScpProcess(dir.resolve("received"), "-xf", config.toString(), "RtstructOnly")) {
            save(scp.destination().name());
            try (Outbox outbox = outbox(scp.destination(), Duration.ofMinutes(5))) {
                outbox.deliver(jobId);
                JobRecord done = awaitRecord(j -> !j.hasPendingDeliveries(), Duration.ofSeconds(20));
                Delivery seg = done.deliveries().stream().filter(d -> d.file().startsWith("seg-")).findFirst().orElseThrow();
                Delivery other = done.deliveries().stream().filter(d -> d.file().startsWith("rtstruct-")).findFirst().orElseThrow();
                assertEquals(Delivery.State.DEAD, seg.state(), done.toString());
                assertEquals(1, seg.attempts(), "a refused SOP class is not retried");
                assertTrue(seg.lastError().contains("refused"), seg.lastError());
                assertEquals(Delivery.State.DELIVERED, other.state(), done.toString());
                assertEquals(1, scp.received().size(), scp.output());
            }
            List<DeadLetters.Letter> letters = deadLetters.list(null);
            assertEquals(1, letters.size());
            assertTrue(letters.get(0).file().getFileName().toString().startsWith("seg-"));
            assertTrue(Files.readString(letters.get(0).file().resolveSibling(letters.get(0).file().getFileName() + ".reason.txt"))
                    .contains("refused"));
        }
    }

    /** Gives the job's deliveries to a PACS that is down up: both results dead-lettered, the record saying DEAD. */
    private void deadLetterBoth(Destination pacs) throws Exception {
        save("pacs");
        try (Outbox outbox = outbox(pacs, Duration.ofSeconds(1))) {
            outbox.deliver(jobId);
            JobRecord dead = awaitRecord(j -> allIn(j, Delivery.State.DEAD), Duration.ofSeconds(20));
            assertTrue(allIn(dead, Delivery.State.DEAD), dead.toString());
            assertTrue(dead.deliveries().get(0).attempts() >= 2, "retried before giving up");
        }
        assertEquals(2, deadLetters.list("pacs").size());
    }

    private Path config(String yaml) throws Exception {
        Path config = dir.resolve("livernode.yaml");
        Files.writeString(config, yaml);
        return config;
    }

    /** Runs the command line as main does; returns its exit code, and what it printed on stdout and stderr. */
    private static String[] cli(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            StringWriter err = new StringWriter();
            picocli.CommandLine cli = org.livernode.cli.LivernodeCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new String[] {Integer.toString(code), out.toString(java.nio.charset.StandardCharsets.UTF_8), err.toString()};
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void aResendFiledWhileTheNodeIsDownIsDeliveredByTheOutboxWhenItStarts() throws Exception {
        Destination pacs = downPacs.destination("pacs");
        deadLetterBoth(pacs);
        Path config = config("""
                node: { spoolDir: %s }
                destinations:
                  - { name: pacs, aeTitle: %s, host: 127.0.0.1, port: %d }
                """.formatted(dir, Orthanc.AE_TITLE, downPacs.dicomPort()));
        String[] resend = cli("resend", "--config", config.toString());
        assertEquals("0", resend[0], resend[2]);
        for (String output : outputs) {
            assertTrue(resend[1].contains("requeued: " + output + " to pacs (job " + jobId + ")"), resend[1]);
        }
        assertTrue(allIn(store.find(jobId).orElseThrow(), Delivery.State.DEAD), "the command writes no job record");
        assertEquals(2, deadLetters.list("pacs").size(), "the letters wait for the outbox");
        double attemptsBefore = registry.get("livernode.export.attempts").tag("destination", "pacs").counter().count();

        try (Orthanc orthanc = downPacs.start();
             Outbox restarted = outbox(pacs, Duration.ofMinutes(5))) {
            restarted.resume();
            JobRecord delivered = awaitRecord(j -> allIn(j, Delivery.State.DELIVERED), Duration.ofSeconds(20));
            assertTrue(allIn(delivered, Delivery.State.DELIVERED), delivered.toString());
            assertTrue(delivered.deliveries().stream().allMatch(d -> d.attempts() == 1), "attempts counted afresh: " + delivered);
            assertEquals(1, orthanc.instancesOfSopClass(SEG).size());
            assertEquals(1, orthanc.instancesOfSopClass(RTSTRUCT).size());
            assertEquals(0, restarted.pendingDeliveries());
        }
        assertEquals(List.of(), deadLetters.list(null));
        try (var requests = Files.list(dir.resolve("resend"))) {
            assertEquals(List.of(), requests.toList(), "the request is gone once taken up");
        }
        assertEquals(2, finished.size(), "told when the deliveries were given up, and again when they were delivered");
        assertTrue(allIn(finished.get(1), Delivery.State.DELIVERED), finished.toString());
        assertEquals(attemptsBefore + 2, registry.get("livernode.export.attempts").tag("destination", "pacs").counter().count());
    }

    @Test
    void aResendThroughTheRunningNodeLeavesRecordDeadLettersAuditLogAndMetricsInAgreement() throws Exception {
        int nodeHttpPort = FreePort.find();
        deadLetterBoth(downPacs.destination("pacs"));
        Path config = config(NodeYaml.node(FreePort.find(), dir, TestModels.BAND) + """
                destinations:
                  - { name: pacs, aeTitle: %s, host: 127.0.0.1, port: %d }
                http: { bindAddress: 127.0.0.1, port: %d }
                """.formatted(Orthanc.AE_TITLE, downPacs.dicomPort(), nodeHttpPort));
        try (Orthanc orthanc = downPacs.start();
             NodeProcess node = NodeProcess.start(config, dir.resolve("node.log"))) {
            String[] resend = cli("resend", "--config", config.toString(), "--wait", "60");
            assertEquals("0", resend[0], resend[2] + node.tail(0));
            assertTrue(resend[1].contains("resent 2 of 2 dead-lettered result(s)"), resend[1]);
            assertEquals(1, orthanc.instancesOfSopClass(SEG).size());
            assertEquals(1, orthanc.instancesOfSopClass(RTSTRUCT).size());

            JobRecord job = store.find(jobId).orElseThrow();
            assertTrue(allIn(job, Delivery.State.DELIVERED), job.toString());
            assertTrue(job.deliveries().stream().allMatch(d -> d.attempts() == 1 && d.lastError() == null), job.toString());
            assertEquals(List.of(), deadLetters.list(null), "the letters were moved back");

            List<JsonNode> finishedLines = JsonLines.read(dir.resolve("audit.jsonl")).stream()
                    .filter(l -> l.get("event").asText().equals("deliveries")).toList();
            assertEquals(1, finishedLines.size(), finishedLines.toString());
            assertEquals(jobId, finishedLines.get(0).get("jobId").asText());
            for (JsonNode delivery : finishedLines.get(0).get("deliveries")) {
                assertEquals("DELIVERED", delivery.get("state").asText(), delivery.toString());
                assertEquals(1, delivery.get("attempts").asInt(), delivery.toString());
            }

            HttpResponse<String> scrape = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodeHttpPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scrape.statusCode());
            assertEquals(2, sample(scrape.body(), "livernode_export_attempts_total{destination=\"pacs\"}"), "SEG and RTSTRUCT, once each");
            assertEquals(0, sample(scrape.body(), "livernode_export_failures_total{destination=\"pacs\"}"));
            assertEquals(0, sample(scrape.body(), "livernode_outbox_pending"));
        }
    }

    /** The value of one sample of a Prometheus text exposition, named as written ("name{label=\"value\"}"). */
    private static double sample(String exposition, String key) {
        return exposition.lines().filter(l -> l.startsWith(key + " ")).map(l -> Double.parseDouble(l.substring(key.length() + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + key + " in /metrics:\n" + exposition));
    }

    @Test
    void aHeldResultStaysHeldThroughARestartAndIsDeliveredOnceReleased() throws Exception {
        Destination pacs = downPacs.destination("pacs");
        saveHeld();
        try (Orthanc orthanc = downPacs.start()) {
            try (Outbox first = outbox(pacs, Duration.ofMinutes(5))) {
                first.resume();
                Thread.sleep(Outbox.RESEND_POLL.toMillis() * 2); // a pending result would have been sent by now
                assertEquals(0, first.pendingDeliveries(), "held results are not pending");
            }
            JobRecord afterRestart = store.find(jobId).orElseThrow();
            assertTrue(allIn(afterRestart, Delivery.State.HELD), "the record on disk still says HELD: " + afterRestart);
            assertEquals(0, orthanc.instancesOfSopClass(SEG).size() + orthanc.instancesOfSopClass(RTSTRUCT).size(), "nothing sent while held");

            try (Outbox second = outbox(pacs, Duration.ofMinutes(5))) {
                second.resume();
                assertTrue(allIn(store.find(jobId).orElseThrow(), Delivery.State.HELD), "still held after the restart, until released");
                decide(OperatorRequests.Action.RELEASE);
                JobRecord delivered = awaitRecord(j -> allIn(j, Delivery.State.DELIVERED), Duration.ofSeconds(20));
                assertTrue(allIn(delivered, Delivery.State.DELIVERED), delivered.toString());
                assertTrue(delivered.deliveries().stream().allMatch(d -> d.attempts() == 1), delivered.toString());
                assertEquals(1, orthanc.instancesOfSopClass(SEG).size());
                assertEquals(1, orthanc.instancesOfSopClass(RTSTRUCT).size());
            }
        }
        assertEquals(1, finished.size(), "told once that the job's deliveries are done");
        assertTrue(allIn(finished.get(0), Delivery.State.DELIVERED), finished.toString());
    }

    @Test
    void aDiscardedResultIsNeverSentNotEvenWhenReleasedAfterwards() throws Exception {
        saveHeld();
        try (Orthanc orthanc = downPacs.start();
             Outbox outbox = outbox(downPacs.destination("pacs"), Duration.ofMinutes(5))) {
            outbox.resume();
            decide(OperatorRequests.Action.DISCARD);
            JobRecord discarded = store.find(jobId).orElseThrow();
            assertTrue(allIn(discarded, Delivery.State.DISCARDED), discarded.toString());
            assertTrue(discarded.deliveries().stream().allMatch(d -> d.attempts() == 0
                    && d.lastError().equals("discarded by an operator after review")), discarded.toString());

            decide(OperatorRequests.Action.RELEASE);
            Thread.sleep(Outbox.RESEND_POLL.toMillis()); // a released result would have been sent by now
            assertTrue(allIn(store.find(jobId).orElseThrow(), Delivery.State.DISCARDED), "a discarded result cannot be released");
            assertEquals(0, orthanc.instancesOfSopClass(SEG).size() + orthanc.instancesOfSopClass(RTSTRUCT).size(), "nothing sent");
            assertEquals(0, outbox.pendingDeliveries());
        }
    }

    @Test
    void aRestartResumesPendingDeliveries() throws Exception {
        Destination pacs = downPacs.destination("pacs");
        try (Outbox first = outbox(pacs, Duration.ofMinutes(5))) {
            JobRecord tried = deliverWhileDown(first, 1);
            assertTrue(tried.deliveries().get(0).attempts() >= 1 && allIn(tried, Delivery.State.PENDING), tried.toString());
        }
        try (Orthanc orthanc = downPacs.start();
             Outbox second = outbox(pacs, Duration.ofMinutes(5))) {
            second.resume();
            JobRecord delivered = awaitRecord(j -> allIn(j, Delivery.State.DELIVERED), Duration.ofSeconds(20));
            assertTrue(allIn(delivered, Delivery.State.DELIVERED), delivered.toString());
            assertEquals(1, orthanc.instancesOfSopClass(SEG).size());
        }
    }
}
