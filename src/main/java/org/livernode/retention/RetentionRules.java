package org.livernode.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.livernode.retention.RetentionPlan.JobOutput;
import org.livernode.retention.RetentionPlan.KeepReason;
import org.livernode.retention.RetentionPlan.Kept;
import org.livernode.retention.RetentionPlan.PurgeReason;
import org.livernode.retention.RetentionPlan.SeriesPurge;
import org.livernode.retention.SpoolContents.DeadLetter;
import org.livernode.retention.SpoolContents.FailedFile;
import org.livernode.retention.SpoolContents.SeriesFolder;
import org.livernode.state.JobRecord;

/**
 * Decides what may be deleted, from what the spool holds, the job records and the series in flight; no I/O. A series
 * folder goes, with the outputs of its jobs, only when all of these hold:
 * <ul>
 *   <li>it is not in flight: not receiving, waiting for completion, queued or in processing;</li>
 *   <li>its current set of instances has a job (a folder with late instances waits for their job);</li>
 *   <li>no delivery of any job of the series is pending, and none of them has a result in the dead-letter folder (whatever its record says)
 *       (the series stays as long as its dead letter, {@code deadLetterDays}, so that a resent result still has its source);</li>
 *   <li>it is old enough: its age counts from the later of its newest instance and its newest job, and it must reach
 *       {@code failedDays} when a job of the series failed (kept for a person to look at), {@code deliveredSeriesHours}
 *       otherwise (every result delivered, or none to deliver: no rule, not applicable).</li>
 * </ul>
 * Files in {@code failed/} go after {@code failedDays}, dead letters after {@code deadLetterDays}, both counted from
 * when they were written. With {@code maxSpoolGiB}, while the spool stays above it, the series that pass every rule
 * but age go too, oldest first; failed series are not among them. What stays above the limit then is
 * {@link RetentionPlan#overLimitBytes()}. Job records are never deleted.
 */
public final class RetentionRules {
    private final RetentionConfig retention;

    public RetentionRules(RetentionConfig retention) {
        this.retention = retention;
    }

    /**
     * @param jobs every job record
     * @param inFlight series still receiving, waiting for completion, queued or in processing
     */
    public RetentionPlan plan(SpoolContents spool, List<JobRecord> jobs, Set<String> inFlight, Instant now) {
        List<DeadLetter> deadLetters = spool.deadLetters().stream().filter(d -> reached(d.lastModified(), retention.deadLetter(), now)).toList();
        Set<String> jobsWithDeadLetters = new HashSet<>();
        spool.deadLetters().stream().filter(d -> !deadLetters.contains(d)).forEach(d -> jobsWithDeadLetters.add(d.jobId()));
        List<FailedFile> failedFiles = spool.failedFiles().stream().filter(f -> reached(f.lastModified(), retention.failed(), now)).toList();

        Map<String, List<JobRecord>> jobsBySeries = new LinkedHashMap<>();
        jobs.forEach(job -> jobsBySeries.computeIfAbsent(job.seriesInstanceUid(), uid -> new ArrayList<>()).add(job));
        List<SeriesPurge> purged = new ArrayList<>();
        List<Kept> kept = new ArrayList<>();
        record Candidate(SeriesFolder folder, List<JobRecord> jobs, Instant since) {}
        List<Candidate> young = new ArrayList<>();
        for (SeriesFolder folder : spool.series()) {
            String uid = folder.seriesInstanceUid();
            List<JobRecord> seriesJobs = jobsBySeries.getOrDefault(uid, List.of());
            KeepReason keep = mustKeep(folder, seriesJobs, inFlight, jobsWithDeadLetters);
            if (keep != null) {
                kept.add(new Kept(uid, keep));
                continue;
            }
            boolean failed = seriesJobs.stream().anyMatch(j -> j.outcome() == JobRecord.Outcome.FAILED);
            Instant since = seriesJobs.stream().map(JobRecord::createdAt).reduce(folder.lastWritten(), (a, b) -> a.isAfter(b) ? a : b);
            if (reached(since, failed ? retention.failed() : retention.deliveredSeries(), now)) {
                purged.add(purge(folder, seriesJobs, failed ? PurgeReason.FAILED : PurgeReason.DELIVERED));
            } else {
                kept.add(new Kept(uid, KeepReason.YOUNG));
                if (!failed) {
                    young.add(new Candidate(folder, seriesJobs, since));
                }
            }
        }

        long overLimit = 0;
        if (retention.maxSpoolBytes().isPresent()) {
            long limit = retention.maxSpoolBytes().getAsLong();
            long remaining = spool.totalBytes() - new RetentionPlan(purged, failedFiles, deadLetters, List.of(), 0).bytes();
            young.sort(Comparator.comparing(Candidate::since).thenComparing(c -> c.folder().seriesInstanceUid()));
            for (Candidate candidate : young) {
                if (remaining <= limit) {
                    break;
                }
                purged.add(purge(candidate.folder(), candidate.jobs(), PurgeReason.OVER_LIMIT));
                kept.remove(new Kept(candidate.folder().seriesInstanceUid(), KeepReason.YOUNG));
                remaining -= candidate.folder().bytes();
            }
            overLimit = Math.max(0, remaining - limit);
        }
        return new RetentionPlan(purged, failedFiles, deadLetters, kept, overLimit);
    }

    /** Why the folder must stay whatever its age; null when it may go once old enough. */
    private static KeepReason mustKeep(SeriesFolder folder, List<JobRecord> jobs, Set<String> inFlight, Set<String> jobsWithDeadLetters) {
        if (inFlight.contains(folder.seriesInstanceUid())) {
            return KeepReason.IN_FLIGHT;
        }
        if (jobs.stream().noneMatch(j -> j.jobId().equals(folder.currentJobId()))) {
            return KeepReason.NOT_PROCESSED;
        }
        if (jobs.stream().anyMatch(JobRecord::hasHeldDeliveries)) {
            return KeepReason.HELD_FOR_REVIEW;
        }
        if (jobs.stream().anyMatch(JobRecord::hasPendingDeliveries)) {
            return KeepReason.UNDELIVERED;
        }
        if (jobs.stream().anyMatch(j -> jobsWithDeadLetters.contains(j.jobId()))) {
            return KeepReason.DEAD_LETTER;
        }
        return null;
    }

    private static SeriesPurge purge(SeriesFolder folder, List<JobRecord> jobs, PurgeReason reason) {
        List<JobOutput> outputs = jobs.stream().flatMap(j -> j.outputs().stream().map(file -> new JobOutput(j.jobId(), file))).toList();
        return new SeriesPurge(folder.seriesInstanceUid(), folder.currentJobId(), outputs, folder.bytes(), reason);
    }

    private static boolean reached(Instant since, Duration age, Instant now) {
        return !since.plus(age).isAfter(now);
    }
}
