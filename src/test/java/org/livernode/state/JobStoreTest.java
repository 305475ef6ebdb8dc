package org.livernode.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobStoreTest {

    @TempDir
    Path dir;

    @Test
    void digestNamesTheSetNotTheOrder() {
        String a = JobStore.instanceSetDigest(List.of("1.2.3", "1.2.4", "1.2.5"));
        assertEquals(a, JobStore.instanceSetDigest(List.of("1.2.5", "1.2.3", "1.2.4", "1.2.3")));
        assertNotEquals(a, JobStore.instanceSetDigest(List.of("1.2.3", "1.2.4")));
        assertNotEquals(a, JobStore.instanceSetDigest(List.of("1.2.3", "1.2.4", "1.2.50")));
        assertEquals("1.2.840.1-" + a.substring(0, 16), JobStore.jobId("1.2.840.1", a));
    }

    @Test
    void recordsSurviveAReopenAndUpdatesReplaceThem() throws Exception {
        JobStore store = JobStore.open(dir.resolve("jobs"));
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        JobRecord job = new JobRecord("1.2.3-abcdef0123456789", "1.2.3", "abcdef0123456789abcd", 12, JobRecord.Outcome.PROCESSED, "", t,
                List.of("seg.dcm"), List.of(Delivery.pending("pacs", "seg.dcm", t), Delivery.held("planning", "seg.dcm")), "liver 1.0.0",
                List.of("default"), new QualityRecord("REVIEW", List.of(new QualityRecord.Finding("cut_by_field_of_view",
                        "liver cut by the last slice; 812 mL within the scanned range")), 812.4, true));
        store.save(job);
        JobRecord delivered = job.withDeliveries(List.of(job.deliveries().get(0).delivered(t.plusSeconds(1)), job.deliveries().get(1)));
        store.save(delivered);

        JobStore reopened = JobStore.open(dir.resolve("jobs"));
        assertEquals(delivered, reopened.find(job.jobId()).orElseThrow());
        assertEquals(List.of(delivered), reopened.all());
        assertTrue(reopened.find("1.2.3-0000000000000000").isEmpty());
        try (var leftovers = Files.list(reopened.folder(job.jobId()))) {
            assertEquals(List.of("job.json"), leftovers.map(p -> p.getFileName().toString()).toList(), "no partial files left");
        }
    }

    @Test
    void anUnreadableRecordIsLeftAloneAndDoesNotHideTheOthers() throws Exception {
        JobStore store = JobStore.open(dir.resolve("jobs"));
        Instant t = Instant.parse("2026-11-27T10:00:00Z");
        JobRecord good = new JobRecord("1.2.4-0123456789abcdef", "1.2.4", "0123456789abcdef", 3, JobRecord.Outcome.FAILED,
                "only one slice", t, List.of(), List.of(), "", List.of(), null);
        store.save(good);
        Path unreadable = store.folder("1.2.5-0123456789abcdef").resolve("job.json");
        Files.writeString(unreadable, "{ truncated");
        assertEquals(List.of(good), store.all());
        assertEquals("{ truncated", Files.readString(unreadable), "left for the operator as it was");
    }

    @Test
    void aRecordFromBeforeModelAndRulesWereRecordedStillReads() throws Exception {
        JobStore store = JobStore.open(dir.resolve("jobs"));
        Files.writeString(store.folder("1.2.6-0123456789abcdef").resolve("job.json"), """
                { "jobId": "1.2.6-0123456789abcdef", "seriesInstanceUid": "1.2.6", "instanceSetDigest": "0123456789abcdef",
                  "instances": 3, "outcome": "PROCESSED", "reason": "", "createdAt": "2026-11-27T10:00:00Z",
                  "outputs": [], "deliveries": [] }
                """);
        JobRecord old = store.find("1.2.6-0123456789abcdef").orElseThrow();
        assertEquals("", old.model());
        assertEquals(List.of(), old.rules());
    }

    @Test
    void deliveryStatesKeepTheFirstAttempt() {
        Instant t0 = Instant.parse("2026-11-27T10:00:00Z");
        Delivery d = Delivery.pending("pacs", "seg.dcm", t0);
        Delivery failed = d.failed(t0.plusSeconds(1), t0.plusSeconds(6), "refused");
        assertEquals(1, failed.attempts());
        assertEquals(t0.plusSeconds(1), failed.firstAttempt());
        Delivery again = failed.failed(t0.plusSeconds(7), t0.plusSeconds(17), "refused");
        assertEquals(t0.plusSeconds(1), again.firstAttempt());
        assertEquals(Delivery.State.DELIVERED, again.delivered(t0.plusSeconds(20)).state());
        assertEquals(3, again.delivered(t0.plusSeconds(20)).attempts());
        assertEquals(Delivery.State.DEAD, again.dead(t0.plusSeconds(20), "gave up").state());
    }
}
