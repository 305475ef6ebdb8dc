package org.livernode.broker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Map;

/**
 * The queues receivers and workers share, declared the same way by both (declaring is idempotent, so whichever
 * starts first creates them): the request queue, a durable quorum queue that dead-letters a request which reached
 * its delivery limit to {@code <queue>.dead}; that dead-letter queue; and each receiver's durable reply queue.
 */
final class BrokerTopology {
    /**
     * Deliveries of one request after which a worker refuses it ({@link FailureReason#DELIVERY_LIMIT}) instead of
     * running it: a request that killed this many workers would kill the next one too.
     */
    static final int MAX_DELIVERIES = 3;
    /** RabbitMQ's own limit, a backstop above the workers' so that their refusal, which carries the reason, comes first. */
    static final int QUEUE_DELIVERY_LIMIT = MAX_DELIVERIES + 2;
    /** Headers of a dead letter: why it is there, and the worker's words. */
    static final String REASON_HEADER = "x-livernode-reason";
    static final String DETAIL_HEADER = "x-livernode-detail";
    /** The header in which quorum queues count earlier deliveries of a message. */
    static final String DELIVERY_COUNT_HEADER = "x-delivery-count";

    private BrokerTopology() {}

    /** A connection factory that reconnects by itself after the broker or the network was away, queues and consumers included. */
    static ConnectionFactory connectionFactory(BrokerConfig broker) throws IOException {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(broker.uri());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("broker.uri cannot be used: " + e.getMessage(), e);
        }
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(2000);
        factory.setRequestedHeartbeat(30);
        return factory;
    }

    static void declareRequestQueues(Channel channel, BrokerConfig broker) throws IOException {
        channel.queueDeclare(broker.deadLetterQueue(), true, false, false, Map.of("x-queue-type", "quorum"));
        channel.queueDeclare(broker.queue(), true, false, false, Map.of("x-queue-type", "quorum",
                "x-delivery-limit", QUEUE_DELIVERY_LIMIT,
                // The default exchange routes by queue name: dead letters go straight to <queue>.dead.
                "x-dead-letter-exchange", "",
                "x-dead-letter-routing-key", broker.deadLetterQueue()));
    }

    static void declareReplyQueue(Channel channel, BrokerConfig broker) throws IOException {
        channel.queueDeclare(broker.replyQueue(), true, false, false, Map.of("x-queue-type", "quorum"));
    }
}
