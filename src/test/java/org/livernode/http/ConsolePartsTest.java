package org.livernode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.livernode.config.ConfigException;
import org.livernode.config.ConfigLoader;
import org.livernode.config.LivernodeConfig;
import org.livernode.export.Destination;

/** The console's smaller parts: URL parsing, the echo cache, stage timings from the audit log, the token's configuration. */
class ConsolePartsTest {

    @Test
    void apiPathsAreSplitIntoPercentDecodedSegments() {
        assertEquals(List.of("jobs"), Console.segments("/api/jobs"));
        assertEquals(List.of("jobs", "1.2.3-0123456789abcdef", "preview.png"), Console.segments("/api/jobs/1.2.3-0123456789abcdef/preview.png"));
        assertEquals(List.of("dead-letters", "pacs/1.2-0123456789abcdef/seg-1.2.dcm", "resend"),
                Console.segments("/api/dead-letters/pacs%2F1.2-0123456789abcdef%2Fseg-1.2.dcm/resend"), "an encoded slash stays in its segment");
        assertEquals(List.of("dead-letters", "a+b"), Console.segments("/api/dead-letters/a+b"), "a plus is a plus in a path");
        assertEquals(List.of(), Console.segments("/api/"));
    }

    @Test
    void theJobListLimitIsANumberInRange() {
        assertEquals(Optional.of(Console.DEFAULT_JOBS), Console.limit(null));
        assertEquals(Optional.of(Console.DEFAULT_JOBS), Console.limit("other=1"));
        assertEquals(Optional.of(10), Console.limit("limit=10"));
        assertEquals(Optional.of(Console.MAX_JOBS), Console.limit("limit=" + Console.MAX_JOBS));
        for (String bad : List.of("limit=0", "limit=-1", "limit=abc", "limit=", "limit=1001", "limit=99999999999")) {
            assertEquals(Optional.empty(), Console.limit(bad), bad);
        }
    }

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-04T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void destinationsAreEchoedAgainOnlyWhenTheLastResultsAreOld() {
        Destination pacs = new Destination("pacs", "PACS", "127.0.0.1", 104);
        Destination down = new Destination("down", "DOWN", "127.0.0.1", 105);
        AtomicInteger echoes = new AtomicInteger();
        TestClock clock = new TestClock();
        DestinationEchoes cache = new DestinationEchoes(List.of(pacs, down), d -> {
            echoes.incrementAndGet();
            if (d == down) {
                throw new IOException("Connection refused");
            }
            return 0;
        }, clock);
        List<DestinationEchoes.Result> first = cache.results();
        assertEquals(2, echoes.get());
        assertTrue(first.get(0).reachable());
        assertEquals("", first.get(0).error());
        assertFalse(first.get(1).reachable());
        assertEquals("Connection refused", first.get(1).error());
        clock.now = clock.now.plus(DestinationEchoes.MAX_AGE).minusMillis(1);
        assertEquals(first, cache.results(), "fresh enough: the same results");
        assertEquals(2, echoes.get());
        clock.now = clock.now.plusMillis(1);
        cache.results();
        assertEquals(4, echoes.get(), "old: echoed again");
    }

    @Test
    void whileOneRequestEchoesTheOthersGetThePreviousResultsAtOnce() throws Exception {
        Destination pacs = new Destination("pacs", "PACS", "127.0.0.1", 104);
        CountDownLatch echoing = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        DestinationEchoes cache = new DestinationEchoes(List.of(pacs), d -> {
            echoing.countDown();
            answer.await();
            return 0;
        }, new TestClock());
        ExecutorService first = Executors.newSingleThreadExecutor();
        try {
            Future<List<DestinationEchoes.Result>> checked = first.submit(cache::results);
            assertTrue(echoing.await(30, TimeUnit.SECONDS));
            List<DestinationEchoes.Result> meanwhile = cache.results();
            assertFalse(meanwhile.get(0).reachable());
            assertEquals("not checked yet", meanwhile.get(0).error());
            assertEquals(null, meanwhile.get(0).checkedAt());
            answer.countDown();
            assertTrue(checked.get(30, TimeUnit.SECONDS).get(0).reachable());
            assertTrue(cache.results().get(0).reachable(), "the check's results, kept");
        } finally {
            first.shutdownNow();
        }
    }

    @Test
    void aNonZeroEchoStatusIsNotReachable() {
        DestinationEchoes cache = new DestinationEchoes(List.of(new Destination("pacs", "PACS", "127.0.0.1", 104)), d -> 0x0110, new TestClock());
        assertEquals("C-ECHO status 0x0110", cache.results().get(0).error());
        assertFalse(cache.results().get(0).reachable());
    }

    @Test
    void stageTimingsComeFromTheLatestJobLineOfEachJob() {
        String log = """
                {"time":"t","event":"association","callingAeTitle":"CT1"}
                {"time":"t","event":"job","jobId":"a","stageMillis":{"assemble":5,"inference":100}}
                {"time":"t","event":"job","jobId":"b","stageMillis":{}}
                {"time":"t","event":"job","jobId":"a","stageMillis":{"assemble":6,"inference":90}}
                {"time":"t","event":"job","jobId":"c","stageMill""";
        Map<String, Map<String, Long>> times = StageTimings.parse(log);
        assertEquals(Map.of("assemble", 6L, "inference", 90L), times.get("a"), "a re-run's line wins");
        assertEquals(Map.of(), times.get("b"));
        assertFalse(times.containsKey("c"), "a line cut short is skipped");
    }

    private static final String NODE = """
            node: { aeTitle: LIVERNODE, port: 11112, spoolDir: /tmp/spool }
            inference: { model: models/liver.onnx }
            """;

    @Test
    void theAdminTokenIsOptionalAndMustBeLongAndPrintable() throws Exception {
        LivernodeConfig.Http http = ConfigLoader.parse(NODE + "http: { port: 8080 }\n", "test").http().orElseThrow();
        assertEquals("127.0.0.1", http.bindAddress(), "this host only unless told otherwise");
        assertEquals(Optional.empty(), http.adminToken());
        String token = "0123456789abcdef0123456789abcdef";
        LivernodeConfig.Http withToken = ConfigLoader.parse(NODE + "http: { port: 8080, adminToken: " + token + " }\n", "test").http().orElseThrow();
        assertEquals(Optional.of(token), withToken.adminToken());
        assertEquals("Http[bindAddress=127.0.0.1, port=8080, adminToken=(set)]", withToken.toString(), "the token never printed");
        ConfigException shortToken = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(NODE + "http: { port: 8080, adminToken: secret }\n", "test"));
        assertTrue(shortToken.getMessage().contains("http.adminToken must be at least 32 printable ASCII characters"), shortToken.getMessage());
        assertThrows(ConfigException.class, () -> ConfigLoader.parse(NODE + "http: { port: 8080, adminToken: \"" + token + " x\" }\n", "test"));
    }
}
