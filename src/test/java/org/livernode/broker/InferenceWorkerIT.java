package org.livernode.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.audit.AuditLog;
import org.livernode.inference.Device;
import org.livernode.inference.ModelManifest;
import org.livernode.inference.OnnxSegmenter;
import org.livernode.metrics.NodeMetrics;
import org.livernode.testing.RabbitMq;
import org.livernode.testing.TestModels;

/**
 * An inference worker against a real RabbitMQ, fed by hand: requests it cannot answer (garbage, another format
 * version, a cut tensor, another model) are dead-lettered with their reason and answered with a failure, and the
 * worker goes on serving: a good request afterwards gets the probabilities the model gives in this process, bit
 * for bit.
 */
class InferenceWorkerIT {
    @RegisterExtension
    static final RabbitMq rabbit = RabbitMq.running();
    @TempDir
    static Path dir;

    private static final String REPLIES = "test.replies";
    private static BrokerConfig broker;
    private static OnnxSegmenter model;
    private static ModelIdentity identity;
    private static PrometheusMeterRegistry registry;
    private static AuditLog audit;
    private static InferenceWorker worker;
    private static Connection connection;
    private static Channel channel;

    @BeforeAll
    static void startWorker() throws Exception {
        broker = new BrokerConfig(URI.create(rabbit.uri()), "test.inference", 1, "test", 1, Duration.ofMinutes(10),
                TensorCompression.NONE);
        model = OnnxSegmenter.open(TestModels.BAND, Device.CPU);
        identity = ModelIdentity.of(TestModels.BAND, model.manifest());
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        audit = AuditLog.open(dir.resolve("audit.jsonl"), Clock.systemUTC());
        worker = InferenceWorker.start(broker, model, identity, new NodeMetrics(registry), audit);
        connection = rabbit.connect();
        channel = connection.createChannel();
        channel.queueDeclare(REPLIES, true, false, false, Map.of("x-queue-type", "quorum"));
    }

    @AfterAll
    static void stopWorker() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (worker != null) {
            worker.close();
        }
        if (model != null) {
            model.close();
        }
        if (audit != null) {
            audit.close();
        }
    }

    private static void request(String id, byte[] body) throws Exception {
        AMQP.BasicProperties properties = MessageProperties.PERSISTENT_BASIC.builder().correlationId(id).replyTo(REPLIES).build();
        channel.basicPublish("", broker.queue(), properties, body);
    }

    /** The next reply on the test's reply queue; waits generously, since the worker shares two loaded cores. */
    private static ChunkMessages.Reply awaitReply() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            GetResponse response = channel.basicGet(REPLIES, true);
            if (response != null) {
                return ChunkMessages.decodeReply(response.getBody());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no reply within 2 minutes");
    }

    private static float[] input(int slices) {
        ModelManifest.Input in = model.manifest().input();
        float[] values = new float[slices * in.height() * in.width()];
        Random random = new Random(3);
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextFloat();
        }
        return values;
    }

    private static byte[] goodRequest(String id, ModelIdentity model, float[] values, int slices) {
        ModelManifest.Input in = InferenceWorkerIT.model.manifest().input();
        return ChunkMessages.encode(new ChunkMessages.Request(id, model, slices, 1, in.height(), in.width(), values, TensorCompression.DEFLATE));
    }

    @Test
    void badRequestsAreDeadLetteredWithTheirReasonAndTheWorkerKeepsServing() throws Exception {
        byte[] good = goodRequest("bad#3", identity, input(2), 2);
        byte[] otherVersion = good.clone();
        otherVersion[5] = (byte) (ChunkMessages.FORMAT_VERSION + 1);
        ModelIdentity otherModel = new ModelIdentity(identity.name(), identity.version(), "f".repeat(64));
        List<Object[]> bad = List.of(
                new Object[] {"bad#0", "not a chunk at all".getBytes(), FailureReason.GARBAGE},
                new Object[] {"bad#1", otherVersion, FailureReason.VERSION},
                new Object[] {"bad#2", Arrays.copyOf(good, good.length - 40), FailureReason.TRUNCATED},
                new Object[] {"bad#3", goodRequest("bad#3", otherModel, input(2), 2), FailureReason.MODEL_MISMATCH});
        for (Object[] b : bad) {
            request((String) b[0], (byte[]) b[1]);
        }
        for (Object[] b : bad) {
            ChunkMessages.Failure failure = assertInstanceOf(ChunkMessages.Failure.class, awaitReply());
            assertEquals(b[0], failure.requestId());
            assertEquals(b[2], failure.reason(), failure.detail());
        }
        List<GetResponse> dead = rabbit.drain(broker.deadLetterQueue());
        assertEquals(4, dead.size());
        for (int i = 0; i < bad.size(); i++) {
            Map<String, Object> headers = dead.get(i).getProps().getHeaders();
            assertEquals(((FailureReason) bad.get(i)[2]).tag(), String.valueOf(headers.get("x-livernode-reason")));
            assertTrue(String.valueOf(headers.get("x-livernode-detail")).length() > 0);
            assertArrayEquals((byte[]) bad.get(i)[1], dead.get(i).getBody(), "the dead letter is the request as it came");
        }
        assertTrue(registry.scrape().contains("livernode_broker_dead_lettered_total{reason=\"model_mismatch\"} 1.0"), registry.scrape());
        long mismatches = Files.readAllLines(dir.resolve("audit.jsonl")).stream().map(InferenceWorkerIT::json)
                .filter(line -> "inferenceFailure".equals(line.path("event").asText()) && "model_mismatch".equals(line.path("reason").asText()))
                .count();
        assertEquals(1, mismatches);

        float[] values = input(3);
        request("good#0", goodRequest("good#0", identity, values, 3));
        ChunkMessages.Probabilities answer = assertInstanceOf(ChunkMessages.Probabilities.class, awaitReply());
        assertEquals("good#0", answer.requestId());
        float[] expected = model.run(FloatBuffer.wrap(values), 3);
        assertArrayEquals(expected, answer.values(), 0f);
        assertEquals(0, rabbit.depth(broker.queue()));
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
