package org.livernode.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.livernode.config.ConfigException;
import org.livernode.config.ConfigLoader;
import org.livernode.config.LivernodeConfig;

class BrokerConfigTest {
    private static final String NODE = "node: { aeTitle: 'CT ROOM 2', spoolDir: var/spool }\n";

    private static LivernodeConfig parse(String broker) throws ConfigException {
        return ConfigLoader.parse(NODE + broker, "test.yaml");
    }

    @Test
    void withoutASectionTheNodeIsAllInOne() throws ConfigException {
        assertTrue(parse("").broker().isEmpty());
    }

    @Test
    void defaultsNameTheQueuesAfterTheAeTitle() throws ConfigException {
        BrokerConfig broker = parse("broker: { uri: 'amqp://guest:guest@mq.example:5672/%2f' }").broker().orElseThrow();
        assertEquals(URI.create("amqp://guest:guest@mq.example:5672/%2f"), broker.uri());
        assertEquals("livernode.inference", broker.queue());
        assertEquals(1, broker.prefetch());
        assertEquals(4, broker.seriesInFlight());
        assertEquals(Duration.ofMinutes(10), broker.replyTimeout());
        assertEquals(TensorCompression.DEFLATE, broker.compression());
        assertEquals("CT_ROOM_2", broker.receiverId());
        assertEquals("livernode.inference.replies.CT_ROOM_2", broker.replyQueue());
        assertEquals("livernode.inference.dead", broker.deadLetterQueue());
    }

    @Test
    void readsEveryKey() throws ConfigException {
        BrokerConfig broker = parse("broker: { uri: 'amqps://mq', queue: site.liver, prefetch: 2, receiverId: rx-1, seriesInFlight: 8,"
                + " replyTimeoutSeconds: 90, compression: none }")
                .broker().orElseThrow();
        assertEquals(new BrokerConfig(URI.create("amqps://mq"), "site.liver", 2, "rx-1", 8, Duration.ofSeconds(90),
                TensorCompression.NONE), broker);
    }

    @Test
    void invalidValuesSayWhatIsWrong() {
        assertMessage("broker: { queue: q }", "broker.uri is missing");
        assertMessage("broker: { uri: 'http://mq' }", "broker.uri must be amqp://");
        assertMessage("broker: { uri: 'amqp:/vhost' }", "and no host");
        assertMessage("broker: { uri: 'amqp://mq host' }", "broker.uri is not a URI");
        assertMessage("broker: { uri: 'amqp://mq', queue: 'a queue' }", "broker.queue must be");
        assertMessage("broker: { uri: 'amqp://mq', prefetch: 0 }", "broker.prefetch must be between 1 and 100");
        assertMessage("broker: { uri: 'amqp://mq', seriesInFlight: 0 }", "broker.seriesInFlight must be between 1 and 64");
        assertMessage("broker: { uri: 'amqp://mq', receiverId: 'rx/1' }", "broker.receiverId must be");
        assertMessage("broker: { uri: 'amqp://mq', replyTimeoutSeconds: 0.5 }", "broker.replyTimeoutSeconds must be between 1 and 86400");
        assertMessage("broker: { uri: 'amqp://mq', compression: zstd }", "broker.compression must be none or deflate, got 'zstd'");
    }

    @Test
    void theComposeFilesReceiverAndWorkersShareOneBrokerAndModel() throws ConfigException {
        LivernodeConfig receiver = ConfigLoader.load(Path.of("conf/docker/receiver.yaml"));
        LivernodeConfig worker = ConfigLoader.load(Path.of("conf/docker/worker.yaml"));
        BrokerConfig broker = receiver.broker().orElseThrow();
        assertEquals(broker.uri(), worker.broker().orElseThrow().uri());
        assertEquals(broker.queue(), worker.broker().orElseThrow().queue());
        assertEquals(receiver.inference().model(), worker.inference().model(), "requests name the model file's hash: one file for both");
        assertEquals("rabbitmq", broker.uri().getHost(), "the RabbitMQ service");
    }

    private static void assertMessage(String broker, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(broker));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
