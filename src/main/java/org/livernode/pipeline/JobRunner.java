package org.livernode.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.livernode.export.Outbox;
import org.livernode.inference.InferenceException;
import org.livernode.spool.Spool;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.livernode.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a completed series into a job exactly once per set of instances: the job's identity is the series and
 * the digest of its SOP Instance UIDs, and its record is written after its outputs. A series completed again
 * with the same instances (an instance re-sent, a restart) finds its record and does nothing; one with new
 * instances (late arrivals) is a new job, whose outputs get new UIDs. Work lost in a crash before the record
 * was written is redone, giving the same UIDs.
 */
final class JobRunner {
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final Spool spool;
    private final JobStore jobs;
    private final SeriesProcessor processor;
    private final List<String> destinations;
    private final Outbox outbox;
    private final Clock clock;

    JobRunner(Spool spool, JobStore jobs, SeriesProcessor processor, List<String> destinations, Outbox outbox, Clock clock) {
        this.spool = spool;
        this.jobs = jobs;
        this.processor = processor;
        this.destinations = List.copyOf(destinations);
        this.outbox = outbox;
        this.clock = clock;
    }

    private record Version(List<Path> instances, String digest, String jobId) {}

    private Version currentVersion(String seriesInstanceUid) throws IOException {
        List<Path> instances = spool.instances(seriesInstanceUid);
        String digest = JobStore.instanceSetDigest(instances.stream().map(JobRunner::sopInstanceUid).toList());
        return new Version(instances, digest, JobStore.jobId(seriesInstanceUid, digest));
    }

    /** The spool names each instance file after its SOP Instance UID. */
    private static String sopInstanceUid(Path instance) {
        String name = instance.getFileName().toString();
        return name.substring(0, name.length() - ".dcm".length());
    }

    /** Series in the spool whose current set of instances has no job yet (after a restart). */
    List<String> unprocessedSeries() throws IOException {
        List<String> unprocessed = new ArrayList<>();
        for (String uid : spool.seriesInstanceUids()) {
            Version version = currentVersion(uid);
            if (!version.instances().isEmpty() && jobs.find(version.jobId()).isEmpty()) {
                unprocessed.add(uid);
            }
        }
        return unprocessed;
    }

    /** Processes the series as the spool holds it now, unless that version was processed before. */
    void run(String seriesInstanceUid) {
        Path folder = spool.seriesFolder(seriesInstanceUid);
        try {
            Version version = currentVersion(seriesInstanceUid);
            Optional<JobRecord> done = jobs.find(version.jobId());
            if (done.isPresent()) {
                log.info("Series {}: these {} instances were processed before (job {}, {}); nothing to do", seriesInstanceUid,
                        version.instances().size(), version.jobId(), done.get().outcome());
                return;
            }
            log.info("Series {}: processing {} instances (job {})", seriesInstanceUid, version.instances().size(), version.jobId());
            try {
                SeriesProcessor.Result result = processor.process(version.instances(), jobs.folder(version.jobId()));
                Instant now = clock.instant();
                List<String> outputs = result.outputs().stream().map(p -> p.getFileName().toString()).toList();
                List<Delivery> deliveries = new ArrayList<>();
                for (String destination : destinations) {
                    outputs.forEach(output -> deliveries.add(Delivery.pending(destination, output, now)));
                }
                jobs.save(record(seriesInstanceUid, version, JobRecord.Outcome.PROCESSED, "", outputs, deliveries));
                outbox.deliver(version.jobId());
            } catch (VolumeException e) {
                if (e.notApplicable()) {
                    log.info("Series {} skipped: {}", seriesInstanceUid, e.getMessage());
                } else {
                    log.error("Series {} cannot be processed: {}; its instances stay in {}", seriesInstanceUid, e.getMessage(), folder);
                }
                jobs.save(record(seriesInstanceUid, version, e.notApplicable() ? JobRecord.Outcome.NOT_APPLICABLE : JobRecord.Outcome.FAILED,
                        e.getMessage(), List.of(), List.of()));
            } catch (InferenceException | RuntimeException e) {
                log.error("Series {} failed: {}; its instances stay in {}", seriesInstanceUid, e.getMessage(), folder, e);
                jobs.save(record(seriesInstanceUid, version, JobRecord.Outcome.FAILED, String.valueOf(e.getMessage()), List.of(), List.of()));
            }
        } catch (IOException e) {
            // Nothing recorded: the next start finds the series unprocessed and tries again.
            log.error("Series {} failed on disk: {}; it will be tried again at the next start", seriesInstanceUid, e.getMessage(), e);
        }
    }

    private JobRecord record(String seriesInstanceUid, Version version, JobRecord.Outcome outcome, String reason, List<String> outputs,
            List<Delivery> deliveries) {
        return new JobRecord(version.jobId(), seriesInstanceUid, version.digest(), version.instances().size(), outcome, reason,
                clock.instant(), outputs, deliveries);
    }
}
