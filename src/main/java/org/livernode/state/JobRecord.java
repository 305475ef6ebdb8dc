package org.livernode.state;

import java.time.Instant;
import java.util.List;

/**
 * What the node did with one version of a series (one set of its instances), kept on disk so that a restart
 * neither redoes nor forgets it.
 *
 * @param jobId names the job's folder; derived from the series and its instance set
 * @param instanceSetDigest SHA-256 of the sorted SOP Instance UIDs the job was made from
 * @param outcome what became of the series
 * @param reason why it was not processed, when it was not
 * @param outputs file names of the objects made, in the job's folder
 * @param deliveries one per output and the destinations that get it
 * @param model the model that made the outputs ("name version"); empty when none ran
 * @param rules the routing rules the series matched
 * @param qc the quality check of the outputs; null when none were made (and in records older than the check)
 */
public record JobRecord(
        String jobId,
        String seriesInstanceUid,
        String instanceSetDigest,
        int instances,
        Outcome outcome,
        String reason,
        Instant createdAt,
        List<String> outputs,
        List<Delivery> deliveries,
        String model,
        List<String> rules,
        QualityRecord qc) {

    public enum Outcome {
        /** Outputs made; see the deliveries. */
        PROCESSED,
        /** A series the node does not process (localizer, other modality, not axial). */
        NOT_APPLICABLE,
        /** The series could not be processed; its instances stay in the spool. */
        FAILED,
        /** No routing rule matched the series, so it was left alone. */
        NO_RULE
    }

    public JobRecord {
        outputs = List.copyOf(outputs);
        deliveries = List.copyOf(deliveries);
        // Records written before these fields existed read them as null.
        model = model == null ? "" : model;
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    public JobRecord withDeliveries(List<Delivery> updated) {
        return new JobRecord(jobId, seriesInstanceUid, instanceSetDigest, instances, outcome, reason, createdAt, outputs, updated, model, rules, qc);
    }

    /** Whether a result waits for an operator to release or discard it. */
    public boolean hasHeldDeliveries() {
        return deliveries.stream().anyMatch(d -> d.state() == Delivery.State.HELD);
    }

    public boolean hasPendingDeliveries() {
        return deliveries.stream().anyMatch(d -> d.state() == Delivery.State.PENDING);
    }
}
