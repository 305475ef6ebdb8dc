package org.livernode.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.GetResponse;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.audit.AuditLog;
import org.livernode.inference.ChunkModel;
import org.livernode.inference.Device;
import org.livernode.inference.InferenceException;
import org.livernode.inference.ModelManifest;
import org.livernode.inference.OnnxSegmenter;
import org.livernode.metrics.NodeMetrics;
import org.livernode.testing.RabbitMq;
import org.livernode.testing.TestModels;

/**
 * A receiver's deadline for an answer, against a real RabbitMQ: with no worker on the queue, the request fails when
 * {@code broker.replyTimeoutSeconds} has passed, saying why (in the exception its job records, the metrics and the
 * audit log), and expires on the queue to the dead letters instead of being run later for nobody. A request a worker
 * answers in time is not failed afterwards.
 */
class BrokerReplyDeadlineIT {
    @RegisterExtension
    static final RabbitMq rabbit = RabbitMq.running();
    @TempDir
    static Path dir;

    private static final Duration DEADLINE = Duration.ofSeconds(2);

    private static float[] input(ModelManifest manifest, int slices) {
        float[] values = new float[slices * manifest.input().height() * manifest.input().width()];
        Random random = new Random(5);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return values;
    }

    @Test
    void aRequestNoWorkerAnswersFailsAtTheDeadlineAndExpiresOnTheQueue() throws Exception {
        BrokerConfig broker = new BrokerConfig(URI.create(rabbit.uri()), "deadline.inference", 1, "rx", 1, DEADLINE,
                TensorCompression.NONE);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (OnnxSegmenter model = OnnxSegmenter.open(TestModels.BAND, Device.CPU);
             AuditLog audit = AuditLog.open(dir.resolve("audit.jsonl"), Clock.systemUTC());
             BrokerModel receiver = BrokerModel.connect(broker, model.manifest(), ModelIdentity.of(TestModels.BAND, model.manifest()),
                     new NodeMetrics(registry), audit)) {
            float[] values = input(model.manifest(), 2);
            long start = System.nanoTime();
            CompletableFuture<float[]> unanswered = receiver.submit(new ChunkModel.ChunkId("series-a", 0), FloatBuffer.wrap(values), 2);
            ExecutionException e = assertThrows(ExecutionException.class, () -> unanswered.get(60, TimeUnit.SECONDS));
            long waited = System.nanoTime() - start;
            assertTrue(waited >= DEADLINE.toNanos(), "failed after " + waited / 1_000_000 + " ms, before the deadline");
            InferenceException failure = assertInstanceOf(InferenceException.class, e.getCause());
            assertTrue(failure.getMessage().contains("no inference worker answered within 2 s")
                    && failure.getMessage().contains("queue deadline.inference"), failure.getMessage());
            // Counted and audited once the request has failed, on the deadline's thread.
            long recorded = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (noReplyLines() == 0 && System.nanoTime() < recorded) {
                Thread.sleep(20);
            }
            assertEquals(1, noReplyLines());
            assertTrue(registry.scrape().contains("livernode_broker_failures_total{reason=\"no_reply\"} 1.0"), registry.scrape());

            // The request expired: it went to the dead letters as published, and no worker will run it.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (rabbit.depth(broker.queue()) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, rabbit.depth(broker.queue()), "the expired request left the request queue");
            List<GetResponse> dead = rabbit.drain(broker.deadLetterQueue());
            assertEquals(1, dead.size());
            assertEquals("series-a#0", dead.get(0).getProps().getCorrelationId());

            // With a worker serving, the answer comes in time and the deadline does not fail it afterwards.
            try (InferenceWorker worker = InferenceWorker.start(broker, model, ModelIdentity.of(TestModels.BAND, model.manifest()),
                    new NodeMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)), audit)) {
                CompletableFuture<float[]> answered = receiver.submit(new ChunkModel.ChunkId("series-b", 0), FloatBuffer.wrap(values), 2);
                assertArrayEquals(model.run(FloatBuffer.wrap(values), 2), answered.get(60, TimeUnit.SECONDS), 0f);
                Thread.sleep(DEADLINE.toMillis() + 1000);
                assertTrue(registry.scrape().contains("livernode_broker_failures_total{reason=\"no_reply\"} 1.0"), registry.scrape());
                assertEquals(1, noReplyLines(), "the answered request was not failed after its deadline");
            }
        }
    }

    private static long noReplyLines() throws IOException {
        return Files.readAllLines(dir.resolve("audit.jsonl")).stream().map(BrokerReplyDeadlineIT::json)
                .filter(line -> "inferenceFailure".equals(line.path("event").asText()) && "no_reply".equals(line.path("reason").asText()))
                .count();
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
