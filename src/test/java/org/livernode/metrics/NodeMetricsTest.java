package org.livernode.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.livernode.metrics.NodeMetrics.AssociationOutcome;
import org.livernode.state.JobRecord;

/** Each meter is registered under the name docs/operations.md documents, shows 0 before its first event, and counts its own events only. */
class NodeMetricsTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final NodeMetrics metrics = new NodeMetrics(registry);

    private double counter(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    @Test
    void everyOutcomeShowsZeroBeforeItFirstHappens() {
        assertEquals(0, counter("livernode.instances.received"));
        assertEquals(0, counter("livernode.series.completed"));
        for (String outcome : new String[] {"released", "aborted", "rejected"}) {
            assertEquals(0, counter("livernode.associations", "outcome", outcome), outcome);
        }
        for (String outcome : new String[] {"processed", "not_applicable", "failed", "no_rule"}) {
            assertEquals(0, counter("livernode.jobs", "outcome", outcome), outcome);
        }
        assertEquals(0, registry.get("livernode.inference").timer().count());
    }

    @Test
    void eachEventCountsOnItsOwnMeter() {
        metrics.instanceReceived();
        metrics.instanceReceived();
        metrics.seriesCompleted();
        metrics.associationEnded(AssociationOutcome.ABORTED);
        metrics.jobFinished(JobRecord.Outcome.NO_RULE);
        metrics.inference(Duration.ofMillis(1500));

        assertEquals(2, counter("livernode.instances.received"));
        assertEquals(1, counter("livernode.series.completed"));
        assertEquals(1, counter("livernode.associations", "outcome", "aborted"));
        assertEquals(0, counter("livernode.associations", "outcome", "released"));
        assertEquals(1, counter("livernode.jobs", "outcome", "no_rule"));
        assertEquals(0, counter("livernode.jobs", "outcome", "processed"));
        assertEquals(1, registry.get("livernode.inference").timer().count());
        assertEquals(1.5, registry.get("livernode.inference").timer().totalTime(java.util.concurrent.TimeUnit.SECONDS), 1e-9);
    }

    @Test
    void qualityChecksCountPerOutcomeAndReason() {
        metrics.qualityChecked("PASS", List.of());
        metrics.qualityChecked("REVIEW", List.of("cut_by_field_of_view", "uncertain"));
        metrics.qualityChecked("REVIEW", List.of("cut_by_field_of_view"));

        assertEquals(1, counter("livernode.qc", "outcome", "pass", "reason", "none"));
        assertEquals(2, counter("livernode.qc", "outcome", "review", "reason", "cut_by_field_of_view"));
        assertEquals(1, counter("livernode.qc", "outcome", "review", "reason", "uncertain"));
    }

    @Test
    void exportAttemptsAndFailuresAreCountedPerDestination() {
        metrics.exportAttempted("pacs", 2, 0);
        metrics.exportAttempted("pacs", 2, 1);
        metrics.exportAttempted("planning", 1, 1);

        assertEquals(4, counter("livernode.export.attempts", "destination", "pacs"));
        assertEquals(1, counter("livernode.export.failures", "destination", "pacs"));
        assertEquals(1, counter("livernode.export.attempts", "destination", "planning"));
        assertEquals(1, counter("livernode.export.failures", "destination", "planning"));
    }

    @Test
    void gaugesReadTheOutboxAndTheSpoolAtEachScrape() {
        AtomicLong pending = new AtomicLong(3);
        AtomicLong bytes = new AtomicLong(1024);
        metrics.watchOutbox(pending::get);
        metrics.watchSpool(bytes::get);
        assertEquals(3, registry.get("livernode.outbox.pending").gauge().value());
        assertEquals(1024, registry.get("livernode.spool").gauge().value());
        pending.set(0);
        bytes.set(4096);
        assertEquals(0, registry.get("livernode.outbox.pending").gauge().value());
        assertEquals(4096, registry.get("livernode.spool").gauge().value());
    }
}
