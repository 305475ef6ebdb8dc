package org.livernode.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.livernode.state.JobRecord;

/**
 * The node's meters, named once here; the places that count call these methods. In Prometheus format a
 * counter {@code livernode.instances.received} is {@code livernode_instances_received_total}, a timer
 * {@code livernode.inference} is {@code livernode_inference_seconds_bucket/_count/_sum}.
 */
public final class NodeMetrics {
    /** How associations end: released by the sender, aborted or lost, or rejected at negotiation. */
    public enum AssociationOutcome { RELEASED, ABORTED, REJECTED }

    /** What retention deletes: series folders (with their job outputs), files in {@code failed/}, dead letters. */
    public enum Purged { SERIES, FAILED_FILE, DEAD_LETTER }

    private final MeterRegistry registry;
    private final Counter instancesReceived;
    private final Counter seriesCompleted;
    private final Timer inference;

    public NodeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.instancesReceived = Counter.builder("livernode.instances.received")
                .description("Instances stored in the spool and acknowledged to their senders").register(registry);
        this.seriesCompleted = Counter.builder("livernode.series.completed")
                .description("Series for which no instance arrived for the idle timeout").register(registry);
        this.inference = Timer.builder("livernode.inference").description("Time the model took per series")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        // Registered up front so that every outcome shows 0 before it first happens, which rate() needs.
        for (AssociationOutcome outcome : AssociationOutcome.values()) {
            associations(outcome);
        }
        for (JobRecord.Outcome outcome : JobRecord.Outcome.values()) {
            jobs(outcome);
        }
    }

    public void instanceReceived() {
        instancesReceived.increment();
    }

    public void associationEnded(AssociationOutcome outcome) {
        associations(outcome).increment();
    }

    private Counter associations(AssociationOutcome outcome) {
        return Counter.builder("livernode.associations").description("Inbound associations by how they ended")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    public void seriesCompleted() {
        seriesCompleted.increment();
    }

    /** A job's record was written: processed, left alone (not applicable, no rule) or failed. */
    public void jobFinished(JobRecord.Outcome outcome) {
        jobs(outcome).increment();
    }

    private Counter jobs(JobRecord.Outcome outcome) {
        return Counter.builder("livernode.jobs").description("Series jobs by outcome")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    /**
     * {@code livernode_qc_total{outcome,reason}}: one count per reason of a REVIEW, one with reason {@code none} per
     * PASS, so that the PASS count is the number of results that passed.
     */
    public void qualityChecked(String outcome, List<String> reasons) {
        for (String reason : reasons.isEmpty() ? List.of("none") : reasons) {
            Counter.builder("livernode.qc").description("Quality checks of results by outcome and reason")
                    .tag("outcome", outcome.toLowerCase(Locale.ROOT)).tag("reason", reason).register(registry).increment();
        }
    }

    public void inference(Duration modelTime) {
        inference.record(modelTime);
    }

    /** One delivery attempt to a destination: {@code files} sent on one association, {@code failed} of them not stored. */
    public void exportAttempted(String destination, int files, int failed) {
        Counter.builder("livernode.export.attempts").description("Files sent to destinations, each attempt counted")
                .tag("destination", destination).register(registry).increment(files);
        Counter.builder("livernode.export.failures").description("Files a destination did not store, or could not be reached for")
                .tag("destination", destination).register(registry).increment(failed);
    }

    /** The outbox's depth: deliveries (one file to one destination) not yet done. */
    public void watchOutbox(Supplier<Number> pendingDeliveries) {
        Gauge.builder("livernode.outbox.pending", pendingDeliveries).description("Deliveries waiting to be sent or retried")
                .strongReference(true).register(registry);
    }

    /** The bytes under the spool folder: received instances, job outputs, dead letters. */
    public void watchSpool(Supplier<Number> bytes) {
        Gauge.builder("livernode.spool", bytes).description("Bytes under node.spoolDir").baseUnit(BaseUnits.BYTES)
                .strongReference(true).register(registry);
    }

    /** Retention deleted {@code items} of a kind, {@code bytes} in all. */
    public void purged(Purged kind, long items, long bytes) {
        purgedCounter(kind).increment(items);
        purgedBytesCounter(kind).increment(bytes);
    }

    private Counter purgedCounter(Purged kind) {
        return Counter.builder("livernode.retention.purged").description("Things retention deleted from the spool")
                .tag("kind", kind.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    private Counter purgedBytesCounter(Purged kind) {
        return Counter.builder("livernode.retention.purged.bytes").description("Bytes retention deleted from the spool").baseUnit(BaseUnits.BYTES)
                .tag("kind", kind.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    /**
     * Retention's meters, each kind at 0 before it first counts; {@code blockedBytes}: how far the spool stays above
     * {@code retention.maxSpoolGiB} because nothing more may be deleted (0 when below it, or without a limit).
     */
    public void watchRetention(Supplier<Number> blockedBytes) {
        for (Purged kind : Purged.values()) {
            purgedCounter(kind);
            purgedBytesCounter(kind);
        }
        Gauge.builder("livernode.retention.blocked", blockedBytes)
                .description("Bytes above retention.maxSpoolGiB that retention may not delete (undelivered, in flight, failed)")
                .baseUnit(BaseUnits.BYTES).strongReference(true).register(registry);
    }

    /** A chunk request that a receiver published and the broker confirmed (a request published again after an outage counts again). */
    public void brokerRequestPublished() {
        Counter.builder("livernode.broker.requests.published").description("Inference requests published to the broker and confirmed")
                .register(registry).increment();
    }

    /**
     * A reply a receiver took from its reply queue: {@code matched} when it answered a request the receiver waits
     * for, else dropped (a reply from before a restart, or a second answer to one request).
     */
    public void brokerReply(boolean matched) {
        Counter.builder("livernode.broker.replies").description("Inference replies taken from the broker")
                .tag("matched", String.valueOf(matched)).register(registry).increment();
    }

    /** A request a worker answered with probabilities. */
    public void brokerRequestAnswered() {
        Counter.builder("livernode.broker.requests.answered").description("Inference requests a worker answered with probabilities")
                .register(registry).increment();
    }

    /** A request answered without probabilities, by reason ({@code FailureReason} in lower case): at the worker that refused it, at the receiver that got the answer. */
    public void brokerFailure(String reason) {
        Counter.builder("livernode.broker.failures").description("Inference requests answered with a failure, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    /** A request a worker put on the dead-letter queue, by reason. */
    public void brokerDeadLettered(String reason) {
        Counter.builder("livernode.broker.dead.lettered").description("Inference requests put on the dead-letter queue, by reason")
                .tag("reason", reason).register(registry).increment();
    }
}
