package org.livernode.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.livernode.export.Destination;

/**
 * A real Orthanc (Debian package) playing the PACS in integration tests: its own configuration and storage
 * in a temporary folder, free high ports (Orthanc 1.10 cannot be told to bind to loopback only), and
 * TCP_NODELAY=1 so that it does not wait 40 ms per message. Queried over its REST API.
 *
 * <p>A JUnit extension, registered with {@code @RegisterExtension}: in a static field it serves the whole test
 * class, in an instance field each test gets a fresh one. Its ports and storage stay the same for that time, so
 * that a test can {@link #close() stop} it and {@link #start() start} it again where it was.
 */
public final class Orthanc implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    public static final String AE_TITLE = "ORTHANC";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean startsUp;
    private final int dicomPort = FreePort.find();
    private final int httpPort = FreePort.find();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Set while the extension serves the whole class rather than each test. */
    private boolean perClass;
    private Path folder;
    private Process process;

    private Orthanc(boolean startsUp) {
        this.startsUp = startsUp;
    }

    /** Orthanc running before the tests, and stopped after them. */
    public static Orthanc running() {
        return new Orthanc(true);
    }

    /** A PACS that is down until a test {@link #start() starts} it; stopped after the test if it is still running. */
    public static Orthanc down() {
        return new Orthanc(false);
    }

    /** Orthanc outside JUnit, for the benchmarks: its storage in {@code folder}; {@link #start()} it, {@link #close()} it. */
    public static Orthanc standalone(Path folder) throws IOException {
        Orthanc orthanc = new Orthanc(false);
        orthanc.folder = Files.createDirectories(folder);
        return orthanc;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        perClass = true;
        begin();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException, InterruptedException {
        if (!perClass) {
            begin();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (!perClass) {
            end();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        end();
    }

    private void begin() throws IOException, InterruptedException {
        folder = Files.createTempDirectory("orthanc");
        if (startsUp) {
            start();
        }
    }

    private void end() throws IOException {
        close();
        if (folder != null) {
            MoreFiles.deleteRecursively(folder, RecursiveDeleteOption.ALLOW_INSECURE);
            folder = null;
        }
    }

    /** Starts Orthanc, with the storage it had if it ran before, and waits until its REST API answers. */
    public Orthanc start() throws IOException, InterruptedException {
        if (folder == null) {
            throw new IllegalStateException("Orthanc runs for JUnit tests only: register it with @RegisterExtension");
        }
        if (process != null) {
            throw new IllegalStateException("Orthanc is already running on port " + dicomPort);
        }
        String orthanc = ExternalProgram.require("Orthanc", "orthanc");
        Path storage = Files.createDirectories(folder.resolve("db"));
        Map<String, Object> config = Map.ofEntries(
                Map.entry("Name", "livernode-test-pacs"),
                Map.entry("StorageDirectory", storage.toString()),
                Map.entry("IndexDirectory", storage.toString()),
                Map.entry("HttpPort", httpPort),
                Map.entry("DicomPort", dicomPort),
                Map.entry("DicomAet", AE_TITLE),
                Map.entry("DicomCheckCalledAet", true),
                Map.entry("RemoteAccessAllowed", false),
                Map.entry("AuthenticationEnabled", false),
                Map.entry("DicomAlwaysAllowStore", true),
                Map.entry("DicomAlwaysAllowEcho", true),
                Map.entry("StorageCompression", false),
                Map.entry("Plugins", List.of()),
                Map.entry("HttpTimeout", 60));
        Path configFile = folder.resolve("orthanc.json");
        Files.writeString(configFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
        ProcessBuilder builder = new ProcessBuilder(orthanc, configFile.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().put("TCP_NODELAY", "1");
        process = builder.start();
        awaitReady();
        return this;
    }

    private Path log() {
        return folder.resolve("orthanc.log");
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                process = null;
                throw new IOException("Orthanc exited at startup; its log:\n" + Files.readString(log()));
            }
            try {
                if (get("/system").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        close();
        throw new IOException("Orthanc did not answer within 60 s; its log:\n" + Files.readString(log()));
    }

    /** The PACS as the node's outbox addresses it, under the name {@code name}. */
    public Destination destination(String name) {
        return new Destination(name, AE_TITLE, "127.0.0.1", dicomPort);
    }

    public int dicomPort() {
        return dicomPort;
    }

    public int httpPort() {
        return httpPort;
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(30)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = get(path);
        if (response.statusCode() != 200) {
            throw new IOException("Orthanc GET " + path + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
        return JSON.readTree(response.body());
    }

    /** Orthanc identifiers of every stored instance. */
    public List<String> instances() throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        json("/instances").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    /** The main DICOM tags of an instance, keyed by name (Orthanc's "simplified-tags"). */
    public JsonNode simplifiedTags(String instanceId) throws IOException, InterruptedException {
        return json("/instances/" + instanceId + "/simplified-tags");
    }

    /** The stored file of an instance, byte for byte. */
    public byte[] file(String instanceId) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = get("/instances/" + instanceId + "/file");
        if (response.statusCode() != 200) {
            throw new IOException("Orthanc has no file for instance " + instanceId + ": HTTP " + response.statusCode());
        }
        return response.body();
    }

    /** Instances whose SOPClassUID is {@code sopClassUid}. */
    public List<String> instancesOfSopClass(String sopClassUid) throws IOException, InterruptedException {
        List<String> matching = new ArrayList<>();
        for (String id : instances()) {
            if (sopClassUid.equals(simplifiedTags(id).path("SOPClassUID").asText())) {
                matching.add(id);
            }
        }
        return matching;
    }

    /** Waits until at least {@code count} instances of the SOP class are stored, or the timeout passes. */
    public List<String> awaitInstancesOfSopClass(String sopClassUid, int count, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> found = instancesOfSopClass(sopClassUid);
        while (found.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            found = instancesOfSopClass(sopClassUid);
        }
        return found;
    }

    /** Stops Orthanc and waits for it to exit, so that it can be started again on the same ports. */
    @Override
    public void close() {
        if (process != null) {
            Processes.stop(process, Duration.ofSeconds(20));
            process = null;
        }
    }
}
