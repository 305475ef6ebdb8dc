package org.livernode.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.http.RerunRequests.Answer;
import org.livernode.http.RerunRequests.Outcome;
import org.livernode.series.SeriesActivity;
import org.livernode.spool.Spool;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;

class JobRerunTest {
    private static final String SERIES = "1.2.3";
    private static final Instant T = Instant.parse("2026-12-04T10:00:00Z");

    @TempDir
    Path dir;

    private Spool spool;
    private JobStore jobs;
    private final List<Runnable> worker = new ArrayList<>();
    private final List<String> processed = new ArrayList<>();
    private final AtomicBoolean receiving = new AtomicBoolean();
    private final SeriesActivity activity = new SeriesActivity();

    private JobRerun rerun() throws Exception {
        spool = Spool.open(dir.resolve("spool"));
        jobs = JobStore.open(dir.resolve("spool/jobs"));
        return new JobRerun(jobs, spool, activity, series -> receiving.get(), worker::add, processed::add);
    }

    /** A job made of the instances {@code sops}, which the spool holds. */
    private JobRecord job(List<Delivery> deliveries, String... sops) throws Exception {
        Path folder = Files.createDirectories(spool.seriesFolder(SERIES));
        for (String sop : sops) {
            Files.writeString(folder.resolve(sop + ".dcm"), "CT");
        }
        String digest = JobStore.instanceSetDigest(List.of(sops));
        JobRecord job = new JobRecord(JobStore.jobId(SERIES, digest), SERIES, digest, sops.length, JobRecord.Outcome.PROCESSED, "", T,
                List.of("seg.dcm"), deliveries, "liver 1", List.of("default"), null);
        jobs.save(job);
        return job;
    }

    @Test
    void aJobNothingHappensToIsRetiredAndItsSeriesProcessedAgainOnTheWorker() throws Exception {
        JobRerun rerun = rerun();
        JobRecord job = job(List.of(Delivery.pending("pacs", "seg.dcm", T).delivered(T)), "1.2.3.1", "1.2.3.2");
        assertEquals(new Outcome(Answer.QUEUED, "job " + job.jobId() + " queued to be processed again"), rerun.request(job.jobId()));
        assertEquals(List.of(), processed, "nothing done on the request's thread");
        assertTrue(jobs.find(job.jobId()).isPresent());
        assertEquals(Answer.REFUSED, rerun.request(job.jobId()).answer(), "queued already");

        worker.remove(0).run();
        assertEquals(List.of(SERIES), processed);
        assertEquals(Optional.empty(), jobs.find(job.jobId()), "no record: the runner processes the series as new");
        assertTrue(Files.isRegularFile(dir.resolve("spool/jobs").resolve(job.jobId()).resolve("attempt-" + T.toEpochMilli() + ".json")),
                "the first attempt's record kept");
        assertEquals(List.of(), activity.entries(), "done");
    }

    @Test
    void aJobIsNotReRunWhileSomethingHappensToItOrItsInstancesChanged() throws Exception {
        JobRerun rerun = rerun();
        assertEquals(Answer.NO_SUCH_JOB, rerun.request("1.2.3-0123456789abcdef").answer());

        JobRecord pending = job(List.of(Delivery.pending("pacs", "seg.dcm", T)), "1.2.3.1");
        Outcome stillDelivering = rerun.request(pending.jobId());
        assertEquals(Answer.REFUSED, stillDelivering.answer());
        assertTrue(stillDelivering.message().contains("still has results to deliver"), stillDelivering.message());

        JobRecord dead = job(List.of(Delivery.pending("pacs", "seg.dcm", T).dead(T, "refused")), "1.2.3.1");
        assertTrue(rerun.request(dead.jobId()).message().contains("resend its dead letters instead"));

        JobRecord failed = new JobRecord(dead.jobId(), SERIES, dead.instanceSetDigest(), 1, JobRecord.Outcome.FAILED, "bad", T, List.of(), List.of(),
                "", List.of(), null);
        jobs.save(failed);
        receiving.set(true);
        assertTrue(rerun.request(failed.jobId()).message().contains("being received or processed"));
        receiving.set(false);

        Files.writeString(spool.seriesFolder(SERIES).resolve("1.2.3.9.dcm"), "a late instance");
        Outcome changed = rerun.request(failed.jobId());
        assertEquals(Answer.REFUSED, changed.answer());
        assertTrue(changed.message().contains("no longer holds the 1 instances"), changed.message());
        assertEquals(List.of(), worker);
    }

    @Test
    void theWorkerChecksAgainAndLeavesAJobThatChangedMeanwhile() throws Exception {
        JobRerun rerun = rerun();
        JobRecord job = job(List.of(), "1.2.3.1");
        assertEquals(Answer.QUEUED, rerun.request(job.jobId()).answer());
        Files.writeString(spool.seriesFolder(SERIES).resolve("1.2.3.9.dcm"), "arrived after the request");
        worker.remove(0).run();
        assertEquals(List.of(), processed);
        assertTrue(jobs.find(job.jobId()).isPresent(), "the record stays");
    }
}
