package org.livernode.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.livernode.export.Destination;

/** DCMTK's storescp running in the background on a free port, writing what it receives to a folder. */
public final class StoreScpProcess implements AutoCloseable {
    public static final String AE_TITLE = "STORESCP";

    public final int port = FreePort.find();
    public final Path folder;
    private final Path log;
    private final Process process;

    public StoreScpProcess(Path folder, String... options) throws IOException, InterruptedException {
        this.folder = Files.createDirectories(folder);
        this.log = Files.createTempFile("storescp", ".log");
        List<String> command = new ArrayList<>(List.of(ExternalProgram.require("storescp", "dcmtk"), "-aet", AE_TITLE, "-od", folder.toString()));
        command.addAll(List.of(options));
        command.add(Integer.toString(port));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TCP_NODELAY", "1");
        process = builder.start();
        awaitListening();
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                    throw new IOException("storescp did not start listening on " + port + ": " + output(), e);
                }
                Thread.sleep(50);
            }
        }
    }

    public Destination destination() {
        return new Destination("storescp", AE_TITLE, "127.0.0.1", port);
    }

    /** The files storescp wrote. */
    public List<Path> received() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws IOException {
        Processes.stop(process, Duration.ofSeconds(5));
        Files.deleteIfExists(log);
    }
}
