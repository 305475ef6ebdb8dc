package org.livernode.pipeline;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.livernode.http.RerunRequests;
import org.livernode.series.SeriesActivity;
import org.livernode.spool.Spool;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operator's re-run of a job: its series is processed again, as the spool holds it, as a new attempt of the same
 * job. The job's record is moved aside ({@link JobStore#retire}) and the series handed to the worker, which finds
 * no record for that set of instances and processes it like a new one: the same rules decide, the outputs get the
 * same UIDs (they derive from the series and the model, so a PACS that has them keeps one copy) and are delivered
 * through the outbox. Allowed only for a job that nothing is happening to: its series neither being received nor
 * processed, no delivery pending (the outbox would write its record too) and none given up (resend those), and
 * the spool still holding exactly the instances the job was made from. The retire and the processing run on the
 * worker thread, one after the other, checked again there; a crash between them leaves no record, and the next
 * start processes the series, which is the re-run.
 */
public final class JobRerun implements RerunRequests {
    private static final Logger log = LoggerFactory.getLogger(JobRerun.class);

    private final JobStore jobs;
    private final Spool spool;
    private final SeriesActivity activity;
    private final Predicate<String> pendingSeries;
    private final Executor worker;
    private final Consumer<String> processSeries;

    /**
     * @param pendingSeries whether a series is being received or waits to complete
     * @param processSeries processes the series as the spool holds it (the node's job runner)
     */
    public JobRerun(JobStore jobs, Spool spool, SeriesActivity activity, Predicate<String> pendingSeries, Executor worker,
            Consumer<String> processSeries) {
        this.jobs = jobs;
        this.spool = spool;
        this.activity = activity;
        this.pendingSeries = pendingSeries;
        this.worker = worker;
        this.processSeries = processSeries;
    }

    @Override
    public Outcome request(String jobId) throws IOException {
        Optional<JobRecord> found = jobs.find(jobId);
        if (found.isEmpty()) {
            return new Outcome(Answer.NO_SUCH_JOB, "no job " + jobId);
        }
        JobRecord job = found.get();
        String series = job.seriesInstanceUid();
        Optional<String> refusal = activity.busy(series) ? Optional.of(busy(series)) : refusal(job);
        if (refusal.isPresent()) {
            return new Outcome(Answer.REFUSED, refusal.get());
        }
        activity.submit(worker, series, () -> rerun(jobId));
        log.info("Series {}: job {} to be processed again, as an operator asked on the console", series, jobId);
        return new Outcome(Answer.QUEUED, "job " + jobId + " queued to be processed again");
    }

    /** Why the job cannot be re-run now, the series' activity aside (on the worker it counts this very task); empty when it can. */
    private Optional<String> refusal(JobRecord job) throws IOException {
        String series = job.seriesInstanceUid();
        if (pendingSeries.test(series)) {
            return Optional.of(busy(series));
        }
        if (job.hasPendingDeliveries()) {
            return Optional.of("job " + job.jobId() + " still has results to deliver");
        }
        if (job.deliveries().stream().anyMatch(d -> d.state() == Delivery.State.DEAD)) {
            return Optional.of("job " + job.jobId() + " has results given up: resend its dead letters instead");
        }
        if (!spool.currentVersion(series).digest().equals(job.instanceSetDigest())) {
            return Optional.of("the spool no longer holds the " + job.instances() + " instances job " + job.jobId() + " was made from");
        }
        return Optional.empty();
    }

    private static String busy(String series) {
        return "series " + series + " is being received or processed; wait until it is done";
    }

    /** On the worker thread, where no other job runs meanwhile. */
    private void rerun(String jobId) {
        try {
            Optional<JobRecord> found = jobs.find(jobId);
            Optional<String> refusal = found.isEmpty() ? Optional.of("its record is gone") : refusal(found.get());
            if (refusal.isPresent()) {
                log.warn("Job {} not processed again: {}", jobId, refusal.get());
                return;
            }
            String retired = jobs.retire(found.get());
            log.info("Series {}: record of job {} kept as {}; processing the series again", found.get().seriesInstanceUid(), jobId, retired);
            processSeries.accept(found.get().seriesInstanceUid());
        } catch (IOException | RuntimeException e) {
            log.error("Job {} could not be processed again: {}", jobId, e.getMessage(), e);
        }
    }
}
