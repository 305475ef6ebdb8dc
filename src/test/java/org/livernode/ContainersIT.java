package org.livernode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.livernode.config.ConfigLoader;
import org.livernode.config.LivernodeConfig;
import org.livernode.export.Destination;
import org.livernode.testing.ExternalProgram;

/**
 * What can be checked of the container files without a Docker engine: docker-compose validates
 * docker-compose.yml for both profiles and resolves it, and the resolved services, the node's configuration
 * and the Dockerfile must agree with each other and with the repository (paths, ports, volumes, targets).
 * Building and running the images needs an engine and is not done here.
 */
class ContainersIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final String[] NODE_SERVICES = {"livernode", "livernode-gpu"};

    /** docker-compose's resolved configuration (anchors merged, paths absolute) with the profile's services. */
    private static JsonNode compose(String profile) throws Exception {
        String composer = ExternalProgram.require("docker-compose", "docker-compose");
        ExternalProgram.Result valid = ExternalProgram.run(List.of(composer, "--profile", profile, "config", "-q"), 60);
        assertEquals(0, valid.exitCode(), "docker-compose.yml with profile " + profile + ": " + valid.output());
        assertEquals("", valid.output().strip());
        ExternalProgram.Result resolved = ExternalProgram.run(List.of(composer, "--profile", profile, "config"), 60);
        assertEquals(0, resolved.exitCode(), resolved.output());
        return YAML.readTree(resolved.output());
    }

    @Test
    void composeFileIsValidForBothProfilesAndTheNodesAreWiredToOrthanc() throws Exception {
        for (String profile : List.of("cpu", "gpu")) {
            JsonNode services = compose(profile).get("services");
            JsonNode orthanc = services.get("orthanc");
            JsonNode modalities = JSON.readTree(orthanc.get("environment").get("ORTHANC__DICOM_MODALITIES").asText());
            String orthancAe = orthanc.get("environment").get("ORTHANC__DICOM_AET").asText();
            for (String name : NODE_SERVICES) {
                JsonNode node = services.get(name);
                Path configFile = bindSource(node, "/etc/livernode/livernode.yaml");
                LivernodeConfig config = ConfigLoader.load(configFile);

                Destination pacs = config.destinations().get(0);
                assertEquals("orthanc", pacs.host(), "the node sends to the Orthanc service");
                assertEquals(orthancAe, pacs.aeTitle());
                assertEquals(4242, pacs.port(), "Orthanc's DICOM port in its container");
                JsonNode modality = modalities.get("livernode");
                assertEquals(config.node().aeTitle(), modality.get(0).asText(), "Orthanc knows the node's AE title");
                assertTrue(texts(node.at("/networks/default/aliases")).contains(modality.get(1).asText()),
                        "Orthanc reaches " + name + " by the host name it knows: " + modality);
                assertEquals(config.node().port(), modality.get(2).asInt(), "and its port");

                assertTrue(publishes(node, config.node().port()), name + " publishes the DICOM port");
                assertTrue(publishes(node, config.http().orElseThrow().port()), name + " publishes the HTTP port");
                assertEquals("http://127.0.0.1:" + config.http().orElseThrow().port() + "/health", node.get("healthcheck").get("test").get(3).asText());
                assertEquals("spool", volumeAt(node, config.node().spoolDir().toString()), "the spool is a volume");
                assertEquals("models", volumeAt(node, config.inference().model().getParent().toString()), "the models are a volume");
                assertTrue(Files.isRegularFile(Path.of("models").resolve(config.inference().model().getFileName())),
                        "the image seeds the models volume with " + config.inference().model().getFileName());
                assertTrue(config.audit().file().startsWith(config.node().spoolDir()), "the audit log is kept in the spool volume");
            }
            assertEquals(List.of("cpu"), texts(services.get("livernode").get("profiles")));
            assertEquals(List.of("gpu"), texts(services.get("livernode-gpu").get("profiles")));
        }
        JsonNode gpu = compose("gpu").get("services").get("livernode-gpu");
        assertEquals("nvidia", gpu.get("runtime").asText());
        assertEquals("nvidia", gpu.at("/deploy/resources/reservations/devices/0/driver").asText());
        assertEquals("gpu", gpu.at("/build/args/VARIANT").asText(), "the -Pgpu jar");
        assertTrue(gpu.at("/build/args/RUNTIME_IMAGE").asText().startsWith("nvidia/cuda:12."), "on CUDA 12");
        assertTrue(compose("cpu").get("services").get("livernode").at("/build/args").isMissingNode(), "the Dockerfile's defaults: CPU");
    }

    private static Path bindSource(JsonNode service, String target) {
        for (JsonNode volume : service.get("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts.length >= 2 && parts[1].equals(target)) {
                Path source = Path.of(parts[0]);
                assertTrue(Files.isRegularFile(source), source + " is bound into the container and must exist");
                return source;
            }
        }
        throw new AssertionError("nothing is bound at " + target + ": " + service.get("volumes"));
    }

    /** The named volume mounted at {@code target}. */
    private static String volumeAt(JsonNode service, String target) {
        for (JsonNode volume : service.get("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts.length >= 2 && parts[1].equals(target)) {
                return parts[0];
            }
        }
        throw new AssertionError("no volume at " + target + ": " + service.get("volumes"));
    }

    private static boolean publishes(JsonNode service, int containerPort) {
        for (JsonNode port : service.get("ports")) {
            String text = port.isObject() ? port.get("target").asText() : port.asText().replaceFirst("/tcp$", "");
            if (text.equals(Integer.toString(containerPort)) || text.endsWith(":" + containerPort)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    @Test
    void dockerfileCopiesWhatExistsAndTheBuildContextLetsThrough() throws Exception {
        List<String> dockerfile = Files.readAllLines(Path.of("Dockerfile"));
        List<String> allowed = Files.readAllLines(Path.of(".dockerignore")).stream().filter(l -> l.startsWith("!"))
                .map(l -> l.substring(1)).toList();
        Pattern copy = Pattern.compile("^COPY (?!--from)(.+) (\\S+)$");
        int copies = 0;
        for (String line : dockerfile) {
            Matcher m = copy.matcher(line);
            if (!m.matches()) {
                continue;
            }
            for (String source : m.group(1).split(" ")) {
                copies++;
                assertTrue(Files.exists(Path.of(source)), "Dockerfile copies " + source + ", which must exist");
                assertTrue(allowed.stream().anyMatch(a -> a.equals(source) || (a.endsWith("/") && source.startsWith(a))
                        || source.equals(a.replaceFirst("/$", ""))), ".dockerignore must let " + source + " through");
            }
        }
        assertTrue(copies >= 8, "the COPY lines were found: " + copies);
        List<String> stages = dockerfile.stream().filter(l -> l.startsWith("FROM ") || l.startsWith("ARG ")).toList();
        assertEquals(List.of("ARG VARIANT=cpu", "ARG RUNTIME_IMAGE=debian:12-slim", "FROM debian:12 AS build-base",
                "FROM build-base AS build-cpu", "FROM build-base AS build-gpu", "FROM build-${VARIANT} AS build", "FROM ${RUNTIME_IMAGE}"), stages,
                "Debian 12 builds either jar; by default the image is Debian 12 with the CPU jar");
        assertTrue(dockerfile.stream().anyMatch(l -> l.contains("libpixelmed-java")), "PixelMed comes from Debian");
        assertTrue(dockerfile.stream().anyMatch(l -> l.contains("mvn -B -q -Pgpu -DskipTests package")), "the GPU jar is built with -Pgpu");
        LivernodeConfig config = ConfigLoader.load(Path.of("conf/docker/livernode.yaml"));
        assertTrue(dockerfile.contains("COPY models/liver.onnx models/liver.json " + config.inference().model().getParent() + "/"),
                "the image holds the model where its configuration looks for it");
    }
}
