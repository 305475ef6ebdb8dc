package org.livernode.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.inference.OnnxSegmenter;
import org.livernode.metrics.NodeMetrics;
import org.livernode.output.OutputType;
import org.livernode.output.seg.EmptyFrames;
import org.livernode.pipeline.NodeIdentity;
import org.livernode.pipeline.SeriesProcessor;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.Orthanc;
import org.livernode.testing.StoreScpProcess;
import org.livernode.testing.TestModels;

/**
 * The outbox against real peers: a PACS that is down and comes back, one that refuses the SEG SOP class, one
 * that never comes back (dead letter, then resend), and a restart with deliveries pending.
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
        List<Path> ct = new CtPhantom().slices(6).matrix(48, 48).write(dir.resolve("ct"));
        jobId = "1.2.3-0123456789abcdef";
        Path folder = store.folder(jobId);
        try (OnnxSegmenter segmenter = OnnxSegmenter.open(TestModels.BAND, "cpu")) {
            new SeriesProcessor(segmenter, new NodeIdentity("test", "LIVERNODE"), EmptyFrames.OMIT,
                    Set.of(OutputType.SEG, OutputType.RTSTRUCT)).process(ct, folder);
        }
        try (var files = Files.list(folder)) {
            outputs = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(2, outputs.size(), outputs.toString());
    }

    private void save(String destination) throws Exception {
        Instant now = Instant.now();
        List<Delivery> deliveries = new ArrayList<>();
        outputs.forEach(o -> deliveries.add(Delivery.pending(destination, o, now)));
        store.save(new JobRecord(jobId, "1.2.3", "0123456789abcdef", 6, JobRecord.Outcome.PROCESSED, "", now, outputs, deliveries,
                "hu-band 1", List.of("default")));
    }

    private Outbox outbox(Destination destination, Duration giveUpAfter) {
        return new Outbox(store, List.of(destination), new StorageScu("LIVERNODE", Duration.ofSeconds(2), Duration.ofSeconds(10)),
                new ExponentialBackoff(Duration.ofMillis(200), Duration.ofMillis(800)), giveUpAfter, deadLetters, Clock.systemUTC(),
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

    @Test
    void givenUpResultsAreDeadLetteredAndTheResendCommandDeliversThem() throws Exception {
        save("pacs");
        try (Outbox outbox = outbox(downPacs.destination("pacs"), Duration.ofSeconds(1))) {
            outbox.deliver(jobId);
            JobRecord dead = awaitRecord(j -> allIn(j, Delivery.State.DEAD), Duration.ofSeconds(20));
            assertTrue(allIn(dead, Delivery.State.DEAD), dead.toString());
            assertTrue(dead.deliveries().get(0).attempts() >= 2, "retried before giving up");
        }
        assertEquals(2, deadLetters.list("pacs").size());

        Path config = dir.resolve("livernode.yaml");
        Files.writeString(config, """
                node: { spoolDir: %s }
                destinations:
                  - { name: pacs, aeTitle: %s, host: 127.0.0.1, port: %d }
                """.formatted(dir, Orthanc.AE_TITLE, downPacs.dicomPort()));
        try (Orthanc orthanc = downPacs.start()) {
            StringWriter err = new StringWriter();
            picocli.CommandLine cli = org.livernode.cli.LivernodeCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            assertEquals(0, cli.execute("resend", "--config", config.toString()), err.toString());
            assertEquals(1, orthanc.instancesOfSopClass(SEG).size());
            assertEquals(1, orthanc.instancesOfSopClass(RTSTRUCT).size());
            assertEquals(List.of(), deadLetters.list(null));
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
