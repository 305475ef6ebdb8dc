package org.livernode.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.livernode.audit.AuditLog;
import org.livernode.inference.InferenceException;
import org.livernode.inference.ModelManifest;
import org.livernode.inference.OnnxSegmenter;
import org.livernode.metrics.NodeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An inference worker: takes chunk requests from the request queue ({@code broker.prefetch} at a time, acknowledged
 * by hand), runs the model and publishes the probabilities to the request's reply queue; the request is acknowledged
 * after the broker confirmed the reply, so a worker that dies before leaves it to another. A request it cannot or
 * must not answer (not readable, another format version, a cut tensor, another model, too many deliveries, a model
 * failure) goes to the dead-letter queue with the reason in a header, and its receiver gets a failure reply when the
 * request says where to send it; the worker carries on. Idle, it only waits on the consumer.
 */
public final class InferenceWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InferenceWorker.class);
    private static final long CONFIRM_TIMEOUT_MILLIS = 30_000;

    private final BrokerConfig broker;
    private final OnnxSegmenter model;
    private final ModelIdentity identity;
    private final NodeMetrics metrics;
    private final AuditLog audit;
    private final Connection connection;
    private final Channel requests;
    private final Channel publishing;

    private InferenceWorker(BrokerConfig broker, OnnxSegmenter model, ModelIdentity identity, NodeMetrics metrics, AuditLog audit,
            Connection connection) throws IOException {
        this.broker = broker;
        this.model = model;
        this.identity = identity;
        this.metrics = metrics;
        this.audit = audit;
        this.connection = connection;
        this.publishing = connection.createChannel();
        publishing.confirmSelect();
        BrokerTopology.declareRequestQueues(publishing, broker);
        this.requests = connection.createChannel();
        requests.basicQos(broker.prefetch());
        requests.basicConsume(broker.queue(), false, (tag, delivery) -> handleOrRequeue(delivery), tag -> {});
    }

    /**
     * Connects, declares the queues and starts consuming.
     *
     * @param identity the model's name, version and file hash, which requests must name
     */
    public static InferenceWorker start(BrokerConfig broker, OnnxSegmenter model, ModelIdentity identity, NodeMetrics metrics,
            AuditLog audit) throws IOException {
        Connection connection;
        try {
            connection = BrokerTopology.connectionFactory(broker).newConnection("livernode worker");
        } catch (TimeoutException e) {
            throw new IOException("the broker at " + broker.uri().getHost() + ":" + broker.uri().getPort() + " did not answer: " + e.getMessage(), e);
        }
        try {
            InferenceWorker worker = new InferenceWorker(broker, model, identity, metrics, audit, connection);
            log.info("Inference worker serving {} on {} ({} execution provider, prefetch {})", identity, broker.queue(), model.executionProvider(),
                    broker.prefetch());
            return worker;
        } catch (IOException | RuntimeException e) {
            connection.abort();
            throw e;
        }
    }

    /** Whether the worker is connected and consuming (for /health). */
    public boolean consuming() {
        return connection.isOpen() && requests.isOpen();
    }

    /**
     * An exception out of a consumer would close the channel, and the worker would serve no more: a request whose
     * answer cannot be published goes back to the queue instead (with the connection gone, it goes back by itself).
     */
    private void handleOrRequeue(Delivery delivery) {
        try {
            handle(delivery);
        } catch (IOException | RuntimeException e) {
            log.warn("Request {}: the answer cannot be published ({}); it goes back to the queue", delivery.getProperties().getCorrelationId(),
                    e.getMessage());
            try {
                requests.basicNack(delivery.getEnvelope().getDeliveryTag(), false, true);
            } catch (IOException | RuntimeException gone) {
                log.debug("The request goes back when the connection closes: {}", gone.getMessage());
            }
        }
    }

    private void handle(Delivery delivery) throws IOException {
        AMQP.BasicProperties properties = delivery.getProperties();
        String replyTo = properties.getReplyTo();
        // The correlation id names the request even when its body cannot be read.
        String id = properties.getCorrelationId() == null ? "(no correlation id)" : properties.getCorrelationId();
        long deliveries = deliveryCount(properties);
        try {
            ChunkMessages.Request request = ChunkMessages.decodeRequest(delivery.getBody());
            id = request.requestId();
            if (!request.model().equals(identity)) {
                refuse(delivery, id, replyTo, FailureReason.MODEL_MISMATCH, "the request was prepared for model " + request.model()
                        + ", this worker runs " + identity + ": run the same model on receivers and workers");
                return;
            }
            if (deliveries >= BrokerTopology.MAX_DELIVERIES) {
                refuse(delivery, id, replyTo, FailureReason.DELIVERY_LIMIT, deliveries + " workers took this request before and did not answer it");
                return;
            }
            ModelManifest.Input in = model.manifest().input();
            if (request.channels() != in.channels() || request.height() != in.height() || request.width() != in.width()) {
                refuse(delivery, id, replyTo, FailureReason.MODEL_MISMATCH, "the request's slices are " + request.channels() + " x " + request.height()
                        + " x " + request.width() + ", the model takes " + in.channels() + " x " + in.height() + " x " + in.width());
                return;
            }
            if (replyTo == null) {
                refuse(delivery, id, null, FailureReason.GARBAGE, "the request names no reply queue");
                return;
            }
            float[] probabilities;
            try {
                probabilities = model.run(FloatBuffer.wrap(request.values()), request.slices());
            } catch (InferenceException e) {
                refuse(delivery, id, replyTo, FailureReason.INFERENCE, e.getMessage());
                return;
            }
            publish(replyTo, id, ChunkMessages.encode(new ChunkMessages.Probabilities(id, request.slices(), in.height(), in.width(), probabilities,
                    request.compression())),
                    Map.of());
            metrics.brokerRequestAnswered();
            requests.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
        } catch (MalformedMessageException e) {
            refuse(delivery, id, replyTo, e.reason(), e.getMessage());
        }
    }

    private static long deliveryCount(AMQP.BasicProperties properties) {
        Object count = properties.getHeaders() == null ? null : properties.getHeaders().get(BrokerTopology.DELIVERY_COUNT_HEADER);
        return count instanceof Number n ? n.longValue() : 0;
    }

    /**
     * Puts the request on the dead-letter queue with the reason, tells its receiver when it can, and acknowledges it.
     * A failure reply is sent only for a request that names its reply queue.
     */
    private void refuse(Delivery delivery, String id, String replyTo, FailureReason reason, String detail) throws IOException {
        if (reason == FailureReason.MODEL_MISMATCH) {
            log.error("Request {} refused, model mismatch: {}", id, detail);
        } else {
            log.warn("Request {} refused ({}): {}", id, reason.tag(), detail);
        }
        Map<String, Object> headers = new HashMap<>();
        if (delivery.getProperties().getHeaders() != null) {
            headers.putAll(delivery.getProperties().getHeaders());
        }
        headers.put(BrokerTopology.REASON_HEADER, reason.tag());
        headers.put(BrokerTopology.DETAIL_HEADER, detail.length() > ChunkMessages.MAX_DETAIL ? detail.substring(0, ChunkMessages.MAX_DETAIL) : detail);
        publish(broker.deadLetterQueue(), id, delivery.getBody(), headers);
        if (replyTo != null) {
            publish(replyTo, id, ChunkMessages.encode(new ChunkMessages.Failure(id, reason, detail)), Map.of());
        }
        metrics.brokerFailure(reason.tag());
        metrics.brokerDeadLettered(reason.tag());
        audit.brokerFailure("worker", id, reason.tag(), detail, true);
        requests.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
    }

    /** Publishes on the default exchange to {@code queue} and waits for the broker's confirm. */
    private void publish(String queue, String id, byte[] body, Map<String, Object> headers) throws IOException {
        AMQP.BasicProperties properties = MessageProperties.PERSISTENT_BASIC.builder().correlationId(id).headers(headers).build();
        synchronized (publishing) {
            publishing.basicPublish("", queue, properties, body);
            try {
                if (!publishing.waitForConfirms(CONFIRM_TIMEOUT_MILLIS)) {
                    // Not acknowledged: the request comes back to a worker and is answered again.
                    throw new IOException("the broker refused the message for " + queue + " about request " + id);
                }
            } catch (TimeoutException e) {
                throw new IOException("the broker did not confirm the message for " + queue + " about request " + id + " within "
                        + CONFIRM_TIMEOUT_MILLIS + " ms", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the broker to confirm the message for " + queue, e);
            }
        }
    }

    /** Stops consuming; unacknowledged requests go back to the queue for other workers. */
    @Override
    public void close() {
        try {
            connection.close(10_000);
        } catch (IOException | RuntimeException e) {
            log.warn("Closing the broker connection failed: {}", e.getMessage());
        }
    }
}
