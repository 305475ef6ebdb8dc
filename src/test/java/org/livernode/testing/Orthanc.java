package org.livernode.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * A real Orthanc (Debian package) playing the PACS in integration tests: its own configuration and storage
 * in a temporary folder, free high ports (Orthanc 1.10 cannot be told to bind to loopback only), and
 * TCP_NODELAY=1 so that it does not wait 40 ms per message. Queried over its REST API.
 */
public final class Orthanc implements AutoCloseable {
    public static final String AE_TITLE = "ORTHANC";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int dicomPort;
    private final int httpPort;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Orthanc(Process process, int dicomPort, int httpPort, Path log) {
        this.process = process;
        this.dicomPort = dicomPort;
        this.httpPort = httpPort;
        this.log = log;
    }

    /** Starts Orthanc with its data in {@code folder} and waits until its REST API answers. */
    public static Orthanc start(Path folder) throws IOException, InterruptedException {
        return start(folder, FreePort.find(), FreePort.find());
    }

    /** Starts Orthanc on given ports, for tests that stop it and start it again where it was. */
    public static Orthanc start(Path folder, int dicomPort, int httpPort) throws IOException, InterruptedException {
        String orthanc = ExternalProgram.require("Orthanc", "orthanc");
        Files.createDirectories(folder);
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
        Path log = folder.resolve("orthanc.log");
        ProcessBuilder builder = new ProcessBuilder(orthanc, configFile.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("TCP_NODELAY", "1");
        Orthanc server = new Orthanc(builder.start(), dicomPort, httpPort, log);
        server.awaitReady();
        return server;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Orthanc exited at startup; its log:\n" + Files.readString(log));
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
        throw new IOException("Orthanc did not answer within 60 s; its log:\n" + Files.readString(log));
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

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Stops Orthanc and waits for it to exit, so that a new one can take the same ports. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
