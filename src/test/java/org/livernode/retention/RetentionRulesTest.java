package org.livernode.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.livernode.retention.RetentionPlan.JobOutput;
import org.livernode.retention.RetentionPlan.KeepReason;
import org.livernode.retention.RetentionPlan.Kept;
import org.livernode.retention.RetentionPlan.PurgeReason;
import org.livernode.retention.RetentionPlan.SeriesPurge;
import org.livernode.retention.SpoolContents.DeadLetter;
import org.livernode.retention.SpoolContents.FailedFile;
import org.livernode.retention.SpoolContents.SeriesFolder;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;

class RetentionRulesTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    static final RetentionConfig DEFAULTS = new RetentionConfig(Duration.ofHours(72), Duration.ofDays(30),
            Duration.ofDays(30), OptionalLong.empty(), Duration.ofMinutes(10));

    private final List<SeriesFolder> folders = new ArrayList<>();
    private final List<JobRecord> jobs = new ArrayList<>();
    private final List<FailedFile> failedFiles = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    private static Instant ago(Duration age) {
        return NOW.minus(age);
    }

    /** A series folder written {@code age} ago whose current instances are job {@code uid-job}. */
    private void folder(String uid, Duration age, long bytes) {
        folders.add(new SeriesFolder(uid, uid + "-job", ago(age), bytes));
    }

    private JobRecord job(String jobId, String uid, JobRecord.Outcome outcome, Duration age, Delivery.State... deliveries) {
        List<Delivery> list = new ArrayList<>();
        for (Delivery.State state : deliveries) {
            Delivery pending = Delivery.pending("pacs", "seg-" + list.size() + ".dcm", ago(age));
            list.add(switch (state) {
                case PENDING -> pending;
                case DELIVERED -> pending.delivered(ago(age));
                case DEAD -> pending.dead(ago(age), "refused");
                case HELD -> Delivery.held("pacs", "seg-" + list.size() + ".dcm");
                case DISCARDED -> Delivery.held("pacs", "seg-" + list.size() + ".dcm").discarded("discarded by an operator after review");
            });
        }
        JobRecord job = new JobRecord(jobId, uid, "digest", 3, outcome, "", ago(age), list.stream().map(Delivery::file).toList(), list, "",
                List.of(), null);
        jobs.add(job);
        return job;
    }

    /** A series and its current job, both {@code age} old. */
    private void series(String uid, Duration age, JobRecord.Outcome outcome, Delivery.State... deliveries) {
        folder(uid, age, 1000);
        job(uid + "-job", uid, outcome, age, deliveries);
    }

    private RetentionPlan plan(RetentionConfig retention, Set<String> inFlight, long totalBytes) {
        return new RetentionRules(retention).plan(new SpoolContents(folders, failedFiles, deadLetters, totalBytes), jobs, inFlight, NOW);
    }

    private RetentionPlan plan() {
        return plan(DEFAULTS, Set.of(), 0);
    }

    private static List<String> purged(RetentionPlan plan) {
        return plan.series().stream().map(SeriesPurge::seriesInstanceUid).toList();
    }

    @Test
    void aDeliveredSeriesGoesWithItsOutputsOnceOldEnough() {
        series("1.1", Duration.ofHours(73), JobRecord.Outcome.PROCESSED, Delivery.State.DELIVERED, Delivery.State.DELIVERED);
        series("1.2", Duration.ofHours(71), JobRecord.Outcome.PROCESSED, Delivery.State.DELIVERED);
        series("1.3", Duration.ofHours(72), JobRecord.Outcome.PROCESSED);
        RetentionPlan plan = plan();
        assertEquals(List.of(new SeriesPurge("1.1", "1.1-job", List.of(new JobOutput("1.1-job", "seg-0.dcm"), new JobOutput("1.1-job", "seg-1.dcm")),
                1000, PurgeReason.DELIVERED), new SeriesPurge("1.3", "1.3-job", List.of(), 1000, PurgeReason.DELIVERED)), plan.series(),
                "old enough at exactly deliveredSeriesHours; a job without destinations has nothing to deliver");
        assertEquals(List.of(new Kept("1.2", KeepReason.YOUNG)), plan.kept());
        assertEquals(0, plan.overLimitBytes());
    }

    @Test
    void ageCountsFromTheLaterOfTheNewestInstanceAndTheNewestJob() {
        folder("1.1", Duration.ofHours(100), 10);
        job("1.1-job", "1.1", JobRecord.Outcome.PROCESSED, Duration.ofHours(71), Delivery.State.DELIVERED);
        folder("1.2", Duration.ofHours(71), 10);
        job("1.2-job", "1.2", JobRecord.Outcome.PROCESSED, Duration.ofHours(100), Delivery.State.DELIVERED);
        folder("1.3", Duration.ofHours(100), 10);
        job("1.3-old", "1.3", JobRecord.Outcome.PROCESSED, Duration.ofHours(100), Delivery.State.DELIVERED);
        job("1.3-job", "1.3", JobRecord.Outcome.PROCESSED, Duration.ofHours(10), Delivery.State.DELIVERED);
        assertEquals(List.of(), purged(plan()));
    }

    @Test
    void neverWhatIsReceivingWaitingOrProcessing() {
        series("1.1", Duration.ofDays(365), JobRecord.Outcome.PROCESSED, Delivery.State.DELIVERED);
        RetentionPlan plan = plan(DEFAULTS, Set.of("1.1"), 0);
        assertEquals(List.of(), plan.series());
        assertEquals(List.of(new Kept("1.1", KeepReason.IN_FLIGHT)), plan.kept());
    }

    @Test
    void neverAFolderWhoseCurrentInstancesHaveNoJob() {
        folder("1.1", Duration.ofDays(365), 10);
        folder("1.2", Duration.ofDays(365), 10);
        job("1.2-earlier", "1.2", JobRecord.Outcome.PROCESSED, Duration.ofDays(365), Delivery.State.DELIVERED);
        RetentionPlan plan = plan();
        assertEquals(List.of(), plan.series());
        assertEquals(List.of(new Kept("1.1", KeepReason.NOT_PROCESSED), new Kept("1.2", KeepReason.NOT_PROCESSED)), plan.kept(),
                "late instances made a new version that has no job yet");
    }

    @Test
    void neverWhileAnyJobOfTheSeriesHasAPendingDelivery() {
        series("1.1", Duration.ofDays(365), JobRecord.Outcome.PROCESSED, Delivery.State.DELIVERED, Delivery.State.PENDING);
        folder("1.2", Duration.ofDays(365), 10);
        job("1.2-earlier", "1.2", JobRecord.Outcome.PROCESSED, Duration.ofDays(365), Delivery.State.PENDING);
        job("1.2-job", "1.2", JobRecord.Outcome.PROCESSED, Duration.ofDays(365), Delivery.State.DELIVERED);
        RetentionPlan plan = plan();
        assertEquals(List.of(), plan.series());
        assertEquals(List.of(new Kept("1.1", KeepReason.UNDELIVERED), new Kept("1.2", KeepReason.UNDELIVERED)), plan.kept());
    }

    @Test
    void aResultHeldForReviewKeepsItsSeriesWhateverItsAgeAndADiscardedOneDoesNot() {
        series("1.1", Duration.ofDays(365), JobRecord.Outcome.PROCESSED, Delivery.State.HELD, Delivery.State.DELIVERED);
        series("1.2", Duration.ofDays(365), JobRecord.Outcome.PROCESSED, Delivery.State.DISCARDED);
        RetentionPlan plan = plan();
        assertEquals(List.of("1.2"), purged(plan));
        assertEquals(List.of(new Kept("1.1", KeepReason.HELD_FOR_REVIEW)), plan.kept());
    }

    @Test
    void aSeriesStaysAsLongAsItsDeadLetterAndGoesWithIt() {
        series("1.1", Duration.ofDays(100), JobRecord.Outcome.PROCESSED, Delivery.State.DEAD);
        deadLetters.add(new DeadLetter("pacs", "1.1-job", Path.of("dead-letter/pacs/1.1-job"), ago(Duration.ofDays(29)), 500));
        RetentionPlan plan = plan();
        assertEquals(List.of(), plan.series());
        assertEquals(List.of(), plan.deadLetters());
        assertEquals(List.of(new Kept("1.1", KeepReason.DEAD_LETTER)), plan.kept());

        deadLetters.set(0, new DeadLetter("pacs", "1.1-job", Path.of("dead-letter/pacs/1.1-job"), ago(Duration.ofDays(30)), 500));
        RetentionPlan expired = plan();
        assertEquals(deadLetters, expired.deadLetters());
        assertEquals(List.of("1.1"), purged(expired), "the letter expires in this round, and its series goes with it");
    }

    @Test
    void aDeadDeliveryWhoseLetterIsGoneNoLongerHoldsItsSeries() {
        series("1.1", Duration.ofDays(4), JobRecord.Outcome.PROCESSED, Delivery.State.DELIVERED, Delivery.State.DEAD);
        assertEquals(List.of("1.1"), purged(plan()), "an operator removed the letter: nothing is left to send again");
    }

    @Test
    void failedSeriesWaitFailedDaysAndOtherOutcomesDeliveredSeriesHours() {
        series("1.1", Duration.ofDays(29), JobRecord.Outcome.FAILED);
        series("1.2", Duration.ofDays(30), JobRecord.Outcome.FAILED);
        series("1.3", Duration.ofHours(72), JobRecord.Outcome.NO_RULE);
        series("1.4", Duration.ofHours(72), JobRecord.Outcome.NOT_APPLICABLE);
        folder("1.5", Duration.ofDays(10), 10);
        job("1.5-earlier", "1.5", JobRecord.Outcome.FAILED, Duration.ofDays(10));
        job("1.5-job", "1.5", JobRecord.Outcome.PROCESSED, Duration.ofDays(10), Delivery.State.DELIVERED);
        RetentionPlan plan = plan();
        assertEquals(List.of("1.2", "1.3", "1.4"), purged(plan));
        assertEquals(PurgeReason.FAILED, plan.series().get(0).reason());
        assertEquals(PurgeReason.DELIVERED, plan.series().get(1).reason());
        assertEquals(List.of(new Kept("1.1", KeepReason.YOUNG), new Kept("1.5", KeepReason.YOUNG)), plan.kept(),
                "a series with any failed job waits failedDays");
    }

    @Test
    void failedFilesAndDeadLettersGoAfterTheirDays() {
        FailedFile old = new FailedFile(Path.of("failed/a.dcm"), ago(Duration.ofDays(31)), 7);
        failedFiles.add(old);
        failedFiles.add(new FailedFile(Path.of("failed/b.dcm"), ago(Duration.ofDays(29)), 7));
        DeadLetter expired = new DeadLetter("pacs", "1.9-job", Path.of("dead-letter/pacs/1.9-job"), ago(Duration.ofDays(31)), 5);
        deadLetters.add(expired);
        deadLetters.add(new DeadLetter("pacs", "1.8-job", Path.of("dead-letter/pacs/1.8-job"), ago(Duration.ofDays(1)), 5));
        RetentionPlan plan = plan();
        assertEquals(List.of(old), plan.failedFiles());
        assertEquals(List.of(expired), plan.deadLetters());
        assertEquals(12, plan.bytes());
    }

    @Test
    void aboveTheLimitTheOldestDeliveredSeriesGoFirstWhateverTheirAge() {
        series("1.1", Duration.ofHours(3), JobRecord.Outcome.PROCESSED, Delivery.State.DELIVERED);
        series("1.2", Duration.ofHours(5), JobRecord.Outcome.PROCESSED, Delivery.State.DELIVERED);
        series("1.3", Duration.ofHours(4), JobRecord.Outcome.NO_RULE);
        series("1.4", Duration.ofHours(1), JobRecord.Outcome.PROCESSED, Delivery.State.DELIVERED);
        RetentionConfig limited = new RetentionConfig(Duration.ofHours(72), Duration.ofDays(30), Duration.ofDays(30),
                OptionalLong.of(2500), Duration.ofMinutes(10));
        RetentionPlan plan = plan(limited, Set.of(), 4200);
        assertEquals(List.of("1.2", "1.3"), purged(plan), "two of 1000 bytes bring 4200 to 2200, below 2500");
        assertTrue(plan.series().stream().allMatch(s -> s.reason() == PurgeReason.OVER_LIMIT));
        assertEquals(List.of(new Kept("1.1", KeepReason.YOUNG), new Kept("1.4", KeepReason.YOUNG)), plan.kept());
        assertEquals(0, plan.overLimitBytes());
        assertEquals(List.of(), purged(plan(limited, Set.of(), 2500)), "at the limit nothing young goes");
    }

    @Test
    void aboveTheLimitWhatMustStayStaysAndTheExcessIsReported() {
        series("1.1", Duration.ofHours(3), JobRecord.Outcome.PROCESSED, Delivery.State.DELIVERED);
        series("1.2", Duration.ofHours(5), JobRecord.Outcome.PROCESSED, Delivery.State.PENDING);
        series("1.3", Duration.ofHours(4), JobRecord.Outcome.FAILED);
        series("1.4", Duration.ofHours(6), JobRecord.Outcome.PROCESSED, Delivery.State.DELIVERED);
        folder("1.5", Duration.ofHours(9), 1000);
        series("1.6", Duration.ofHours(100), JobRecord.Outcome.PROCESSED, Delivery.State.DELIVERED);
        RetentionConfig limited = new RetentionConfig(Duration.ofHours(72), Duration.ofDays(30), Duration.ofDays(30),
                OptionalLong.of(100), Duration.ofMinutes(10));
        RetentionPlan plan = plan(limited, Set.of("1.4"), 6000);
        assertEquals(List.of("1.6", "1.1"), purged(plan), "aged first, then the young delivered one; not the in-flight one");
        assertEquals(List.of(PurgeReason.DELIVERED, PurgeReason.OVER_LIMIT), plan.series().stream().map(SeriesPurge::reason).toList());
        assertEquals(6000 - 2000 - 100, plan.overLimitBytes());
        assertEquals(List.of(new Kept("1.2", KeepReason.UNDELIVERED), new Kept("1.3", KeepReason.YOUNG), new Kept("1.4", KeepReason.IN_FLIGHT),
                new Kept("1.5", KeepReason.NOT_PROCESSED)), plan.kept());
    }

    @Test
    void withoutALimitNothingIsOverIt() {
        series("1.1", Duration.ofHours(1), JobRecord.Outcome.PROCESSED, Delivery.State.PENDING);
        assertEquals(0, plan(DEFAULTS, Set.of(), Long.MAX_VALUE).overLimitBytes());
    }
}
