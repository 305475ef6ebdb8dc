package org.livernode.testing;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real RabbitMQ (Debian's rabbitmq-server) for integration tests: its own node name, free AMQP, distribution
 * and epmd ports, and its data, logs, Erlang cookie (HOME) and an empty plugin list (no management plugin) in a
 * temporary folder, so that several can run beside each other and beside a system RabbitMQ. It can be
 * {@link #stop() stopped} and {@link #start() started} again on the same ports with the same data (an outage).
 * Startup takes some seconds (about 17 s on two loaded cores).
 *
 * <p>A JUnit extension for a static field: started before the class's tests, stopped (rabbitmqctl stop, then
 * killed) and its folder removed after them, also when they fail.
 */
public final class RabbitMq implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");
    private static final Path CTL = Path.of("/usr/lib/rabbitmq/bin/rabbitmqctl");
    private static final Duration STARTUP = Duration.ofMinutes(3);

    private final int amqpPort = FreePort.find();
    private final int distributionPort = FreePort.find();
    private final int epmdPort = FreePort.find();
    private final String nodeName = "livernode-test-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
    private Path folder;
    private Process process;

    private RabbitMq() {}

    public static RabbitMq running() {
        return new RabbitMq();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        if (!Files.isExecutable(SERVER)) {
            throw new AssertionError("RabbitMQ is not installed (" + SERVER + "): run scripts/setup (Debian package rabbitmq-server)");
        }
        folder = Files.createTempDirectory("rabbitmq");
        Files.writeString(folder.resolve("enabled_plugins"), "[].\n");
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
        if (folder != null) {
            MoreFiles.deleteRecursively(folder, RecursiveDeleteOption.ALLOW_INSECURE);
            folder = null;
        }
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", folder.toString()); // the Erlang cookie, shared by the server and rabbitmqctl
        env.put("RABBITMQ_NODENAME", nodeName);
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", String.valueOf(amqpPort));
        env.put("RABBITMQ_DIST_PORT", String.valueOf(distributionPort));
        env.put("ERL_EPMD_PORT", String.valueOf(epmdPort));
        env.put("RABBITMQ_MNESIA_BASE", folder.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", folder.resolve("log").toString());
        env.put("RABBITMQ_LOGS", "-");
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", folder.resolve("enabled_plugins").toString());
        env.put("RABBITMQ_CONFIG_FILE", folder.resolve("rabbitmq").toString());
        env.put("RABBITMQ_ADVANCED_CONFIG_FILE", folder.resolve("advanced.config").toString());
        env.put("RABBITMQ_PID_FILE", folder.resolve("rabbitmq.pid").toString());
        return env;
    }

    /** Starts RabbitMQ (again, with the queues and messages it had) and waits until it takes connections. */
    public RabbitMq start() throws IOException, InterruptedException {
        if (process != null) {
            throw new IllegalStateException("RabbitMQ " + nodeName + " is already running");
        }
        Files.deleteIfExists(folder.resolve("rabbitmq.pid"));
        ProcessBuilder builder = new ProcessBuilder(SERVER.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().putAll(environment());
        process = builder.start();
        ExternalProgram.Result ready = ExternalProgram.run(List.of(CTL.toString(), "wait", folder.resolve("rabbitmq.pid").toString(), "--timeout",
                String.valueOf(STARTUP.toSeconds())), environment(), STARTUP.toSeconds() + 30);
        if (!ready.succeeded()) {
            String log = Files.readString(log());
            close();
            throw new IOException("RabbitMQ did not start within " + STARTUP + ": " + ready.output() + "\nits log:\n" + log);
        }
        return this;
    }

    private Path log() {
        return folder.resolve("rabbitmq.log");
    }

    /** Stops RabbitMQ (an outage: {@link #start()} brings it back with its data). */
    public void stop() {
        if (process == null) {
            return;
        }
        ExternalProgram.run(List.of(CTL.toString(), "stop"), environment(), 120);
        Processes.stop(process, Duration.ofSeconds(30));
        process = null;
    }

    /** Stops RabbitMQ and the epmd its Erlang started on its own port. */
    @Override
    public void close() {
        stop();
        if (folder != null) {
            ExternalProgram.run(List.of("epmd", "-port", String.valueOf(epmdPort), "-kill"), Map.of(), 30);
        }
    }

    public int amqpPort() {
        return amqpPort;
    }

    /** The broker as the config's {@code broker.uri} names it (the default guest user, which RabbitMQ lets in from localhost only). */
    public String uri() {
        return "amqp://guest:guest@127.0.0.1:" + amqpPort + "/%2f";
    }

    /** A connection for a test's own look at the queues; the caller closes it. */
    public Connection connect() throws IOException {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(amqpPort);
        try {
            return factory.newConnection("livernode test");
        } catch (TimeoutException e) {
            throw new IOException("RabbitMQ on port " + amqpPort + " did not answer", e);
        }
    }

    /** Messages ready in a queue. */
    public long depth(String queue) throws IOException {
        try (Connection connection = connect(); Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
    }

    /** Messages of a queue that consumers hold unacknowledged (a worker busy with a request). */
    public long unacknowledged(String queue) {
        ExternalProgram.Result result = ExternalProgram.run(List.of(CTL.toString(), "list_queues", "--quiet", "--no-table-headers", "name",
                "messages_unacknowledged"), environment(), 60);
        if (!result.succeeded()) {
            throw new AssertionError("rabbitmqctl list_queues failed: " + result.output());
        }
        return result.output().lines().map(line -> line.trim().split("\\s+")).filter(f -> f.length == 2 && f[0].equals(queue))
                .mapToLong(f -> Long.parseLong(f[1])).sum();
    }

    /** Takes every message ready in a queue (acknowledged: they are gone from it). */
    public List<GetResponse> drain(String queue) throws IOException {
        List<GetResponse> messages = new ArrayList<>();
        try (Connection connection = connect(); Channel channel = connection.createChannel()) {
            for (GetResponse message = channel.basicGet(queue, true); message != null; message = channel.basicGet(queue, true)) {
                messages.add(message);
            }
        } catch (TimeoutException e) {
            throw new IOException(e);
        }
        return messages;
    }
}
