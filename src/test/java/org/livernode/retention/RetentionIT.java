package org.livernode.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.FreePort;
import org.livernode.testing.NodeProcess;
import org.livernode.testing.NodeYaml;
import org.livernode.testing.StoreScpProcess;
import org.livernode.testing.Storescu;
import org.livernode.testing.TestModels;

/**
 * Retention in the node as operators run it, in its own JVM: {@code maxSpoolGiB} deletes a delivered series at once
 * and reports what it may not delete; and a kill -9 in the middle of a purge round leaves a spool that the restarted
 * node finishes cleaning, without processing anything again or losing undelivered work.
 */
class RetentionIT {
    static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private static List<String> seriesIn(Path spool) throws Exception {
        try (Stream<Path> folders = Files.list(spool.resolve("series"))) {
            return folders.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static List<Path> purgeFolders(Path spool) throws Exception {
        Path purging = spool.resolve("purging");
        if (!Files.isDirectory(purging)) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(purging)) {
            return folders.sorted().toList();
        }
    }

    /** Polls {@code condition} until it holds, failing with {@code what} after {@link #WAIT}. */
    private static void await(String what, Check condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " within " + WAIT);
            }
            Thread.sleep(50);
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    /** {@code <name>.yaml}: a node on {@code port} keeping {@code spool}, series complete after 1 s idle, SEG made, and {@code rest}. */
    private Path config(String name, int port, Path spool, String rest) throws IOException {
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, NodeYaml.node(port, spool, TestModels.BAND) + """
                series: { idleTimeoutSeconds: 1 }
                outputs: [seg]
                """ + rest);
        return config;
    }

    private static Optional<JobRecord> jobOf(Path spool, String seriesInstanceUid) throws Exception {
        return JobStore.open(spool.resolve("jobs")).all().stream().filter(j -> j.seriesInstanceUid().equals(seriesInstanceUid)).findFirst();
    }

    private static double metric(int httpPort, String name) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in /metrics:\n" + body));
    }

    @Test
    void aboveMaxSpoolTheDeliveredSeriesGoesAndWhatMustStayIsReported() throws Exception {
        Path spool = dir.resolve("limit-spool");
        int httpPort = FreePort.find();
        CtPhantom delivered = new CtPhantom().slices(20).matrix(64, 64);
        CtPhantom undelivered = new CtPhantom().slices(20).matrix(64, 64);
        try (StoreScpProcess pacs = new StoreScpProcess(dir.resolve("pacs"))) {
            int port = FreePort.find();
            Path config = config("limit", port, spool, """
                    destinations:
                      - { name: pacs, aeTitle: %s, host: 127.0.0.1, port: %d }
                      - { name: offline, aeTitle: NOBODY, host: 127.0.0.1, port: %d }
                    rules:
                      - { name: to-pacs, match: { callingAeTitle: CT1 }, send: [{ destination: pacs, outputs: [seg] }] }
                      - { name: to-offline, match: { callingAeTitle: CT2 }, send: [{ destination: offline, outputs: [seg] }] }
                    http: { port: %d }
                    retention: { maxSpoolGiB: 0.0001, intervalMinutes: 0.01 }
                    """.formatted(StoreScpProcess.AE_TITLE, pacs.port, FreePort.find(), httpPort));
            try (NodeProcess node = NodeProcess.start(config, dir.resolve("limit.log"))) {
                ExternalProgram.Result sent = Storescu.send(port, "CT1", "LIVERNODE", delivered.write(dir.resolve("delivered")), 120);
                assertTrue(sent.succeeded(), sent.output());
                sent = Storescu.send(port, "CT2", "LIVERNODE", undelivered.write(dir.resolve("undelivered")), 120);
                assertTrue(sent.succeeded(), sent.output());

                await("the delivered series was not deleted", () -> !seriesIn(spool).contains(delivered.seriesInstanceUid()));
                JobRecord job = jobOf(spool, delivered.seriesInstanceUid()).orElseThrow();
                assertTrue(job.deliveries().stream().allMatch(d -> d.state() == Delivery.State.DELIVERED), job.toString());
                assertEquals(1, pacs.received().size(), "delivered before it went: " + pacs.output());
                assertEquals(List.of("job.json"), SpoolFixture.files(spool.resolve("jobs").resolve(job.jobId())), "its output went with it");

                await("the spool was not reported above its limit", () -> node.tail(0).contains("nothing more may be deleted"));
                assertTrue(metric(httpPort, "livernode_retention_blocked_bytes") > 0);
                assertEquals(1, metric(httpPort, "livernode_retention_purged_total{kind=\"series\"}"));
                assertEquals(List.of(undelivered.seriesInstanceUid()), seriesIn(spool), "the undelivered series stays");
                assertEquals(20, SpoolFixture.files(spool.resolve("series").resolve(undelivered.seriesInstanceUid())).size());
                assertTrue(jobOf(spool, undelivered.seriesInstanceUid()).orElseThrow().hasPendingDeliveries());
                assertTrue(Files.readString(spool.resolve("audit.jsonl")).contains("\"event\":\"retention\""));
            }
        }
    }

    @Test
    void killedInTheMiddleOfAPurgeTheRestartedNodeFinishesItAndLosesNothing() throws Exception {
        Path spool = dir.resolve("crash-spool");
        SpoolFixture fixture = new SpoolFixture(spool);
        Instant old = Instant.now().minus(Duration.ofDays(10));
        // Many series of many files, so that the kill lands while the round is under way.
        int seriesCount = 300;
        int instances = 40;
        List<String> deliveredSeries = new ArrayList<>();
        for (int i = 1; i <= seriesCount; i++) {
            String uid = "2.25.1." + i;
            fixture.processed(uid, instances, old, Delivery.State.DELIVERED);
            deliveredSeries.add(uid);
        }
        String pendingUid = "2.25.2.1";
        JobRecord pending = fixture.processed(pendingUid, instances, old, Delivery.State.PENDING);
        Map<String, JobRecord> recordsBefore = fixture.jobs.all().stream().collect(Collectors.toMap(JobRecord::jobId, Function.identity()));

        try (StoreScpProcess storescp = new StoreScpProcess(dir.resolve("storescp"))) {
            int port = FreePort.find();
            // "pacs" (the fixture's deliveries) does not answer: the pending delivery stays pending.
            Path config = config("crash", port, spool, """
                    destinations:
                      - { name: pacs, aeTitle: NOBODY, host: 127.0.0.1, port: %d }
                      - { name: storescp, aeTitle: %s, host: 127.0.0.1, port: %d }
                    retention: { intervalMinutes: 0.05 }
                    """.formatted(FreePort.find(), StoreScpProcess.AE_TITLE, storescp.port));
            Path log = dir.resolve("crash.log");
            try (NodeProcess node = NodeProcess.start(config, log)) {
                await("no purge began", () -> purgeFolders(spool).stream().anyMatch(f -> Files.exists(f.resolve(Retention.SERIES))));
                node.kill();
            }
            List<String> left = seriesIn(spool);
            List<Path> interrupted = purgeFolders(spool);
            assertFalse(interrupted.isEmpty(), "the kill landed in the middle of the purge");
            for (String uid : left) {
                assertEquals(instances, SpoolFixture.files(spool.resolve("series").resolve(uid)).size(), uid + " is whole or gone");
            }

            long restartedAt = Files.size(log);
            try (NodeProcess restarted = NodeProcess.start(config, log)) {
                assertEquals(List.of(), purgeFolders(spool), "unfinished purges finished before the node listened");
                String startup = restarted.tail(restartedAt);
                assertTrue(startup.contains("interrupted by the last stop"), startup);
                assertFalse(startup.contains("in the spool from before the restart"), "no series was taken for a new one:\n" + startup);
                assertTrue(seriesIn(spool).contains(pendingUid));
                assertEquals(instances, SpoolFixture.files(spool.resolve("series").resolve(pendingUid)).size(), "undelivered work intact");
                assertTrue(Files.isRegularFile(spool.resolve("jobs").resolve(pending.jobId()).resolve(pending.outputs().get(0))));

                CtPhantom phantom = new CtPhantom().slices(20).matrix(64, 64);
                ExternalProgram.Result sent = Storescu.send(port, "CT1", "LIVERNODE", phantom.write(dir.resolve("new")), 120);
                assertTrue(sent.succeeded(), sent.output());
                await("the new series was not delivered", () -> storescp.received().size() == 1);
                await("the rest of the delivered series were not deleted", () -> purgeFolders(spool).isEmpty()
                        && seriesIn(spool).equals(new TreeSet<>(Set.of(pendingUid, phantom.seriesInstanceUid())).stream().toList()));
                assertEquals(1, restarted.tail(restartedAt).lines().filter(l -> l.contains("Processing ") && l.contains(" instances (job ")).count(),
                        "only the new series was processed");
            }
            Map<String, JobRecord> recordsAfter = fixture.jobs.all().stream().collect(Collectors.toMap(JobRecord::jobId, Function.identity()));
            assertEquals(seriesCount + 2, recordsAfter.size(), "every record stays, and the new series has one");
            recordsBefore.forEach((jobId, record) -> {
                JobRecord after = recordsAfter.get(jobId);
                assertEquals(record.outcome(), after.outcome(), jobId);
                assertEquals(record.deliveries().stream().map(Delivery::state).toList(), after.deliveries().stream().map(Delivery::state).toList(), jobId);
            });
            for (String uid : deliveredSeries) {
                JobRecord record = recordsBefore.values().stream().filter(r -> r.seriesInstanceUid().equals(uid)).findFirst().orElseThrow();
                assertEquals(List.of("job.json"), SpoolFixture.files(spool.resolve("jobs").resolve(record.jobId())), uid + ": outputs gone");
            }
        }
    }
}
