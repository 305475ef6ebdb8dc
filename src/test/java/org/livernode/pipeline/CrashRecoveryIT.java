package org.livernode.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.output.OutputUids;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.FreePort;
import org.livernode.testing.NodeProcess;
import org.livernode.testing.NodeYaml;
import org.livernode.testing.Orthanc;
import org.livernode.testing.Storescu;
import org.livernode.testing.TestModels;
import org.livernode.volume.CtVolume;
import org.livernode.volume.VolumeAssembler;

/**
 * kill -9 of the node, in its own JVM, at each stage of a series' life, then a restart: every acknowledged
 * instance is processed, and exactly one SEG per series (with the UIDs derived from its instances) reaches
 * the PACS, a real Orthanc.
 */
class CrashRecoveryIT {
    static final String SEG = "1.2.840.10008.5.1.4.1.1.66.4";

    @TempDir
    static Path dir;
    @RegisterExtension
    static final Orthanc orthanc = Orthanc.running();

    private record Node(Path config, Path log, int port) {}

    private static Node configure(String name, double idleSeconds) throws Exception {
        int port = FreePort.find();
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, NodeYaml.node(port, dir.resolve(name + "-spool"), TestModels.BAND) + """
                series: { idleTimeoutSeconds: %s, minSlices: 2 }
                outputs: [seg]
                export: { retryFirstDelaySeconds: 0.5, retryMaxDelaySeconds: 2 }
                destinations:
                  - { name: pacs, aeTitle: %s, host: 127.0.0.1, port: %d }
                """.formatted(idleSeconds, Orthanc.AE_TITLE, orthanc.dicomPort()));
        return new Node(config, dir.resolve(name + ".log"), port);
    }

    private static List<String> storescuCommand(int port, List<Path> files) {
        return Storescu.command(port, "CT1", "LIVERNODE", files, "-v");
    }

    /** The SEGs in Orthanc whose frames reference the series, each as SOP Instance UID and referenced instances. */
    private static List<JsonNode> segsOf(String seriesInstanceUid) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (String id : orthanc.instancesOfSopClass(SEG)) {
            JsonNode tags = orthanc.simplifiedTags(id);
            JsonNode referenced = tags.path("ReferencedSeriesSequence").path(0);
            if (seriesInstanceUid.equals(referenced.path("SeriesInstanceUID").asText())) {
                found.add(tags);
            }
        }
        return found;
    }

    private static JsonNode awaitOneSegOf(String seriesInstanceUid) throws Exception {
        // A bound for a hang, not a speed: a restart loads the model and redoes the job on a machine that may be busy.
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        List<JsonNode> segs = segsOf(seriesInstanceUid);
        while (segs.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            segs = segsOf(seriesInstanceUid);
        }
        assertFalse(segs.isEmpty(), "no SEG of series " + seriesInstanceUid + " reached the PACS");
        Thread.sleep(1500); // a duplicate would arrive right behind the first
        segs = segsOf(seriesInstanceUid);
        assertEquals(1, segs.size(), "exactly one SEG of the series in the PACS");
        return segs.get(0);
    }

    private static Set<String> referencedInstances(JsonNode seg) {
        Set<String> uids = new HashSet<>();
        seg.path("ReferencedSeriesSequence").path(0).path("ReferencedInstanceSequence")
                .forEach(item -> uids.add(item.path("ReferencedSOPInstanceUID").asText()));
        return uids;
    }

    /** The SEG carries the UID the node derives from the series' instances, whether or not the work was redone. */
    private static void assertDerivedUid(JsonNode seg, List<Path> instances) throws Exception {
        CtVolume volume = new VolumeAssembler().assemble(instances);
        assertEquals(OutputUids.forVolume(volume, "hu-band", "1", "SEG").sopInstanceUid(), seg.path("SOPInstanceUID").asText());
    }

    @Test
    void killedWhileReceivingKeepsEveryAcknowledgedInstance() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(150).matrix(128, 128).pixelSpacing(2).sliceSpacing(1);
        List<Path> files = phantom.write(dir.resolve("receive-ct"));
        Node node = configure("receive", 1.5);
        Process sender;
        Path senderLog = dir.resolve("receive-storescu.log");
        try (NodeProcess process = NodeProcess.start(node.config(), node.log())) {
            ProcessBuilder builder = new ProcessBuilder(storescuCommand(node.port(), files)).redirectErrorStream(true)
                    .redirectOutput(senderLog.toFile());
            builder.environment().put("TCP_NODELAY", "1");
            sender = builder.start();
            process.awaitLog(0, "first instance received", Duration.ofSeconds(30));
            Thread.sleep(100);
            process.kill();
        }
        sender.waitFor();
        Set<String> acknowledged = acknowledged(Files.readString(senderLog), phantom);
        assertTrue(acknowledged.size() < files.size(), "the kill landed before the transfer ended (" + acknowledged.size() + " acknowledged)");
        assertFalse(acknowledged.isEmpty(), "the kill landed after the first acknowledgement, so there is something to keep");

        try (NodeProcess restarted = NodeProcess.start(node.config(), node.log())) {
            JsonNode seg = awaitOneSegOf(phantom.seriesInstanceUid());
            Set<String> referenced = referencedInstances(seg);
            assertTrue(referenced.containsAll(acknowledged), "every acknowledged instance is in the SEG");
            List<Path> spooled;
            try (Stream<Path> s = Files.list(dir.resolve("receive-spool/series").resolve(phantom.seriesInstanceUid()))) {
                spooled = s.sorted().toList();
            }
            assertEquals(spooled.size(), referenced.size(), "the SEG covers what the spool holds");
            assertDerivedUid(seg, spooled);
        }
    }

    /** SOP Instance UIDs whose C-STORE storescu -v reports as successful, from the file it was sending. */
    private static Set<String> acknowledged(String storescuOutput, CtPhantom phantom) {
        Set<String> uids = new HashSet<>();
        Matcher m = Pattern.compile("Sending file: .*slice-(\\d+)\\.dcm[\\s\\S]*?Received Store Response \\(Success\\)").matcher(storescuOutput);
        while (m.find()) {
            uids.add(phantom.sopInstanceUid(Integer.parseInt(m.group(1))));
        }
        return uids;
    }

    @Test
    void killedWhileTheSeriesWaitsForCompletion() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(20).matrix(64, 64);
        List<Path> files = phantom.write(dir.resolve("waiting-ct"));
        Node node = configure("waiting", 3);
        try (NodeProcess process = NodeProcess.start(node.config(), node.log())) {
            ExternalProgram.Result sent = ExternalProgram.run(storescuCommand(node.port(), files), 120);
            assertTrue(sent.succeeded(), sent.output());
            process.kill();
            assertFalse(process.tail(0).contains(" instances (job "), "killed before the series completed");
        }
        try (NodeProcess restarted = NodeProcess.start(node.config(), node.log())) {
            JsonNode seg = awaitOneSegOf(phantom.seriesInstanceUid());
            assertEquals(20, referencedInstances(seg).size());
            assertDerivedUid(seg, files);
            assertTrue(restarted.tail(0).contains("in the spool from before the restart"));
        }
    }

    @Test
    void killedDuringInferenceRedoesTheJobWithTheSameUids() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(200).matrix(256, 256).pixelSpacing(1).sliceSpacing(1);
        List<Path> files = phantom.write(dir.resolve("inference-ct"));
        Node node = configure("inference", 1);
        try (NodeProcess process = NodeProcess.start(node.config(), node.log())) {
            ExternalProgram.Result sent = ExternalProgram.run(storescuCommand(node.port(), files), 300);
            assertTrue(sent.succeeded(), sent.output());
            process.awaitLog(0, "Processing 200 instances", Duration.ofSeconds(60));
            process.kill();
            assertFalse(process.tail(0).contains("delivered"), "killed before the result was sent");
        }
        assertTrue(segsOf(phantom.seriesInstanceUid()).isEmpty());
        long restartedAt = Files.size(node.log());
        try (NodeProcess restarted = NodeProcess.start(node.config(), node.log())) {
            JsonNode seg = awaitOneSegOf(phantom.seriesInstanceUid());
            assertEquals(200, referencedInstances(seg).size());
            assertDerivedUid(seg, files);
            assertTrue(restarted.tail(restartedAt).contains("Processing 200 instances"), "the job was redone after the restart");
        }
    }

    @Test
    void killedWhileExportRetriesDeliversAfterTheRestart() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(16).matrix(64, 64);
        List<Path> files = phantom.write(dir.resolve("export-ct"));
        Node node = configure("export", 1);
        orthanc.close();
        try {
            try (NodeProcess process = NodeProcess.start(node.config(), node.log())) {
                ExternalProgram.Result sent = ExternalProgram.run(storescuCommand(node.port(), files), 120);
                assertTrue(sent.succeeded(), sent.output());
                process.awaitLog(0, "not delivered to pacs (attempt 2)", Duration.ofSeconds(60));
                process.kill();
            }
        } finally {
            orthanc.start();
        }
        try (NodeProcess restarted = NodeProcess.start(node.config(), node.log())) {
            JsonNode seg = awaitOneSegOf(phantom.seriesInstanceUid());
            assertEquals(16, referencedInstances(seg).size());
            assertDerivedUid(seg, files);
            assertTrue(restarted.tail(0).contains("still to deliver from before the restart"));
            assertEquals(1, countOccurrences(restarted.tail(0), "Processing 16 instances"), "the job was not redone");
        }
    }

    private static int countOccurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
