package org.livernode.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.config.ConfigLoader;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.livernode.state.QualityRecord;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.DicomInspection;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.FreePort;
import org.livernode.testing.JsonLines;
import org.livernode.testing.NodeYaml;
import org.livernode.testing.Orthanc;
import org.livernode.testing.StoreScpProcess;
import org.livernode.testing.Storescu;
import org.livernode.testing.TestModels;

/**
 * What operators see of a running node, with real peers: routing rules sending series to different destinations
 * (Orthanc, DCMTK storescp) with different outputs, /metrics scraped over HTTP and parsed, /health, and the audit
 * log's lines.
 */
class OperationsIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    @RegisterExtension
    static final Orthanc orthanc = Orthanc.running();

    private static ExternalProgram.Result storescu(int port, String callingAe, String calledAe, List<Path> files) {
        return Storescu.send(port, callingAe, calledAe, files, 120);
    }

    /** Waits for the job record of the series that satisfies {@code done}. */
    private static JobRecord awaitJob(Path spool, String seriesInstanceUid, Predicate<JobRecord> done) throws Exception {
        JobStore jobs = JobStore.open(spool.resolve("jobs"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JobRecord> job = jobs.all().stream().filter(j -> j.seriesInstanceUid().equals(seriesInstanceUid)).findFirst();
            if (job.isPresent() && done.test(job.get())) {
                return job.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no finished job for series " + seriesInstanceUid + " within 60 s");
    }


    @Test
    void eachSeriesGoesWhereItsRuleSaysWithItsOutputsAndASeriesNoRuleTakesIsLeftAlone() throws Exception {
        Path spool = dir.resolve("routing-spool");
        CtPhantom liver = new CtPhantom().slices(12).seriesDescription("Liver ablation 1.0");
        CtPhantom fromCt2 = new CtPhantom().slices(12).seriesDescription("Abdomen");
        CtPhantom other = new CtPhantom().slices(12).seriesDescription("Abdomen");
        try (StoreScpProcess planning = new StoreScpProcess(dir.resolve("planning"))) {
            String yaml = NodeYaml.node(FreePort.find(), spool, TestModels.BAND) + """
                    series: { idleTimeoutSeconds: 1, minSlices: 10 }
                    destinations:
                      - { name: pacs, aeTitle: %s, host: 127.0.0.1, port: %d }
                      - { name: planning, aeTitle: %s, host: 127.0.0.1, port: %d }
                    rules:
                      - name: liver-from-ct1
                        match: { callingAeTitle: CT1, seriesDescription: "(?i)liver" }
                        send: [{ destination: pacs, outputs: [seg] }]
                      - name: planning-from-ct2
                        match: { callingAeTitle: CT2, modality: CT, imageType: AXIAL }
                        send: [{ destination: planning, outputs: [rtstruct] }]
                    """.formatted(Orthanc.AE_TITLE, orthanc.dicomPort(), StoreScpProcess.AE_TITLE,
                    planning.port);
            int segsBefore = orthanc.instancesOfSopClass(LiverNodeIT.SEG_SOP_CLASS).size();
            int rtstructsBefore = orthanc.instancesOfSopClass(LiverNodeIT.RTSTRUCT_SOP_CLASS).size();
            try (LiverNode node = LiverNode.start(ConfigLoader.parse(yaml, "routing"))) {
                assertTrue(storescu(node.port(), "CT1", "LIVERNODE", liver.write(dir.resolve("liver"))).succeeded());
                assertTrue(storescu(node.port(), "CT2", "LIVERNODE", fromCt2.write(dir.resolve("ct2"))).succeeded());
                assertTrue(storescu(node.port(), "CT1", "LIVERNODE", other.write(dir.resolve("other"))).succeeded());

                JobRecord liverJob = awaitJob(spool, liver.seriesInstanceUid(), j -> !j.hasPendingDeliveries());
                assertEquals(List.of("liver-from-ct1"), liverJob.rules());
                assertEquals(List.of("seg-" + liver.seriesInstanceUid() + ".dcm"), liverJob.outputs(), "only what its rule sends is made");
                assertEquals(List.of("pacs"), liverJob.deliveries().stream().map(Delivery::destination).toList());

                JobRecord ct2Job = awaitJob(spool, fromCt2.seriesInstanceUid(), j -> !j.hasPendingDeliveries());
                assertEquals(List.of("planning-from-ct2"), ct2Job.rules());
                assertEquals(List.of("rtstruct-" + fromCt2.seriesInstanceUid() + ".dcm"), ct2Job.outputs());
                assertTrue(ct2Job.deliveries().stream().allMatch(d -> d.state() == Delivery.State.DELIVERED), ct2Job.toString());

                JobRecord left = awaitJob(spool, other.seriesInstanceUid(), j -> true);
                assertEquals(JobRecord.Outcome.NO_RULE, left.outcome());
                assertEquals("no routing rule matches (liver-from-ct1: SeriesDescription does not match (?i)liver;"
                        + " planning-from-ct2: calling AE title CT1 is not one of [CT2])", left.reason());
                assertEquals(List.of(), left.outputs());
            }
            List<String> segs = orthanc.instancesOfSopClass(LiverNodeIT.SEG_SOP_CLASS);
            assertEquals(segsBefore + 1, segs.size(), "one SEG, of the liver series");
            assertEquals(liver.seriesInstanceUid(), orthanc.simplifiedTags(segs.get(segs.size() - 1)).path("ReferencedSeriesSequence").path(0)
                    .path("SeriesInstanceUID").asText());
            assertEquals(rtstructsBefore, orthanc.instancesOfSopClass(LiverNodeIT.RTSTRUCT_SOP_CLASS).size(), "no RTSTRUCT went to the PACS");
            List<Path> received = planning.received();
            assertEquals(1, received.size(), planning.output());
            assertEquals(LiverNodeIT.RTSTRUCT_SOP_CLASS, DicomInspection.sopClassUid(received.get(0)));
        }
    }

    /** The samples of a Prometheus text exposition, keyed by name and labels as written ("name{label=\"value\"}"). */
    private static Map<String, Double> parsePrometheus(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    private static double sample(Map<String, Double> samples, String key) {
        Double value = samples.get(key);
        if (value == null) {
            throw new AssertionError("no sample " + key + " in /metrics; samples: " + samples.keySet().stream().sorted().toList());
        }
        return value;
    }


    @Test
    void metricsOverHttpAndTheAuditLogTellWhatHappened() throws Exception {
        Path spool = dir.resolve("ops-spool");
        Path audit = dir.resolve("logs/audit.jsonl");
        int httpPort = FreePort.find();
        String yaml = NodeYaml.node(FreePort.find(), spool, TestModels.BAND) + """
                series: { idleTimeoutSeconds: 1 }
                export: { retryFirstDelaySeconds: 0.2, retryMaxDelaySeconds: 0.4, giveUpAfterHours: 0.0005 }
                destinations:
                  - { name: pacs, aeTitle: %s, host: 127.0.0.1, port: %d }
                  - { name: down, aeTitle: NOBODY, host: 127.0.0.1, port: %d }
                http: { bindAddress: 127.0.0.1, port: %d }
                audit: { file: %s }
                """.formatted(Orthanc.AE_TITLE, orthanc.dicomPort(), FreePort.find(), httpPort, audit);
        CtPhantom phantom = new CtPhantom().slices(20);
        List<Path> files = phantom.write(dir.resolve("ops-phantom"));
        HttpClient http = HttpClient.newHttpClient();
        try (LiverNode node = LiverNode.start(ConfigLoader.parse(yaml, "ops"))) {
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            assertEquals("{\"status\":\"UP\",\"model\":\"hu-band 1\",\"dicom\":\"listening\"}", health.body());

            assertFalse(storescu(node.port(), "CT9", "SOMEONE", files.subList(0, 1)).succeeded(), "wrong called AE title: rejected");
            assertTrue(storescu(node.port(), "CT1", "LIVERNODE", files).succeeded());
            JobRecord job = awaitJob(spool, phantom.seriesInstanceUid(), j -> !j.hasPendingDeliveries());

            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, scrape.statusCode());
            Map<String, Double> metrics = parsePrometheus(scrape.body());
            assertEquals(20, sample(metrics, "livernode_instances_received_total"), "every instance sent");
            assertEquals(1, sample(metrics, "livernode_associations_total{outcome=\"released\"}"));
            assertEquals(1, sample(metrics, "livernode_associations_total{outcome=\"rejected\"}"));
            assertEquals(0, sample(metrics, "livernode_associations_total{outcome=\"aborted\"}"));
            assertEquals(1, sample(metrics, "livernode_series_completed_total"));
            assertEquals(1, sample(metrics, "livernode_jobs_total{outcome=\"processed\"}"));
            assertEquals(0, sample(metrics, "livernode_jobs_total{outcome=\"failed\"}"));
            assertEquals(1, sample(metrics, "livernode_inference_seconds_count"));
            // The test model finds the phantom's liver only; one count per reason of a REVIEW, or one "none" for a PASS.
            String qcOutcome = job.qc().outcome().toLowerCase(Locale.ROOT);
            for (String reason : job.qc().findings().isEmpty() ? List.of("none")
                    : job.qc().findings().stream().map(QualityRecord.Finding::reason).distinct().toList()) {
                assertTrue(sample(metrics, "livernode_qc_total{outcome=\"" + qcOutcome + "\",reason=\"" + reason + "\"}") >= 1, reason);
            }
            assertEquals(1, sample(metrics, "livernode_inference_seconds_bucket{le=\"+Inf\"}"), "a histogram");
            assertEquals(2, sample(metrics, "livernode_export_attempts_total{destination=\"pacs\"}"), "SEG and RTSTRUCT, once each");
            assertEquals(0, sample(metrics, "livernode_export_failures_total{destination=\"pacs\"}"));
            double downAttempts = sample(metrics, "livernode_export_attempts_total{destination=\"down\"}");
            assertTrue(downAttempts >= 4, "retried until given up: " + downAttempts);
            assertEquals(downAttempts, sample(metrics, "livernode_export_failures_total{destination=\"down\"}"));
            assertEquals(0, sample(metrics, "livernode_outbox_pending"), "nothing left to deliver");
            long sent = 0;
            for (Path file : files) {
                sent += Files.size(file);
            }
            assertTrue(sample(metrics, "livernode_spool_bytes") > sent, "the spool holds at least what was sent");

            List<JsonNode> lines = JsonLines.read(audit);
            List<JsonNode> associations = lines.stream().filter(l -> l.get("event").asText().equals("association")).toList();
            assertEquals(2, associations.size(), lines.toString());
            JsonNode rejected = associations.get(0);
            assertEquals("rejected", rejected.get("outcome").asText());
            assertEquals("CT9", rejected.get("callingAeTitle").asText());
            assertTrue(rejected.get("reason").asText().contains("SOMEONE"), rejected.toString());
            JsonNode released = associations.get(1);
            assertEquals("released", released.get("outcome").asText());
            assertEquals("CT1", released.get("callingAeTitle").asText());
            assertTrue(released.get("address").asText().startsWith("127.0.0.1:"), released.toString());
            assertEquals(20, released.get("instances").asInt());
            assertEquals(phantom.seriesInstanceUid(), released.get("seriesInstanceUids").get(0).asText());

            JsonNode jobLine = lines.stream().filter(l -> l.get("event").asText().equals("job")).findFirst().orElseThrow();
            assertEquals(job.jobId(), jobLine.get("jobId").asText());
            assertEquals(phantom.seriesInstanceUid(), jobLine.get("seriesInstanceUid").asText());
            assertEquals("PROCESSED", jobLine.get("outcome").asText());
            assertEquals("hu-band 1", jobLine.get("model").asText());
            assertEquals("[\"default\"]", jobLine.get("rules").toString());
            List<String> stages = new ArrayList<>();
            jobLine.get("stageMillis").fieldNames().forEachRemaining(stages::add);
            assertEquals(List.of("assemble", "decode", "preprocess", "inference", "postprocess", "qc", "segEncode", "rtstructEncode"), stages);
            assertEquals(job.qc().outcome(), jobLine.get("qc").get("outcome").asText(), "the audit log says what job.json says");
            assertEquals(job.qc().findings().size(), jobLine.get("qc").get("findings").size());
            assertEquals(job.qc().volumeMl(), jobLine.get("qc").get("volumeMl").asDouble(), 0.05);
            assertEquals(2, jobLine.get("outputs").size());
            assertEquals(4, jobLine.get("deliveries").size(), "two outputs to two destinations");

            JsonNode finished = lines.stream().filter(l -> l.get("event").asText().equals("deliveries")).findFirst().orElseThrow();
            assertEquals(job.jobId(), finished.get("jobId").asText());
            for (JsonNode delivery : finished.get("deliveries")) {
                String expected = delivery.get("destination").asText().equals("pacs") ? "DELIVERED" : "DEAD";
                assertEquals(expected, delivery.get("state").asText(), delivery.toString());
            }
            String text = Files.readString(audit);
            assertFalse(text.contains("Phantom") || text.contains("LIVERPHANTOM"), "no patient name or ID in the audit log");
        }
    }
}
