package org.livernode.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.audit.AuditLog;
import org.livernode.metrics.NodeMetrics;
import org.livernode.spool.Spool;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;

/** Retention on a real spool on disk: what goes, what stays, and purges a crash interrupted. */
class RetentionTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final Instant OLD = NOW.minus(Duration.ofDays(100));
    static final Instant RECENT = NOW.minus(Duration.ofHours(1));
    static final RetentionConfig DEFAULTS = new RetentionConfig(Duration.ofHours(72), Duration.ofDays(30),
            Duration.ofDays(30), OptionalLong.empty(), Duration.ofMinutes(10));

    @TempDir
    Path dir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Set<String> inFlight = new HashSet<>();

    private Retention retention(SpoolFixture spool, RetentionConfig config, AuditLog audit) throws Exception {
        return new Retention(Spool.open(spool.state.root()), spool.jobs, config, () -> Set.copyOf(inFlight), new NodeMetrics(registry), audit,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private double counted(String name, String kind) {
        return registry.get(name).tag("kind", kind).counter().count();
    }

    @Test
    void deletesDeliveredOldSeriesWithTheirOutputsAndNothingElse() throws Exception {
        SpoolFixture spool = new SpoolFixture(dir.resolve("spool"));
        JobRecord delivered = spool.processed("1.1", 3, OLD, Delivery.State.DELIVERED, Delivery.State.DELIVERED);
        spool.processed("1.2", 3, OLD, Delivery.State.PENDING);
        JobRecord dead = spool.processed("1.3", 3, OLD, Delivery.State.DEAD);
        Path letter = spool.deadLetter(dead, NOW.minus(Duration.ofDays(2)));
        spool.processed("1.4", 3, RECENT, Delivery.State.DELIVERED);
        spool.series("1.5", 3, 1000, OLD);
        spool.processed("1.6", 3, OLD, Delivery.State.DELIVERED);
        inFlight.add("1.6");
        JobRecord expiredLetterJob = spool.processed("1.7", 2, OLD, Delivery.State.DEAD);
        Path expiredLetter = spool.deadLetter(expiredLetterJob, NOW.minus(Duration.ofDays(31)));
        Path oldFailed = spool.failedFile("instance-1-1.dcm", NOW.minus(Duration.ofDays(31)));
        Path newFailed = spool.failedFile("instance-1-2.dcm", NOW.minus(Duration.ofDays(1)));
        List<String> recordsBefore = SpoolFixture.files(spool.state.jobs()).stream().filter(f -> f.endsWith("job.json")).toList();
        Path auditFile = dir.resolve("audit.jsonl");

        RetentionPlan plan;
        try (AuditLog audit = AuditLog.open(auditFile, Clock.fixed(NOW, ZoneOffset.UTC))) {
            plan = retention(spool, DEFAULTS, audit).runRound();
        }

        assertEquals(List.of("1.2", "1.3", "1.4", "1.5", "1.6"), Spool.open(spool.state.root()).seriesInstanceUids(),
                "the delivered old series and the one whose dead letter expired are gone");
        for (String kept : List.of("1.2", "1.3", "1.4", "1.5", "1.6")) {
            assertEquals(3, SpoolFixture.files(spool.state.series().resolve(kept)).size(), kept + " is whole");
        }
        assertEquals(List.of("job.json"), SpoolFixture.files(spool.state.jobs().resolve(delivered.jobId())), "outputs gone, record kept");
        assertEquals(List.of("job.json"), SpoolFixture.files(spool.state.jobs().resolve(expiredLetterJob.jobId())));
        assertEquals(recordsBefore, SpoolFixture.files(spool.state.jobs()).stream().filter(f -> f.endsWith("job.json")).toList(),
                "every job record stays");
        assertEquals(2, SpoolFixture.files(spool.state.jobs().resolve(dead.jobId())).size(), "the dead letter's job keeps its output");
        assertTrue(Files.isDirectory(letter));
        assertFalse(Files.exists(expiredLetter));
        assertFalse(Files.exists(oldFailed));
        assertTrue(Files.exists(newFailed));
        assertEquals(List.of(), SpoolFixture.files(spool.state.purging()), "nothing left half-way");
        assertEquals(Set.of("1.1", "1.7"), plan.series().stream().map(RetentionPlan.SeriesPurge::seriesInstanceUid).collect(Collectors.toSet()));

        assertEquals(2, counted("livernode.retention.purged", "series"));
        assertEquals(3000 + 2 * 2000 + 2000 + 2000, counted("livernode.retention.purged.bytes", "series"));
        assertEquals(1, counted("livernode.retention.purged", "dead_letter"));
        assertEquals(1, counted("livernode.retention.purged", "failed_file"));
        assertEquals(300, counted("livernode.retention.purged.bytes", "failed_file"));
        assertEquals(0, registry.get("livernode.retention.blocked").gauge().value());

        List<String> lines = Files.readAllLines(auditFile);
        assertEquals(1, lines.size());
        JsonNode line = new ObjectMapper().readTree(lines.get(0));
        assertEquals("retention", line.path("event").asText());
        assertEquals(Set.of("1.1", "1.7"), Set.of(line.path("seriesInstanceUids").path(0).asText(), line.path("seriesInstanceUids").path(1).asText()));
        assertEquals(1, line.path("failedFiles").asInt());
        assertEquals(1, line.path("deadLetters").asInt());
        assertEquals(0, line.path("overLimitBytes").asLong());
    }

    @Test
    void aRoundWithNothingToDoWritesNoAuditLine() throws Exception {
        SpoolFixture spool = new SpoolFixture(dir.resolve("spool"));
        spool.processed("1.1", 3, RECENT, Delivery.State.DELIVERED);
        Path auditFile = dir.resolve("audit.jsonl");
        try (AuditLog audit = AuditLog.open(auditFile, Clock.systemUTC())) {
            assertTrue(retention(spool, DEFAULTS, audit).runRound().isEmpty());
        }
        assertEquals(List.of(), Files.readAllLines(auditFile));
    }

    @Test
    void aboveTheLimitTheExcessThatMustStayIsInTheGauge() throws Exception {
        SpoolFixture spool = new SpoolFixture(dir.resolve("spool"));
        spool.processed("1.1", 3, RECENT, Delivery.State.DELIVERED);
        spool.processed("1.2", 20, RECENT, Delivery.State.PENDING);
        RetentionConfig limited = new RetentionConfig(Duration.ofHours(72), Duration.ofDays(30), Duration.ofDays(30),
                OptionalLong.of(10_000), Duration.ofMinutes(10));
        Path auditFile = dir.resolve("audit.jsonl");
        try (AuditLog audit = AuditLog.open(auditFile, Clock.systemUTC())) {
            RetentionPlan plan = retention(spool, limited, audit).runRound();
            assertEquals(List.of("1.1"), plan.series().stream().map(RetentionPlan.SeriesPurge::seriesInstanceUid).toList(),
                    "young, but delivered and the spool is above its limit");
            long left = Spool.open(spool.state.root()).bytes();
            assertTrue(left > 20_000, "the undelivered series stays: " + left);
            assertEquals(left - 10_000, registry.get("livernode.retention.blocked").gauge().value(), 1000,
                    "the excess, as the round's start measured it less what it deleted");
        }
        assertFalse(Files.exists(spool.state.series().resolve("1.1")));
        JsonNode line = new ObjectMapper().readTree(Files.readAllLines(auditFile).get(0));
        assertTrue(line.path("overLimitBytes").asLong() > 10_000);
    }

    @Test
    void aSeriesThatChangedSinceThePlanIsNotMoved() throws Exception {
        SpoolFixture spool = new SpoolFixture(dir.resolve("spool"));
        spool.series("1.1", 3, 100, OLD);
        Spool opened = Spool.open(spool.state.root());
        Path target = Files.createDirectories(spool.state.purging()).resolve("x");
        assertFalse(opened.moveSeriesOut("1.1", version -> version.instances().size() == 4, target));
        assertEquals(3, SpoolFixture.files(spool.state.series().resolve("1.1")).size());
        assertFalse(opened.moveSeriesOut("1.9", version -> true, target), "no such series");
        assertTrue(opened.moveSeriesOut("1.1", version -> version.instances().size() == 3, target));
        assertEquals(List.of(), opened.seriesInstanceUids());
        assertEquals(3, SpoolFixture.files(target).size());
    }

    @Test
    void finishesCommittedPurgesAtStartAndDropsThoseThatHadNotBegun() throws Exception {
        SpoolFixture spool = new SpoolFixture(dir.resolve("spool"));
        // Committed: the series folder was moved in and half its files deleted when the node died.
        JobRecord committed = spool.processed("1.1", 4, OLD, Delivery.State.DELIVERED);
        Path done = Files.createDirectories(spool.state.purging().resolve("1-1"));
        Files.writeString(done.resolve(Retention.OUTPUTS), committed.jobId() + "/" + committed.outputs().get(0) + "\n");
        Files.move(spool.state.series().resolve("1.1"), done.resolve(Retention.SERIES));
        Files.delete(done.resolve(Retention.SERIES).resolve("1.1.1.dcm"));
        Files.delete(done.resolve(Retention.SERIES).resolve("1.1.2.dcm"));
        // Not begun: only the list was written; its series is still in series/.
        JobRecord notBegun = spool.processed("1.2", 2, OLD, Delivery.State.DELIVERED);
        Path begun = Files.createDirectories(spool.state.purging().resolve("1-2"));
        Files.writeString(begun.resolve(Retention.OUTPUTS), notBegun.jobId() + "/" + notBegun.outputs().get(0) + "\n");
        // A dead letter moved in.
        JobRecord dead = spool.processed("1.3", 1, OLD, Delivery.State.DEAD);
        Path letter = spool.deadLetter(dead, OLD);
        Path movedLetter = Files.createDirectories(spool.state.purging().resolve("1-3"));
        Files.move(letter, movedLetter.resolve(Retention.DEAD_LETTER));
        // A list naming what is not an output is not followed.
        Path hostile = Files.createDirectories(spool.state.purging().resolve("1-4"));
        Files.writeString(hostile.resolve(Retention.OUTPUTS), notBegun.jobId() + "/job.json\n../series/1.2/1.2.1.dcm\n");
        Files.createDirectories(hostile.resolve(Retention.SERIES));

        try (AuditLog audit = AuditLog.open(dir.resolve("audit.jsonl"), Clock.systemUTC())) {
            retention(spool, DEFAULTS, audit).finishInterruptedPurges();
        }

        assertEquals(List.of(), SpoolFixture.files(spool.state.purging()));
        try (Stream<Path> left = Files.list(spool.state.purging())) {
            assertEquals(List.of(), left.toList(), "no purge folder left");
        }
        assertEquals(List.of("job.json"), SpoolFixture.files(spool.state.jobs().resolve(committed.jobId())));
        assertEquals(List.of("1.2.1.dcm", "1.2.2.dcm"), SpoolFixture.files(spool.state.series().resolve("1.2")), "not begun: left whole");
        assertEquals(List.of("job.json", notBegun.outputs().get(0)), SpoolFixture.files(spool.state.jobs().resolve(notBegun.jobId())));
        assertEquals(List.of("1.2", "1.3"), Spool.open(spool.state.root()).seriesInstanceUids());
        assertEquals(3, spool.jobs.all().size(), "every record stays");
    }
}
