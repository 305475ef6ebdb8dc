package org.livernode.retention;

import java.util.List;
import org.livernode.retention.SpoolContents.DeadLetter;
import org.livernode.retention.SpoolContents.FailedFile;

/**
 * What one retention round deletes, and what it keeps and why.
 *
 * @param series the series folders to delete, with the outputs of their jobs
 * @param kept every other series folder, with the reason it stays
 * @param overLimitBytes with {@code maxSpoolGiB}: how far the spool stays above it after this plan, because nothing more may
 *     be deleted; 0 when it is below, or has no limit
 */
public record RetentionPlan(List<SeriesPurge> series, List<FailedFile> failedFiles, List<DeadLetter> deadLetters, List<Kept> kept,
        long overLimitBytes) {

    public RetentionPlan {
        series = List.copyOf(series);
        failedFiles = List.copyOf(failedFiles);
        deadLetters = List.copyOf(deadLetters);
        kept = List.copyOf(kept);
    }

    /** Why a series goes. */
    public enum PurgeReason {
        /** Every result delivered, or nothing to deliver (no rule, not applicable), for {@code deliveredSeriesHours}. */
        DELIVERED,
        /** A job of the series failed, {@code failedDays} ago. */
        FAILED,
        /** Delivered, younger than {@code deliveredSeriesHours}, but the spool is above {@code maxSpoolGiB}: the oldest go first. */
        OVER_LIMIT
    }

    /** Why a series stays. */
    public enum KeepReason {
        /** Still receiving, waiting for completion, or queued for or in processing. */
        IN_FLIGHT,
        /** Its current set of instances has no job yet (late instances, or a job lost in a crash that a restart redoes). */
        NOT_PROCESSED,
        /** A result of one of its jobs is held until an operator releases or discards it. */
        HELD_FOR_REVIEW,
        /** A delivery of one of its jobs is still pending. */
        UNDELIVERED,
        /** A result of one of its jobs lies in the dead-letter folder, from where an operator may send it again. */
        DEAD_LETTER,
        /** Not old enough yet. */
        YOUNG
    }

    /** An output file of a job, {@code jobs/<jobId>/<file>}. */
    public record JobOutput(String jobId, String file) {}

    /**
     * @param currentJobId the job of the instances the folder held when the plan was made: the folder goes only if it still holds them
     * @param outputs of every job of the series; their records stay
     * @param bytes the instances and outputs
     */
    public record SeriesPurge(String seriesInstanceUid, String currentJobId, List<JobOutput> outputs, long bytes, PurgeReason reason) {
        public SeriesPurge {
            outputs = List.copyOf(outputs);
        }
    }

    public record Kept(String seriesInstanceUid, KeepReason reason) {}

    /** The bytes this plan frees. */
    public long bytes() {
        return series.stream().mapToLong(SeriesPurge::bytes).sum() + failedFiles.stream().mapToLong(FailedFile::bytes).sum()
                + deadLetters.stream().mapToLong(DeadLetter::bytes).sum();
    }

    public boolean isEmpty() {
        return series.isEmpty() && failedFiles.isEmpty() && deadLetters.isEmpty();
    }
}
