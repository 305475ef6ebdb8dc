package org.livernode.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.MessageProperties;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.livernode.audit.AuditLog;
import org.livernode.inference.ChunkModel;
import org.livernode.inference.InferenceException;
import org.livernode.inference.ModelManifest;
import org.livernode.metrics.NodeMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model as a receiver sees it when inference workers run it: each chunk is published as a request to the
 * request queue (persistent, confirmed by the broker before {@link #submit} returns) with this receiver's reply
 * queue as reply-to, and its probabilities come back on that queue. While the broker is away, publishing is
 * retried until it is back (the connection recovers by itself), so a series waits rather than fails. A reply that
 * no request waits for (one from before a restart, a second answer after a redelivery) is acknowledged and dropped.
 */
public final class BrokerModel implements ChunkModel, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BrokerModel.class);
    /** A series' chunks at the workers at once: a 129-slice series (9 chunks) is out nearly whole, for two workers to share. */
    static final int CHUNKS_IN_FLIGHT = 8;
    private static final long CONFIRM_TIMEOUT_MILLIS = 30_000;
    private static final long PUBLISH_RETRY_MILLIS = 1_000;
    private static final int REPLY_PREFETCH = 32;

    private final BrokerConfig broker;
    private final ModelManifest manifest;
    private final ModelIdentity model;
    private final NodeMetrics metrics;
    private final AuditLog audit;
    private final Connection connection;
    private final Channel replies;
    private final Object publishing = new Object();
    private Channel requests;
    private final Map<String, CompletableFuture<float[]>> pending = new ConcurrentHashMap<>();
    /** Fails a request that no worker answered in time; a request answered first has its timer cancelled, and removed. */
    private final ScheduledThreadPoolExecutor deadlines = newDeadlineTimer();
    private volatile boolean closed;

    private BrokerModel(BrokerConfig broker, ModelManifest manifest, ModelIdentity model, NodeMetrics metrics, AuditLog audit,
            Connection connection) throws IOException {
        this.broker = broker;
        this.manifest = manifest;
        this.model = model;
        this.metrics = metrics;
        this.audit = audit;
        this.connection = connection;
        this.requests = publishChannel();
        BrokerTopology.declareRequestQueues(requests, broker);
        BrokerTopology.declareReplyQueue(requests, broker);
        this.replies = connection.createChannel();
        replies.basicQos(REPLY_PREFETCH);
        replies.basicConsume(broker.replyQueue(), false, (tag, delivery) -> reply(delivery), tag -> {});
    }

    /**
     * Connects to the broker, declares the queues and starts taking replies.
     *
     * @param model what the workers must run; a worker with another model refuses the requests ({@link FailureReason#MODEL_MISMATCH})
     * @throws IOException the broker cannot be reached or refuses the declarations
     */
    public static BrokerModel connect(BrokerConfig broker, ModelManifest manifest, ModelIdentity model, NodeMetrics metrics, AuditLog audit)
            throws IOException {
        Connection connection;
        try {
            connection = BrokerTopology.connectionFactory(broker).newConnection("livernode receiver " + broker.receiverId());
        } catch (TimeoutException e) {
            throw new IOException("the broker at " + broker.uri().getHost() + ":" + broker.uri().getPort() + " did not answer: " + e.getMessage(), e);
        }
        try {
            BrokerModel client = new BrokerModel(broker, manifest, model, metrics, audit, connection);
            log.info("Inference through the broker at {}: requests to {}, replies on {}, model {}", broker.uri().getHost(), broker.queue(),
                    broker.replyQueue(), model);
            return client;
        } catch (IOException | RuntimeException e) {
            connection.abort();
            throw e;
        }
    }

    private Channel publishChannel() throws IOException {
        Channel channel = connection.createChannel();
        channel.confirmSelect();
        return channel;
    }

    @Override
    public ModelManifest manifest() {
        return manifest;
    }

    @Override
    public int chunksInFlight() {
        return CHUNKS_IN_FLIGHT;
    }

    @Override
    public CompletableFuture<float[]> submit(ChunkId chunk, FloatBuffer values, int slices) {
        ModelManifest.Input in = manifest.input();
        float[] copy = new float[values.remaining()];
        values.duplicate().get(copy);
        String id = chunk.toString();
        CompletableFuture<float[]> probabilities = new CompletableFuture<>();
        try {
            byte[] body = ChunkMessages.encode(new ChunkMessages.Request(id, model, slices, in.channels(), in.height(), in.width(), copy,
                    broker.compression()));
            pending.put(id, probabilities);
            publish(id, body);
            ScheduledFuture<?> deadline = deadlines.schedule(() -> noReply(id, probabilities), broker.replyTimeout().toMillis(), TimeUnit.MILLISECONDS);
            // Whatever ends it (a reply, a failure, the deadline, the job giving up), it waits no more.
            probabilities.whenComplete((result, failure) -> {
                pending.remove(id, probabilities);
                deadline.cancel(false);
            });
        } catch (InferenceException | RuntimeException e) {
            probabilities.completeExceptionally(e);
        }
        return probabilities;
    }

    /** Publishes until the broker confirms, retrying while it is away; only closing the receiver ends the retries. */
    private void publish(String id, byte[] body) throws InferenceException {
        // Expiring with the receiver's deadline: a request nobody waits for any more is not run (it goes to the dead letters).
        AMQP.BasicProperties properties = MessageProperties.PERSISTENT_BASIC.builder().correlationId(id).replyTo(broker.replyQueue())
                .contentType("application/x-livernode-chunk").expiration(Long.toString(broker.replyTimeout().toMillis())).build();
        boolean warned = false;
        while (true) {
            synchronized (publishing) {
                try {
                    if (!requests.isOpen() && connection.isOpen()) {
                        requests = publishChannel();
                    }
                    requests.basicPublish("", broker.queue(), properties, body);
                    if (requests.waitForConfirms(CONFIRM_TIMEOUT_MILLIS)) {
                        metrics.brokerRequestPublished();
                        if (warned) {
                            log.info("Request {} published: the broker is back", id);
                        }
                        return;
                    }
                    log.warn("The broker refused request {} (negative confirm); publishing it again", id);
                } catch (IOException | TimeoutException | RuntimeException e) {
                    // AlreadyClosedException and ShutdownSignalException are runtime exceptions: the broker is away.
                    if (!warned) {
                        log.warn("Request {} cannot be published ({}); trying again every {} ms until the broker is back", id, e.getMessage(),
                                PUBLISH_RETRY_MILLIS);
                        warned = true;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InferenceException("interrupted while publishing request " + id, e);
                }
            }
            if (closed) {
                throw new InferenceException("request " + id + " not published: the receiver is stopping", new CancellationException());
            }
            try {
                Thread.sleep(PUBLISH_RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InferenceException("interrupted while waiting for the broker to publish request " + id, e);
            }
        }
    }

    /** The deadline of a request passed without an answer: its job fails, saying why. */
    private void noReply(String id, CompletableFuture<float[]> probabilities) {
        String detail = "no inference worker answered within " + broker.replyTimeout().toSeconds() + " s (broker.replyTimeoutSeconds): is a worker"
                + " (livernode worker) consuming queue " + broker.queue() + ", and does it keep up?";
        if (probabilities.completeExceptionally(new InferenceException("request " + id + ": " + detail))) {
            log.warn("Request {}: {}", id, detail);
            metrics.brokerFailure(FailureReason.NO_REPLY.tag());
            audit.brokerFailure("receiver", id, FailureReason.NO_REPLY.tag(), detail, false);
        }
    }

    private static ScheduledThreadPoolExecutor newDeadlineTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "broker-deadlines");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private void reply(Delivery delivery) throws IOException {
        try {
            ChunkMessages.Reply reply = ChunkMessages.decodeReply(delivery.getBody());
            CompletableFuture<float[]> waiting = pending.get(reply.requestId());
            metrics.brokerReply(waiting != null);
            if (waiting == null) {
                log.info("Reply {} matches no request this receiver waits for (from before a restart, or a second answer); dropped",
                        reply.requestId());
            } else if (reply instanceof ChunkMessages.Probabilities p) {
                waiting.complete(p.values());
            } else if (reply instanceof ChunkMessages.Failure f) {
                metrics.brokerFailure(f.reason().tag());
                audit.brokerFailure("receiver", f.requestId(), f.reason().tag(), f.detail(), true);
                waiting.completeExceptionally(new InferenceException("the inference worker refused request " + f.requestId() + " ("
                        + f.reason().tag() + "): " + f.detail()));
            }
        } catch (MalformedMessageException e) {
            metrics.brokerReply(false);
            log.warn("A message on the reply queue {} is not a reply ({}); dropped", broker.replyQueue(), e.getMessage());
        }
        // After the future is complete: a receiver killed before this gets the reply again, or redoes the job.
        replies.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
    }

    /** Stops publishing and taking replies; requests still out stay in the queues, and their replies wait for the next start. */
    @Override
    public void close() {
        closed = true;
        deadlines.shutdownNow();
        pending.values().forEach(p -> p.cancel(false));
        try {
            connection.close(10_000);
        } catch (IOException | RuntimeException e) {
            log.warn("Closing the broker connection failed: {}", e.getMessage());
        }
    }
}
