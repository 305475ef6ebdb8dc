package org.livernode.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.config.ConfigLoader;
import org.livernode.inference.Device;
import org.livernode.inference.OnnxSegmenter;
import org.livernode.pipeline.SeriesProcessor;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.DicomInspection;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.FreePort;
import org.livernode.testing.NodeProcess;
import org.livernode.testing.NodeYaml;
import org.livernode.testing.Orthanc;
import org.livernode.testing.RabbitMq;
import org.livernode.testing.Storescu;
import org.livernode.testing.TestModels;

/**
 * A receiver and two inference workers, each in its own JVM as operators run them, joined by a real RabbitMQ,
 * sending to a real Orthanc: series from several senders at once come out once each, with the masks of the
 * all-in-one mode; a worker or the receiver killed with SIGKILL, or RabbitMQ stopped and started, loses nothing and
 * files nothing twice. Waits are generous bounds (minutes), never speed assertions.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerIT {
    static final String SEG = "1.2.840.10008.5.1.4.1.1.66.4";
    static final String RTSTRUCT = "1.2.840.10008.5.1.4.1.1.481.3";
    static final String QUEUE = "it.inference";
    static final Duration RESULT_WAIT = Duration.ofMinutes(5);

    @RegisterExtension
    static final RabbitMq rabbit = RabbitMq.running();
    @RegisterExtension
    static final Orthanc orthanc = Orthanc.running();
    @TempDir
    static Path dir;

    private static int receiverPort;
    private static Path receiverConfig;
    private static Path workerConfig;
    private static NodeProcess receiver;
    private static final List<WorkerProcess> workers = new ArrayList<>();

    private static String brokerSection() {
        return "broker: { uri: '%s', queue: %s, receiverId: it-receiver }\n".formatted(rabbit.uri(), QUEUE);
    }

    @BeforeAll
    static void startNodes() throws Exception {
        receiverPort = FreePort.find();
        receiverConfig = dir.resolve("receiver.yaml");
        Files.writeString(receiverConfig, NodeYaml.node(receiverPort, dir.resolve("receiver-spool"), TestModels.BAND) + """
                series: { idleTimeoutSeconds: 1, minSlices: 2 }
                outputs: [seg, rtstruct]
                export: { retryFirstDelaySeconds: 0.5, retryMaxDelaySeconds: 2 }
                destinations:
                  - { name: pacs, aeTitle: %s, host: 127.0.0.1, port: %d }
                """.formatted(Orthanc.AE_TITLE, orthanc.dicomPort()) + brokerSection());
        workerConfig = dir.resolve("worker.yaml");
        Files.writeString(workerConfig, NodeYaml.node(FreePort.find(), dir.resolve("worker-spool"), TestModels.BAND) + brokerSection());
        workers.add(WorkerProcess.start(workerConfig, dir.resolve("worker-0.log")));
        workers.add(WorkerProcess.start(workerConfig, dir.resolve("worker-1.log")));
        receiver = NodeProcess.start(receiverConfig, dir.resolve("receiver.log"));
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (receiver != null) {
            receiver.close();
        }
        for (WorkerProcess worker : workers) {
            worker.close();
        }
    }

    private static List<Path> send(String callingAe, CtPhantom... phantoms) throws Exception {
        List<Path> files = new ArrayList<>();
        for (CtPhantom phantom : phantoms) {
            files.addAll(phantom.write(dir.resolve("ct-" + phantom.seriesInstanceUid())));
        }
        ExternalProgram.Result sent = Storescu.send(receiverPort, callingAe, "LIVERNODE", files, 300);
        assertTrue(sent.succeeded(), sent.output());
        return files;
    }

    /** Orthanc ids of the instances of a SOP class that reference the series (SEG: ReferencedSeriesSequence; RTSTRUCT: its contour images' series). */
    private static List<String> outputsOf(String sopClassUid, String seriesInstanceUid) throws Exception {
        List<String> found = new ArrayList<>();
        for (String id : orthanc.instancesOfSopClass(sopClassUid)) {
            if (new String(orthanc.file(id), java.nio.charset.StandardCharsets.ISO_8859_1).contains(seriesInstanceUid)) {
                found.add(id);
            }
        }
        return found;
    }

    /** Waits for a SEG and an RTSTRUCT of the series, then checks, after time for a duplicate to arrive, that there is one of each. */
    private static String awaitOneSegAndRtstruct(String seriesInstanceUid) throws Exception {
        long deadline = System.nanoTime() + RESULT_WAIT.toNanos();
        while ((outputsOf(SEG, seriesInstanceUid).isEmpty() || outputsOf(RTSTRUCT, seriesInstanceUid).isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        Thread.sleep(2000);
        List<String> segs = outputsOf(SEG, seriesInstanceUid);
        assertEquals(1, segs.size(), "exactly one SEG of series " + seriesInstanceUid + " in the PACS; receiver log:\n" + receiver.tail(0));
        assertEquals(1, outputsOf(RTSTRUCT, seriesInstanceUid).size(), "exactly one RTSTRUCT of series " + seriesInstanceUid);
        return segs.get(0);
    }

    /** Job lines of the receiver's audit log for a series. */
    private static long auditedJobs(String seriesInstanceUid) throws Exception {
        ObjectMapper json = new ObjectMapper();
        long jobs = 0;
        for (String line : Files.readAllLines(dir.resolve("receiver-spool/audit.jsonl"))) {
            JsonNode node = json.readTree(line);
            if ("job".equals(node.path("event").asText()) && seriesInstanceUid.equals(node.path("seriesInstanceUid").asText())) {
                jobs++;
            }
        }
        return jobs;
    }

    @Test
    @Order(1)
    void sixSeriesFromThreeSendersComeOutOnceEachWithTheAllInOneMasks() throws Exception {
        List<CtPhantom> phantoms = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            phantoms.add(new CtPhantom().slices(20 + 4 * i).matrix(96, 96).pixelSpacing(3).sliceSpacing(3));
        }
        ExecutorService senders = Executors.newFixedThreadPool(3);
        List<Future<List<Path>>> sent = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            CtPhantom first = phantoms.get(2 * s), second = phantoms.get(2 * s + 1);
            String callingAe = "CT" + (s + 1);
            sent.add(senders.submit(() -> send(callingAe, first, second)));
        }
        for (Future<List<Path>> f : sent) {
            f.get();
        }
        senders.shutdown();
        SeriesProcessor allInOne;
        try (OnnxSegmenter model = OnnxSegmenter.open(TestModels.BAND, Device.CPU)) {
            allInOne = SeriesProcessor.fromConfig(model, ConfigLoader.load(receiverConfig));
            for (CtPhantom phantom : phantoms) {
                String seg = awaitOneSegAndRtstruct(phantom.seriesInstanceUid());
                Path work = Files.createDirectories(dir.resolve("compare-" + phantom.seriesInstanceUid()));
                Path viaBroker = work.resolve("broker-seg.dcm");
                Files.write(viaBroker, orthanc.file(seg));
                List<Path> ct;
                try (var files = Files.list(dir.resolve("ct-" + phantom.seriesInstanceUid()))) {
                    ct = files.sorted().toList();
                }
                Path inProcess = allInOne.process(ct, work.resolve("all-in-one")).outputs().get(org.livernode.output.OutputType.SEG);
                DicomInspection.PydicomView broker = DicomInspection.readWithPydicom(viaBroker, Files.createDirectories(work.resolve("b")));
                DicomInspection.PydicomView local = DicomInspection.readWithPydicom(inProcess, Files.createDirectories(work.resolve("l")));
                assertFalse(local.referencedInstancePerFrame().isEmpty(), "the phantom has liver");
                assertEquals(local.referencedInstancePerFrame(), broker.referencedInstancePerFrame(), "frames reference the same instances");
                assertArrayEquals(local.frames(), broker.frames(), "the mask is the all-in-one mode's, voxel for voxel");
                assertEquals(1, auditedJobs(phantom.seriesInstanceUid()));
            }
        }
        assertTrue(receiver.tail(0).contains("Inference through the broker"), "the receiver used the workers");
    }

    @Test
    @Order(2)
    void aWorkerKilledInTheMiddleOfARequestLeavesItToTheOther() throws Exception {
        // A paused worker takes a request and never answers it: the series cannot be finished until that request
        // goes back to the queue, which the kill does, and the other worker answers it.
        WorkerProcess stuck = workers.remove(0);
        stuck.pause();
        CtPhantom phantom = new CtPhantom().slices(100).matrix(64, 64).pixelSpacing(6).sliceSpacing(2);
        send("CT1", phantom);
        long deadline = System.nanoTime() + RESULT_WAIT.toNanos();
        long held;
        while ((held = rabbit.unacknowledged(QUEUE)) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(held > 0, "the paused worker took a request");
        stuck.kill();
        awaitOneSegAndRtstruct(phantom.seriesInstanceUid());
        assertEquals(1, auditedJobs(phantom.seriesInstanceUid()));
        workers.add(WorkerProcess.start(workerConfig, dir.resolve("worker-2.log")));
    }

    @Test
    @Order(3)
    void aReceiverKilledWhileRequestsAreOutFilesTheResultsOnceAfterItsRestart() throws Exception {
        for (WorkerProcess worker : workers) {
            worker.close();
        }
        workers.clear();
        CtPhantom phantom = new CtPhantom().slices(40).matrix(96, 96).pixelSpacing(3).sliceSpacing(3);
        send("CT2", phantom);
        long deadline = System.nanoTime() + RESULT_WAIT.toNanos();
        while (rabbit.depth(QUEUE) < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(3, rabbit.depth(QUEUE), "the receiver published the series' three chunks and waits for them");
        receiver.kill();
        workers.add(WorkerProcess.start(workerConfig, dir.resolve("worker-3.log")));
        workers.add(WorkerProcess.start(workerConfig, dir.resolve("worker-4.log")));
        long restartedAt = Files.size(dir.resolve("receiver.log"));
        receiver = NodeProcess.start(receiverConfig, dir.resolve("receiver.log"));
        awaitOneSegAndRtstruct(phantom.seriesInstanceUid());
        assertEquals(1, auditedJobs(phantom.seriesInstanceUid()), "the job is recorded once, after the restart");
        assertTrue(receiver.tail(restartedAt).contains("Processing 40 instances"), "the job was redone after the restart");
    }

    @Test
    @Order(4)
    void rabbitMqStoppedAndStartedWhileSeriesArriveLosesNothingAndSendsNothingTwice() throws Exception {
        CtPhantom before = new CtPhantom().slices(24).matrix(96, 96).pixelSpacing(3).sliceSpacing(3);
        CtPhantom during = new CtPhantom().slices(28).matrix(96, 96).pixelSpacing(3).sliceSpacing(3);
        send("CT3", before);
        rabbit.stop();
        long stoppedAt = Files.size(dir.resolve("receiver.log"));
        send("CT3", during);
        Thread.sleep(3000); // the series completes and its job waits for the broker
        rabbit.start();
        for (CtPhantom phantom : List.of(before, during)) {
            awaitOneSegAndRtstruct(phantom.seriesInstanceUid());
            assertEquals(1, auditedJobs(phantom.seriesInstanceUid()));
        }
        assertTrue(receiver.tail(stoppedAt).contains("cannot be published"), "a job waited for the broker to come back");
    }
}
