package org.livernode.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.livernode.config.LivernodeConfig;
import org.livernode.dicom.LogSafe;
import org.livernode.export.Destination;
import org.livernode.export.StorageScu;
import org.livernode.export.StoreResult;
import org.livernode.inference.InferenceException;
import org.livernode.inference.OnnxSegmenter;
import org.livernode.output.seg.EmptyFrames;
import org.livernode.receive.DicomServer;
import org.livernode.receive.DicomServerConfig;
import org.livernode.series.CompletedSeries;
import org.livernode.series.SeriesTracker;
import org.livernode.spool.Spool;
import org.livernode.spool.SpoolLimits;
import org.livernode.spool.SpoolListener;
import org.livernode.spool.SpooledInstance;
import org.livernode.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running node: receive into the spool, complete series after their idle time, process them one at a
 * time on a worker thread, and send the results to every destination. The model is loaded before the port
 * opens, so a node that listens can also segment.
 */
public final class LiverNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiverNode.class);

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final LivernodeConfig config;
    private final OnnxSegmenter segmenter;
    private final Spool spool;
    private final SeriesProcessor processor;
    private final StorageScu sender;
    private final ExecutorService jobs = Executors.newSingleThreadExecutor(r -> new Thread(r, "series-jobs"));
    private final SeriesTracker tracker;
    private final DicomServer server;

    private LiverNode(LivernodeConfig config, OnnxSegmenter segmenter, Spool spool) {
        this.config = config;
        this.segmenter = segmenter;
        this.spool = spool;
        this.processor = new SeriesProcessor(segmenter,
                new NodeIdentity(NodeIdentity.softwareVersionOfThisBuild(), config.node().aeTitle()),
                EmptyFrames.fromConfig(config.seg().emptyFrames()));
        this.sender = new StorageScu(config.node().aeTitle(), CONNECT_TIMEOUT, READ_TIMEOUT);
        this.tracker = new SeriesTracker(Duration.ofMillis(Math.round(config.series().idleTimeoutSeconds() * 1000)),
                completed -> jobs.execute(() -> process(completed)), Clock.systemUTC());
        LivernodeConfig.Node node = config.node();
        this.server = new DicomServer(DicomServerConfig.from(node),
                spool, new SpoolListener() {
                    @Override
                    public void instanceStored(SpooledInstance instance) {
                        tracker.instanceArrived(instance.seriesInstanceUid(), instance.callingAeTitle());
                    }
                });
    }

    /** Loads the model, opens the spool and starts listening. */
    public static LiverNode start(LivernodeConfig config) throws InferenceException, IOException {
        LogSafe.quoteMalformedValues(config.logging().patientIdentifiers());
        OnnxSegmenter segmenter = OnnxSegmenter.open(config.inference().model(), config.inference().device());
        LiverNode node;
        try {
            node = new LiverNode(config, segmenter, Spool.open(config.node().spoolDir(),
                    new SpoolLimits(config.node().minFreeSpaceMiB(), config.node().maxInstancesPerSeries())));
            node.server.start();
        } catch (IOException | RuntimeException e) {
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

    private void process(CompletedSeries completed) {
        String uid = completed.seriesInstanceUid();
        Path folder = spool.seriesFolder(uid);
        try {
            List<Path> instances;
            try (Stream<Path> files = Files.list(folder)) {
                instances = files.filter(p -> p.getFileName().toString().endsWith(".dcm")).sorted().toList();
            }
            SeriesProcessor.Result result = processor.process(instances, spool.root().resolve("results").resolve(uid));
            for (LivernodeConfig.Destination d : config.destinations()) {
                export(uid, new Destination(d.name(), d.aeTitle(), d.host(), d.port()), result.outputs());
            }
        } catch (VolumeException e) {
            if (e.notApplicable()) {
                log.info("Series {} skipped: {}", uid, e.getMessage());
            } else {
                log.error("Series {} cannot be processed: {}; its instances stay in {}", uid, e.getMessage(), folder);
            }
        } catch (InferenceException | IOException | RuntimeException e) {
            log.error("Series {} failed: {}; its instances stay in {}", uid, e.getMessage(), folder, e);
        }
    }

    private void export(String seriesUid, Destination destination, List<Path> outputs) {
        long start = System.nanoTime();
        try {
            List<StoreResult> results = sender.send(destination, outputs);
            long millis = (System.nanoTime() - start) / 1_000_000;
            for (StoreResult r : results) {
                if (!r.stored()) {
                    log.error("Series {}: {} NOT delivered to {}: {}", seriesUid, r.file().getFileName(), describe(destination), r.describe());
                } else if (r.status().orElse(0) != 0) {
                    log.warn("Series {}: {} delivered to {} with a warning: {}", seriesUid, r.file().getFileName(), describe(destination), r.describe());
                } else {
                    log.info("Series {}: {} delivered to {} in {} ms", seriesUid, r.file().getFileName(), describe(destination), millis);
                }
            }
        } catch (IOException e) {
            log.error("Series {}: results NOT delivered to {}: {}", seriesUid, describe(destination), e.getMessage());
        }
    }

    private static String describe(Destination d) {
        return d.name() + " (" + d.aeTitle() + "@" + d.host() + ":" + d.port() + ")";
    }

    /** Stops listening, lets the running job finish, and releases the model. */
    @Override
    public void close() {
        server.close();
        tracker.close();
        jobs.shutdown();
        try {
            if (!jobs.awaitTermination(60, TimeUnit.SECONDS)) {
                log.warn("A series job did not finish within 60 s of shutdown");
                jobs.shutdownNow();
            }
        } catch (InterruptedException e) {
            jobs.shutdownNow();
            Thread.currentThread().interrupt();
        }
        segmenter.close();
    }
}
