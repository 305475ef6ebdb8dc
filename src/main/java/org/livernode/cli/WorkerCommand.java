package org.livernode.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.livernode.audit.AuditLog;
import org.livernode.broker.BrokerConfig;
import org.livernode.broker.InferenceWorker;
import org.livernode.broker.ModelIdentity;
import org.livernode.config.ConfigException;
import org.livernode.config.ConfigLoader;
import org.livernode.config.LivernodeConfig;
import org.livernode.http.NodeHealth;
import org.livernode.http.OperationsServer;
import org.livernode.inference.OnnxSegmenter;
import org.livernode.metrics.NodeMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * An inference worker until it is stopped (SIGTERM or Ctrl-C): loads the model on {@code inference.device} and
 * answers the receivers' chunk requests from the config's broker. With an {@code http} section it serves /health
 * (ready while it consumes) and /metrics; its audit log is {@code audit.file}.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run the model for receivers (serve --role receiver): take inference requests from the config's broker and answer them.")
final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "conf/livernode.yaml",
            description = "configuration file (default: ${DEFAULT-VALUE})")
    Path config;

    @Override
    public Integer call() throws Exception {
        LivernodeConfig settings = ConfigLoader.load(config);
        BrokerConfig broker = settings.broker().orElseThrow(() -> new ConfigException(config
                + ": a worker needs a broker section (broker.uri) in the config"));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        NodeMetrics metrics = new NodeMetrics(registry);
        NodeHealth health = new NodeHealth();
        Optional<OperationsServer> http = settings.http().isPresent()
                ? Optional.of(OperationsServer.start(settings.http().get().bindAddress(), settings.http().get().port(), health, registry))
                : Optional.empty();
        OnnxSegmenter model = OnnxSegmenter.open(settings.inference().model(), settings.inference().device());
        AuditLog audit = AuditLog.open(settings.audit().file(), Clock.systemUTC());
        InferenceWorker worker = InferenceWorker.start(broker, model, ModelIdentity.of(settings.inference().model(), model.manifest()), metrics, audit);
        health.modelLoaded(model.manifest().name() + " " + model.manifest().version());
        health.serving(NodeHealth.Service.BROKER, worker::consuming);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            model.close();
            try {
                audit.close();
            } catch (java.io.IOException e) {
                System.err.println("livernode worker: closing the audit log failed: " + e.getMessage());
            }
            http.ifPresent(OperationsServer::close);
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
