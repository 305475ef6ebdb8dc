package org.livernode.pipeline;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.livernode.config.LivernodeConfig;
import org.livernode.dicom.LogSafe;
import org.livernode.export.DeadLetters;
import org.livernode.export.Destination;
import org.livernode.export.ExponentialBackoff;
import org.livernode.export.Outbox;
import org.livernode.export.StorageScu;
import org.livernode.inference.InferenceException;
import org.livernode.inference.OnnxSegmenter;
import org.livernode.receive.DicomServer;
import org.livernode.receive.DicomServerConfig;
import org.livernode.series.SeriesTracker;
import org.livernode.spool.Durability;
import org.livernode.spool.ReceivedAssociation;
import org.livernode.spool.Spool;
import org.livernode.spool.SpoolLimits;
import org.livernode.spool.SpoolListener;
import org.livernode.spool.SpooledInstance;
import org.livernode.state.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running node: receive into the spool, complete series after their idle time, process them one at a
 * time on a worker thread, and deliver the results through the durable outbox. Everything that matters is on
 * disk under {@code node.spoolDir}: {@code series/} (received instances), {@code jobs/} (job records and
 * outputs), {@code dead-letter/}; a restart picks up unprocessed series and undelivered results from there.
 * The model is loaded before the port opens, so a node that listens can also segment.
 */
public final class LiverNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiverNode.class);

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final OnnxSegmenter segmenter;
    private final Outbox outbox;
    private final JobRunner runner;
    private final ExecutorService jobs = Executors.newSingleThreadExecutor(r -> new Thread(r, "series-jobs"));
    private final SeriesTracker tracker;
    private final DicomServer server;

    private LiverNode(LivernodeConfig config, OnnxSegmenter segmenter, Spool spool, JobStore jobStore) {
        this.segmenter = segmenter;
        Clock clock = Clock.systemUTC();
        LivernodeConfig.Export export = config.export();
        List<Destination> destinations = config.destinations().stream()
                .map(d -> new Destination(d.name(), d.aeTitle(), d.host(), d.port())).toList();
        this.outbox = new Outbox(jobStore, destinations, new StorageScu(config.node().aeTitle(), CONNECT_TIMEOUT, READ_TIMEOUT),
                new ExponentialBackoff(seconds(export.retryFirstDelaySeconds()), seconds(export.retryMaxDelaySeconds())),
                seconds(export.giveUpAfterHours() * 3600), new DeadLetters(spool.root().resolve("dead-letter")), clock);
        SeriesProcessor processor = SeriesProcessor.fromConfig(segmenter, config);
        this.runner = new JobRunner(spool, jobStore, processor, destinations.stream().map(Destination::name).toList(), outbox, clock);
        this.tracker = new SeriesTracker(seconds(config.series().idleTimeoutSeconds()), seconds(config.series().releaseGraceSeconds()),
                completed -> jobs.execute(() -> runner.run(completed.seriesInstanceUid())), clock);
        LivernodeConfig.Node node = config.node();
        this.server = new DicomServer(DicomServerConfig.from(node),
                spool, new SpoolListener() {
                    @Override
                    public void instanceStored(SpooledInstance instance, long association) {
                        tracker.instanceArrived(instance.seriesInstanceUid(), instance.callingAeTitle(), association);
                    }

                    @Override
                    public void associationClosed(ReceivedAssociation association) {
                        tracker.associationEnded(association.number(), association.released(), association.seriesInstanceUids());
                    }
                });
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /**
     * Loads the model, warms the processing path up (see {@link WarmUp}), opens the spool and the job store,
     * resumes what an earlier run left unfinished, and starts listening.
     */
    public static LiverNode start(LivernodeConfig config) throws InferenceException, IOException {
        LogSafe.quoteMalformedValues(config.logging().patientIdentifiers());
        OnnxSegmenter segmenter = OnnxSegmenter.open(config.inference().model(), config.inference().device());
        LiverNode node;
        try {
            WarmUp.run(SeriesProcessor.fromConfig(segmenter, config));
            Spool spool = Spool.open(config.node().spoolDir(),
                    new SpoolLimits(config.node().minFreeSpaceMiB(), config.node().maxInstancesPerSeries()),
                    config.node().fsync() ? Durability.FSYNC : Durability.WRITE);
            node = new LiverNode(config, segmenter, spool, JobStore.open(spool.root().resolve("jobs")));
            node.outbox.resume();
            for (String series : node.runner.unprocessedSeries()) {
                node.tracker.resumeFromSpool(series);
            }
            node.server.start();
        } catch (IOException | InferenceException | RuntimeException e) {
            segmenter.close();
            throw e;
        }
        log.info("livernode {} listening as {} on {}:{}; spool {}; {} destination(s)", NodeIdentity.softwareVersionOfThisBuild(),
                config.node().aeTitle(), config.node().bindAddress(), node.port(), config.node().spoolDir().toAbsolutePath(),
                config.destinations().size());
        return node;
    }

    /** The port the DICOM server listens on (useful when the config asks for port 0 in tests). */
    public int port() {
        return server.port();
    }

    /**
     * Stops listening, lets the running job finish, and stops delivering. Series still waiting for their idle
     * time and undelivered results stay on disk and are resumed at the next start.
     */
    @Override
    public void close() {
        server.close();
        tracker.close();
        jobs.shutdown();
        try {
            if (!jobs.awaitTermination(60, TimeUnit.SECONDS)) {
                log.warn("A series job did not finish within 60 s of shutdown; it is redone at the next start");
                jobs.shutdownNow();
            }
        } catch (InterruptedException e) {
            jobs.shutdownNow();
            Thread.currentThread().interrupt();
        }
        outbox.close();
        segmenter.close();
    }
}
