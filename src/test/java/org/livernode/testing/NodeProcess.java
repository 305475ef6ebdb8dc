package org.livernode.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The node as operators run it, in its own JVM: {@code java -jar target/livernode.jar serve --config ...}
 * (the jar that {@code mvn verify} builds before the integration tests). Its log goes to a file the test
 * reads to learn which stage the node is in, so that it can be killed there with SIGKILL.
 */
public final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private NodeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts the node and waits until it listens; {@code log} is appended to, so restarts keep one history. */
    public static NodeProcess start(Path config, Path log) throws IOException, InterruptedException {
        long mark = Files.exists(log) ? Files.size(log) : 0;
        NodeProcess node = new NodeProcess(launch("serve", config, log), log);
        node.awaitLog(mark, "listening as", Duration.ofSeconds(60));
        return node;
    }

    /** Starts {@code livernode <command> --config <config>} from the packaged jar in its own JVM, its output appended to {@code log}. */
    public static Process launch(String command, Path config, Path log) throws IOException {
        Path jar = Path.of("target/livernode.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: integration tests run after 'mvn package'");
        }
        return new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=conf/logback.xml", "-jar", jar.toString(), command, "--config", config.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** Waits until the log, from byte {@code from} on, contains {@code text}; returns the end of that line. */
    public long awaitLog(long from, String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String tail = tail(from);
            int at = tail.indexOf(text);
            if (at >= 0) {
                int end = tail.indexOf('\n', at);
                return from + (end < 0 ? tail.length() : end + 1);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the node exited (" + process.exitValue() + ") before logging '" + text + "':\n" + tail);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the node did not log '" + text + "' within " + timeout + ":\n" + tail);
            }
            Thread.sleep(10);
        }
    }

    /** The log from byte {@code from} on. */
    public String tail(long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The current end of the log, to wait for what comes next. */
    public long logMark() throws IOException {
        return Files.size(log);
    }

    /** SIGKILL: no shutdown hook, no flushing; what is not on disk is lost. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        Processes.stop(process, Duration.ofSeconds(60));
    }
}
