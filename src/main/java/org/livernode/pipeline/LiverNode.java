package org.livernode.pipeline;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.livernode.audit.AuditLog;
import org.livernode.broker.BrokerConfig;
import org.livernode.broker.BrokerModel;
import org.livernode.broker.ModelIdentity;
import org.livernode.config.LivernodeConfig;
import org.livernode.dicom.LogSafe;
import org.livernode.dicom.SopClasses;
import org.livernode.dimse.service.EchoScu;
import org.livernode.dimse.service.StorageScu;
import org.livernode.export.DeadLetters;
import org.livernode.export.Destination;
import org.livernode.export.ExponentialBackoff;
import org.livernode.export.OperatorRequests;
import org.livernode.export.Outbox;
import org.livernode.http.AdminToken;
import org.livernode.http.Console;
import org.livernode.http.DestinationEchoes;
import org.livernode.http.NodeHealth;
import org.livernode.http.OperationsServer;
import org.livernode.inference.ChunkModel;
import org.livernode.inference.InferenceException;
import org.livernode.inference.ModelManifest;
import org.livernode.inference.OnnxSegmenter;
import org.livernode.inference.StreamingSegmenter;
import org.livernode.metrics.NodeMetrics;
import org.livernode.metrics.NodeMetrics.AssociationOutcome;
import org.livernode.receive.DicomServer;
import org.livernode.receive.ReceivedAssociation;
import org.livernode.receive.SpoolListener;
import org.livernode.receive.SpoolListeners;
import org.livernode.retention.Retention;
import org.livernode.series.SeriesActivity;
import org.livernode.series.SeriesTracker;
import org.livernode.spool.Durability;
import org.livernode.spool.Spool;
import org.livernode.spool.SpoolLimits;
import org.livernode.spool.SpooledInstance;
import org.livernode.state.JobStore;
import org.livernode.state.StateRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running node: receive into the spool, segment CT slices as they are stored (when streaming), complete series
 * after their idle time, process them one at a time on a worker thread as the routing rules say, and deliver the
 * results through the durable outbox.
 * Everything that matters is on disk under {@code node.spoolDir}: {@code series/} (received instances),
 * {@code jobs/} (job records and outputs), {@code dead-letter/}; a restart picks up unprocessed series and
 * undelivered results from there. The model is loaded before the port opens, so a node that listens can also
 * segment. Associations and jobs are counted in the metrics and written to the audit log; the HTTP endpoint,
 * when configured, opens first so that /health answers (503) while the model loads.
 */
