package org.livernode.broker;

import java.net.URI;
import java.time.Duration;

/**
 * RabbitMQ between receivers and inference workers, as the {@code broker} section of the configuration gives it.
 *
 * @param uri amqp:// or amqps://, with user, password and virtual host as RabbitMQ's URI spec has them
 * @param queue the request queue; its dead letters go to {@code <queue>.dead}
 * @param prefetch requests a worker holds unacknowledged at once
 * @param receiverId names this receiver's durable reply queue, so that a restarted receiver finds its replies
 * @param seriesInFlight series a receiver has at the workers at once
 * @param replyTimeout how long a receiver waits for the answer to a request: then the request's job fails (no worker
 *        serves the queue, or none keeps up), and the request expires on the queue rather than be run for nobody
 * @param compression how this receiver's requests carry their tensors; a worker answers in its request's
 */
public record BrokerConfig(URI uri, String queue, int prefetch, String receiverId, int seriesInFlight, Duration replyTimeout,
        TensorCompression compression) {
    /** The reply queue of this receiver. */
    public String replyQueue() {
        return queue + ".replies." + receiverId;
    }

    /** Where requests that cannot be answered go, each with its reason. */
    public String deadLetterQueue() {
        return queue + ".dead";
    }
}
