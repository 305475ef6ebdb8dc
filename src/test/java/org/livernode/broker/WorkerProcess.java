package org.livernode.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.NodeProcess;

/**
 * An inference worker as operators run it, in its own JVM: {@code java -jar target/livernode.jar worker --config ...},
 * its log in a file; {@link #kill()} is SIGKILL, {@link #close()} a normal stop.
 */
final class WorkerProcess implements AutoCloseable {
    private final Process process;

    private WorkerProcess(Process process) {
        this.process = process;
    }

    /** Starts a worker and waits until it consumes; {@code log} is appended to. */
    static WorkerProcess start(Path config, Path log) throws IOException, InterruptedException {
        long mark = Files.exists(log) ? Files.size(log) : 0;
        WorkerProcess worker = new WorkerProcess(NodeProcess.launch("worker", config, log));
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!tail(log, mark).contains("Inference worker serving")) {
            if (!worker.process.isAlive()) {
                throw new IllegalStateException("the worker exited (" + worker.process.exitValue() + ") at startup:\n" + tail(log, mark));
            }
            if (System.nanoTime() > deadline) {
                worker.kill();
                throw new AssertionError("the worker did not start consuming within 2 minutes:\n" + tail(log, mark));
            }
            Thread.sleep(50);
        }
        return worker;
    }

    private static String tail(Path log, long from) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** SIGSTOP: the worker holds what RabbitMQ delivered to it and answers nothing until killed or continued. */
    void pause() {
        ExternalProgram.Result stopped = ExternalProgram.run(List.of("kill", "-STOP", String.valueOf(process.pid())), 30);
        if (!stopped.succeeded()) {
            throw new AssertionError("kill -STOP " + process.pid() + " failed: " + stopped.output());
        }
    }

    /** SIGKILL: the request it holds goes back to the queue when the broker notices the connection is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