public final class LiverNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiverNode.class);

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    /** All in one process, or a receiver whose series are segmented by inference workers behind the broker. */
    public enum Role {
        ALL_IN_ONE,
        RECEIVER;

        /** What {@code serve} without {@code --role} is: a receiver when the config has a broker section, else all in one. */
        public static Role defaultFor(LivernodeConfig config) {
            return config.broker().isPresent() ? RECEIVER : ALL_IN_ONE;
        }
    }

    private final AutoCloseable segmenter;
    private final NodeHealth health;
    private final Optional<OperationsServer> http;
    private final AuditLog audit;
    private final Outbox outbox;
    private final JobRunner runner;
    private final ExecutorService jobs;
    private final SeriesTracker tracker;
    private final DicomServer server;
    private final Retention retention;
    private final Optional<StreamingSegmenter> streaming;

    private LiverNode(LivernodeConfig config, ChunkModel model, AutoCloseable segmenter, String inferenceRunsOn, int seriesInFlight,
            NodeHealth health, Optional<OperationsServer> http, NodeMetrics metrics, AuditLog audit, Spool spool, JobStore jobStore) throws InferenceException {
        this.segmenter = segmenter;
        // One series at a time in this process; a receiver keeps several at the workers, so that they are all busy.
        this.jobs = Executors.newFixedThreadPool(seriesInFlight, r -> new Thread(r, "series-jobs"));
        this.health = health;
        this.http = http;
        this.audit = audit;
        Clock clock = Clock.systemUTC();
        LivernodeConfig.Export export = config.export();
        StateRoot state = new StateRoot(spool.root());
        this.outbox = new Outbox(jobStore, config.destinations(), new StorageScu(config.node().aeTitle(), CONNECT_TIMEOUT, READ_TIMEOUT),
                new ExponentialBackoff(export.retryFirstDelay(), export.retryMaxDelay()),
                export.giveUpAfter(), new DeadLetters(state.deadLetters()),
                new OperatorRequests(state.operatorRequests()), clock, metrics,
                audit::deliveriesFinished);
        SeriesProcessor processor = SeriesProcessor.fromConfig(model, config);
        // A quarter of the heap for the masks of series still arriving: a 1,000-slice series still fits in -Xmx1g.
        this.streaming = config.inference().streaming()
                ? StreamingSegmenter.start(model, Runtime.getRuntime().maxMemory() / 4, new RoutedAdmission(config.router()))
                : Optional.empty();
        this.runner = new JobRunner(spool, jobStore, processor, config.router(), outbox, streaming, metrics, audit, clock);
        SeriesActivity activity = new SeriesActivity();
        this.tracker = new SeriesTracker(config.series().idleTimeout(), config.series().releaseGrace(), config.series().completeOnRelease(),
                completed -> {
                    metrics.seriesCompleted();
                    activity.submit(jobs, completed.seriesInstanceUid(), () -> runner.run(completed.seriesInstanceUid()));
                });
        metrics.watchSpool(() -> spoolBytes(spool));
        this.retention = new Retention(spool, jobStore, config.retention(), () -> {
            Set<String> inFlight = new HashSet<>(tracker.pendingSeriesInstanceUids());
            inFlight.addAll(activity.seriesInstanceUids());
            return inFlight;
        }, metrics, audit, clock);
        this.server = new DicomServer(config.node().dicomServer(), spool, spoolListeners(metrics));
        health.serving(NodeHealth.Service.DICOM, server::listening);
        http.ifPresent(h -> h.console(console(config, inferenceRunsOn, spool, jobStore, state, activity)));
    }

    /**
     * What the node does with each stored instance and each association. Only the series tracker intervenes: it must
     * know of an instance before the sender is told it is stored, or the series might complete without it. Metrics,
     * streaming and the audit log are notified; their failures are logged, and a slice not streamed is segmented at
     * completion.
     */
    private SpoolListener spoolListeners(NodeMetrics metrics) {
        SpoolListener tracking = new SpoolListener() {
            @Override
            public void instanceStored(SpooledInstance instance, long association) {
                tracker.instanceArrived(instance.seriesInstanceUid(), instance.callingAeTitle(), association);
            }

            @Override
            public void associationClosed(ReceivedAssociation association) {
                tracker.associationEnded(association.number(), association.released(), association.seriesInstanceUids());
            }
        };
        SpoolListener counting = new SpoolListener() {
            @Override
            public void instanceStored(SpooledInstance instance, long association) {
                metrics.instanceReceived();
            }

            @Override
            public void associationClosed(ReceivedAssociation association) {
                metrics.associationEnded(association.released() ? AssociationOutcome.RELEASED : AssociationOutcome.ABORTED);
            }

            @Override
            public void associationRejected(String callingAeTitle, String remoteAddress, String reason) {
                metrics.associationEnded(AssociationOutcome.REJECTED);
            }
        };
        SpoolListener auditing = new SpoolListener() {
            @Override
            public void instanceStored(SpooledInstance instance, long association) {
                // The audit log has a line per association, which lists its instances.
            }

            @Override
            public void associationClosed(ReceivedAssociation association) {
                audit.associationEnded(association);
            }

            @Override
            public void associationRejected(String callingAeTitle, String remoteAddress, String reason) {
                audit.associationRejected(callingAeTitle, remoteAddress, reason);
            }
        };
        List<SpoolListeners.Named> notified = new ArrayList<>();
        notified.add(new SpoolListeners.Named("metrics", counting));
        streaming.ifPresent(s -> notified.add(new SpoolListeners.Named("streaming", (instance, association) -> {
            if (SopClasses.CT_IMAGE_STORAGE.equals(instance.sopClassUid())) {
                s.instanceStored(instance.seriesInstanceUid(), instance.path());
            }
        })));
        notified.add(new SpoolListeners.Named("audit log", auditing));
        return new SpoolListeners(new SpoolListeners.Named("series tracker", tracking), notified);
    }

    /** The operator's console over this node's parts; re-runs go to the same worker as every series job. */
    private Console console(LivernodeConfig config, String inferenceRunsOn, Spool spool, JobStore jobStore, StateRoot state,
            SeriesActivity activity) {
        String aeTitle = config.node().aeTitle();
        Console.Node parts = new Console.Node(aeTitle, server::port, inferenceRunsOn, health, spool, jobStore,
                new DeadLetters(state.deadLetters()), new OperatorRequests(state.operatorRequests()),
                config.destinations().stream().map(Destination::name).collect(Collectors.toSet()),
                new DestinationEchoes(config.destinations(), new EchoScu(aeTitle, CONNECT_TIMEOUT, CONNECT_TIMEOUT)::echo, Clock.systemUTC()),
                tracker::pending, activity, audit);
        JobRerun rerun = new JobRerun(jobStore, spool, activity,
                series -> tracker.pending().stream().anyMatch(p -> p.seriesInstanceUid().equals(series)), jobs, runner::run);
        return new Console(parts, new AdminToken(config.http().orElseThrow().adminToken()), config.logging().patientIdentifiers(), rerun);
    }

    /** NaN, which Prometheus shows as such, when the spool cannot be walked. */
    private static double spoolBytes(Spool spool) {
        try {
            return spool.bytes();
        } catch (IOException e) {
            log.warn("Spool {}: cannot add up its size for the metrics: {}", spool.root(), e.getMessage());
            return Double.NaN;
        }
    }

    /**
     * Opens the HTTP endpoint (when configured), loads the model, warms the processing path up (see {@link WarmUp}),
     * opens the spool, the job store and the audit log,
     * resumes what an earlier run left unfinished, and starts listening.
     */
    public static LiverNode start(LivernodeConfig config) throws InferenceException, IOException {
        return start(config, Role.defaultFor(config));
    }

    /**
     * Starts the node in a role. A receiver loads no model: it reads the manifest and hashes the model file, so that
     * workers with another model refuse its requests, connects to the broker, and skips the warm-up (which would
     * need a worker).
     *
     * @throws IllegalArgumentException a receiver without a broker section (the command line refuses it before)
     */
    public static LiverNode start(LivernodeConfig config, Role role) throws InferenceException, IOException {
        if (role == Role.RECEIVER && config.broker().isEmpty()) {
            throw new IllegalArgumentException("the receiver role needs a broker section in the config (broker.uri)");
        }
        LogSafe.quoteMalformedValues(config.logging().patientIdentifiers());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        NodeMetrics metrics = new NodeMetrics(registry);
        NodeHealth health = new NodeHealth();
        Optional<OperationsServer> http = config.http().isPresent()
                ? Optional.of(OperationsServer.start(config.http().get().bindAddress(), config.http().get().port(), health, registry))
                : Optional.empty();
        List<AutoCloseable> opened = new ArrayList<>(http.stream().toList());
        LiverNode node;
        try {
            AuditLog audit = AuditLog.open(config.audit().file(), Clock.systemUTC());
            opened.add(audit);
            ChunkModel model;
            AutoCloseable modelResource;
            int seriesInFlight = 1;
            String inferenceRunsOn;
            if (role == Role.RECEIVER) {
                BrokerConfig broker = config.broker().orElseThrow();
                ModelManifest manifest = ModelManifest.read(ModelManifest.manifestPathFor(config.inference().model()));
                BrokerModel remote = BrokerModel.connect(broker, manifest, ModelIdentity.of(config.inference().model(), manifest), metrics, audit);
                opened.add(remote);
                model = remote;
                modelResource = remote;
                seriesInFlight = broker.seriesInFlight();
                inferenceRunsOn = "inference workers behind the broker (queue " + broker.queue() + ")";
                health.modelLoaded(manifest.name() + " " + manifest.version() + " (inference workers behind the broker)");
            } else {
                OnnxSegmenter segmenter = OnnxSegmenter.open(config.inference().model(), config.inference().device());
                opened.add(segmenter);
                model = segmenter;
                modelResource = segmenter;
                inferenceRunsOn = segmenter.executionProvider();
                WarmUp.run(SeriesProcessor.fromConfig(segmenter, config));
                health.modelLoaded(segmenter.manifest().name() + " " + segmenter.manifest().version());
            }
            Spool spool = Spool.open(config.node().spoolDir(),
                    new SpoolLimits(config.node().minFreeSpaceMiB(), config.node().maxInstancesPerSeries()),
                    config.node().fsync() ? Durability.FSYNC : Durability.WRITE);
            node = new LiverNode(config, model, modelResource, inferenceRunsOn, seriesInFlight, health, http, metrics, audit, spool,
                    JobStore.open(new StateRoot(spool.root()).jobs()));
            node.retention.finishInterruptedPurges();
            node.outbox.resume();
            for (String series : node.runner.unprocessedSeries()) {
                node.tracker.resumeFromSpool(series);
            }
            node.server.start();
            node.retention.start();
        } catch (InferenceException | IOException | RuntimeException e) {
            closeAll(opened);
            throw e;
        }
        log.info("livernode {} listening as {} on {}:{}; spool {}; {} destination(s); audit log {}", NodeIdentity.softwareVersionOfThisBuild(),
                config.node().aeTitle(), config.node().bindAddress(), node.port(), config.node().spoolDir().toAbsolutePath(),
                config.destinations().size(), node.audit.file());
        return node;
    }

    private static void closeAll(List<AutoCloseable> opened) {
        for (AutoCloseable resource : opened) {
            try {
                resource.close();
            } catch (Exception e) {
                log.warn("Closing {} after a failed start failed: {}", resource, e.getMessage());
            }
        }
    }

    /** The port the DICOM server listens on (useful when the config asks for port 0 in tests). */
    public int port() {
        return server.port();
    }

    /**
     * Stops listening, lets the running job finish, and stops delivering. Series still waiting for their idle
     * time and undelivered results stay on disk and are resumed at the next start. /health says 503 from the
     * moment the DICOM server stops; the HTTP endpoint closes last.
     */
    @Override
    public void close() {
        server.close();
        retention.close();
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
        streaming.ifPresent(StreamingSegmenter::close);
        outbox.close();
        health.modelUnloaded();
        try {
            segmenter.close();
        } catch (Exception e) {
            log.warn("Closing the model failed: {}", e.getMessage());
        }
        try {
            audit.close();
        } catch (IOException e) {
            log.warn("Closing the audit log {} failed: {}", audit.file(), e.getMessage());
        }
        http.ifPresent(OperationsServer::close);
    }
}
