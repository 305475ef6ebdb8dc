package org.livernode.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.receive.ReceivedAssociation;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;
import org.livernode.testing.JsonLines;

class AuditLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dir;


    @Test
    void writesOneJsonObjectPerEventAndAppendsAcrossRestarts() throws Exception {
        Path file = dir.resolve("logs/audit.jsonl");
        JobRecord job = new JobRecord("1.2.3-0123456789abcdef", "1.2.3", "0123456789abcdef", 24, JobRecord.Outcome.PROCESSED, "", T,
                List.of("seg-1.2.3.dcm"), List.of(Delivery.pending("pacs", "seg-1.2.3.dcm", T)), "liver 1.0.0", List.of("default"), null);
        try (AuditLog audit = AuditLog.open(file, Clock.fixed(T, ZoneOffset.UTC))) {
            audit.associationRejected("CT9", "10.0.0.9:40000", "calling AE title not recognized");
            audit.job(job, Map.of("inference", 1200L));
        }
        try (AuditLog audit = AuditLog.open(file, Clock.fixed(T, ZoneOffset.UTC))) {
            audit.deliveriesFinished(job.withDeliveries(List.of(job.deliveries().get(0).dead(T, "refused"))));
        }
        List<JsonNode> lines = JsonLines.read(file);
        assertEquals(3, lines.size());
        assertEquals(JSON.readTree("""
                {"time":"2026-11-27T10:00:00Z","event":"association","callingAeTitle":"CT9","address":"10.0.0.9:40000","outcome":"rejected",
                 "reason":"calling AE title not recognized","instances":0}"""), lines.get(0));
        assertEquals(JSON.readTree("""
                {"time":"2026-11-27T10:00:00Z","event":"job","jobId":"1.2.3-0123456789abcdef","seriesInstanceUid":"1.2.3","instances":24,
                 "outcome":"PROCESSED","reason":"","model":"liver 1.0.0","rules":["default"],"stageMillis":{"inference":1200},
                 "outputs":["seg-1.2.3.dcm"],"deliveries":[{"destination":"pacs","file":"seg-1.2.3.dcm","state":"PENDING","attempts":0}]}"""),
                lines.get(1));
        assertEquals(JSON.readTree("""
                {"time":"2026-11-27T10:00:00Z","event":"deliveries","jobId":"1.2.3-0123456789abcdef","seriesInstanceUid":"1.2.3",
                 "deliveries":[{"destination":"pacs","file":"seg-1.2.3.dcm","state":"DEAD","attempts":1,"lastError":"refused"}]}"""),
                lines.get(2));
    }

    @Test
    void linesFromManyThreadsNeverInterleave() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        ReceivedAssociation association = new ReceivedAssociation(1, "CT1", "127.0.0.1:5000", List.of(), true);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try (AuditLog audit = AuditLog.open(file, Clock.systemUTC())) {
            for (int i = 0; i < 2000; i++) {
                threads.execute(() -> audit.associationEnded(association));
            }
            threads.shutdown();
            threads.awaitTermination(30, TimeUnit.SECONDS);
        }
        List<JsonNode> lines = JsonLines.read(file);
        assertEquals(2000, lines.size());
        lines.forEach(line -> assertEquals("released", line.get("outcome").asText()));
    }
}
