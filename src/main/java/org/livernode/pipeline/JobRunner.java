package org.livernode.pipeline;

import com.google.common.util.concurrent.Striped;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Lock;
import org.livernode.audit.AuditLog;
import org.livernode.export.Outbox;
import org.livernode.inference.InferenceException;
import org.livernode.inference.StreamedSlices;
import org.livernode.inference.StreamingSegmenter;
import org.livernode.metrics.NodeMetrics;
import org.livernode.qc.QcOutcome;
import org.livernode.qc.QcReport;
import org.livernode.routing.Route;
import org.livernode.routing.Router;
import org.livernode.routing.SeriesAttributes;
import org.livernode.series.SeriesLogContext;
import org.livernode.spool.SeriesVersion;
import org.livernode.spool.Spool;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.livernode.state.QualityRecord;
import org.livernode.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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
    private final Router router;
    private final Outbox outbox;
    private final Optional<StreamingSegmenter> streaming;
    private final NodeMetrics metrics;
    private final AuditLog audit;
    private final Clock clock;
    /** A fixed set of locks, whatever the number of series; two series that share one just take turns. */
    private final Striped<Lock> seriesLocks = Striped.lock(256);

    /** @param streaming segments slices while their series arrives; each job takes (and so ends) its series' stream */
    JobRunner(Spool spool, JobStore jobs, SeriesProcessor processor, Router router, Outbox outbox, Optional<StreamingSegmenter> streaming,
            NodeMetrics metrics, AuditLog audit, Clock clock) {
        this.spool = spool;
        this.jobs = jobs;
        this.processor = processor;
        this.router = router;
        this.outbox = outbox;
        this.streaming = streaming;
        this.metrics = metrics;
        this.audit = audit;
        this.clock = clock;
    }

    /** Series in the spool whose current set of instances has no job yet (after a restart). */
    List<String> unprocessedSeries() throws IOException {
        List<String> unprocessed = new ArrayList<>();
        for (String uid : spool.seriesInstanceUids()) {
            SeriesVersion version = spool.currentVersion(uid);
            if (!version.instances().isEmpty() && jobs.find(version.jobId()).isEmpty()) {
                unprocessed.add(uid);
            }
        }
        return unprocessed;
    }

    /**
     * Processes the series as the spool holds it now, unless that version was processed before: assembles it, asks
     * the routing rules what to make and where to send it, segments it, and hands the results to the outbox. Every
     * outcome, a series no rule takes included, is recorded, so that a restart does not look at it again.
     */
    void run(String seriesInstanceUid) {
        // Several series may be processed at once (a receiver with inference workers); one series never twice at once.
        Lock lock = seriesLocks.get(seriesInstanceUid);
        try (MDC.MDCCloseable series = SeriesLogContext.of(seriesInstanceUid)) {
            lock.lock();
            try {
                runAlone(seriesInstanceUid);
            } finally {
                lock.unlock();
            }
        }
    }

    private void runAlone(String seriesInstanceUid) {
        Path folder = spool.seriesFolder(seriesInstanceUid);
        // Taken whatever becomes of the series, so that no stream outlives its job.
        StreamedSlices streamed = streaming.map(s -> s.take(seriesInstanceUid)).orElse(StreamedSlices.NONE);
        try {
            SeriesVersion version = spool.currentVersion(seriesInstanceUid);
            Optional<JobRecord> done = jobs.find(version.jobId());
            if (done.isPresent()) {
                log.info("These {} instances were processed before (job {}, {}); nothing to do", version.instances().size(), version.jobId(),
                        done.get().outcome());
                return;
            }
            log.info("Processing {} instances (job {})", version.instances().size(), version.jobId());
            Map<String, Long> stageMillis = Map.of();
            JobRecord record;
            try {
                SeriesProcessor.Assembled assembled = processor.assemble(version.instances());
                Route route = router.route(SeriesAttributes.of(assembled.volume()));
                if (route.matched()) {
                    log.info("Rule(s) {} match; sending {}", route.rules(),
                            route.destinations().isEmpty() ? "nowhere (no destinations)" : route.destinations());
                    SeriesProcessor.Result result = processor.process(assembled, route.outputs(), jobs.folder(version.jobId()), streamed);
                    metrics.inference(Duration.ofMillis(result.times().inferenceMillis()));
                    metrics.qualityChecked(result.qc().outcome().name(), result.qc().findings().stream().map(f -> f.reason().label()).toList());
                    stageMillis = result.times().byStage();
                    record = processed(version, route, result);
                } else {
                    String reason = "no routing rule matches (" + String.join("; ", route.mismatches()) + ")";
                    log.info("Left alone: {}", reason);
                    record = record(version, JobRecord.Outcome.NO_RULE, reason);
                }
            } catch (VolumeException e) {
                if (e.notApplicable()) {
                    log.info("Skipped: {}", e.getMessage());
                } else {
                    log.error("Cannot be processed: {}; its instances stay in {}", e.getMessage(), folder);
                }
                record = record(version, e.notApplicable() ? JobRecord.Outcome.NOT_APPLICABLE : JobRecord.Outcome.FAILED,
                        e.getMessage());
            } catch (InferenceException | RuntimeException e) {
                if (stoppedByShutdown(e)) {
                    // Nothing recorded, as for a crash: the next start finds the series unprocessed and redoes it.
                    log.info("Stopped by the node's shutdown ({}); the series is redone at the next start", e.getMessage());
                    return;
                }
                log.error("Failed: {}; its instances stay in {}", e.getMessage(), folder, e);
                record = record(version, JobRecord.Outcome.FAILED, String.valueOf(e.getMessage()));
            }
            jobs.save(record);
            metrics.jobFinished(record.outcome());
            audit.job(record, stageMillis);
            if (record.hasPendingDeliveries()) {
                outbox.deliver(version.jobId());
            }
        } catch (IOException e) {
            // Nothing recorded: the next start finds the series unprocessed and tries again.
            log.error("Failed on disk: {}; the series will be tried again at the next start", e.getMessage(), e);
        }
    }

    /** Whether the job ended because the node is stopping (its wait for the model interrupted or called off) rather than failed. */
    private static boolean stoppedByShutdown(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException || cause instanceof CancellationException) {
                return true;
            }
        }
        return false;
    }

    /**
     * One delivery per destination and output it gets: pending, or held where the quality check asks for review and
     * a rule that names the destination holds such results.
     */
    private JobRecord processed(SeriesVersion version, Route route, SeriesProcessor.Result result) {
        Instant now = clock.instant();
        boolean review = result.qc().outcome() == QcOutcome.REVIEW;
        List<Delivery> deliveries = new ArrayList<>();
        route.destinations().forEach((destination, outputs) -> outputs.forEach(output -> {
            String file = result.outputs().get(output).getFileName().toString();
            deliveries.add(review && route.heldOnReview().contains(destination) ? Delivery.held(destination, file)
                    : Delivery.pending(destination, file, now));
        }));
        if (deliveries.stream().anyMatch(d -> d.state() == Delivery.State.HELD)) {
            log.warn("Results for {} held until an operator releases or discards them in the console",
                    route.heldOnReview().stream().filter(route.destinations()::containsKey).sorted().toList());
        }
        List<String> outputs = result.outputs().values().stream().map(p -> p.getFileName().toString()).toList();
        return new JobRecord(version.jobId(), version.seriesInstanceUid(), version.digest(), version.instances().size(),
                JobRecord.Outcome.PROCESSED, "", now, outputs, deliveries, result.model(), route.rules(), qualityRecord(result.qc()));
    }

    static QualityRecord qualityRecord(QcReport qc) {
        return new QualityRecord(qc.outcome().name(),
                qc.findings().stream().map(f -> new QualityRecord.Finding(f.reason().label(), f.detail())).toList(),
                qc.measurements().volumeMl(), qc.measurements().withinScannedRangeOnly());
    }

    /** A job that made nothing. */
    private JobRecord record(SeriesVersion version, JobRecord.Outcome outcome, String reason) {
        return new JobRecord(version.jobId(), version.seriesInstanceUid(), version.digest(), version.instances().size(), outcome, reason,
                clock.instant(), List.of(), List.of(), "", List.of(), null);
    }
}
