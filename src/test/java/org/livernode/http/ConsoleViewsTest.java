package org.livernode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.livernode.dicom.InstanceHeader;
import org.livernode.dicom.Tag;
import org.livernode.series.SeriesTracker;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;

class ConsoleViewsTest {
    private static final Instant T = Instant.parse("2026-12-04T10:00:00Z");

    private static JobRecord job(JobRecord.Outcome outcome, List<Delivery> deliveries) {
        return new JobRecord("1.2.3-0123456789abcdef", "1.2.3", "0123456789abcdef0123", 20, outcome, outcome == JobRecord.Outcome.PROCESSED ? "" : "why",
                T, outcome == JobRecord.Outcome.PROCESSED ? List.of("seg-1.2.3.dcm") : List.of(), deliveries, "liver 1", List.of("default"), null);
    }

    private static Delivery delivery(Delivery.State state) {
        Delivery pending = Delivery.pending("pacs", "seg-1.2.3.dcm", T);
        return switch (state) {
            case PENDING -> pending;
            case DELIVERED -> pending.delivered(T);
            case DEAD -> pending.dead(T, "refused");
            case HELD -> Delivery.held("pacs", "seg-1.2.3.dcm");
            case DISCARDED -> Delivery.held("pacs", "seg-1.2.3.dcm").discarded("discarded by an operator after review");
        };
    }

    @Test
    void theStateOfAJobSaysWhatBecameOfItsSeriesAndResults() {
        assertEquals("failed", ConsoleViews.state(job(JobRecord.Outcome.FAILED, List.of())));
        assertEquals("no rule", ConsoleViews.state(job(JobRecord.Outcome.NO_RULE, List.of())));
        assertEquals("not applicable", ConsoleViews.state(job(JobRecord.Outcome.NOT_APPLICABLE, List.of())));
        assertEquals("processed", ConsoleViews.state(job(JobRecord.Outcome.PROCESSED, List.of())), "nowhere to send it");
        assertEquals("delivered", ConsoleViews.state(job(JobRecord.Outcome.PROCESSED, List.of(delivery(Delivery.State.DELIVERED)))));
        assertEquals("delivering", ConsoleViews.state(job(JobRecord.Outcome.PROCESSED,
                List.of(delivery(Delivery.State.DEAD), delivery(Delivery.State.PENDING)))), "still trying comes first");
        assertEquals("undelivered", ConsoleViews.state(job(JobRecord.Outcome.PROCESSED,
                List.of(delivery(Delivery.State.DELIVERED), delivery(Delivery.State.DEAD)))));
        assertEquals("held for review", ConsoleViews.state(job(JobRecord.Outcome.PROCESSED,
                List.of(delivery(Delivery.State.DEAD), delivery(Delivery.State.HELD)))), "an operator's decision comes before a failure");
        assertEquals("discarded", ConsoleViews.state(job(JobRecord.Outcome.PROCESSED, List.of(delivery(Delivery.State.DISCARDED)))));
        assertEquals("delivered", ConsoleViews.state(job(JobRecord.Outcome.PROCESSED,
                List.of(delivery(Delivery.State.DISCARDED), delivery(Delivery.State.DELIVERED)))));
    }

    @Test
    void aJobLineHasItsRulesOutputsTimingsAndDeliveryCounts() {
        Map<String, Long> stages = new LinkedHashMap<>();
        stages.put("assemble", 12L);
        stages.put("inference", 300L);
        ObjectNode line = ConsoleViews.job(job(JobRecord.Outcome.PROCESSED, List.of(delivery(Delivery.State.DELIVERED), delivery(Delivery.State.DEAD))),
                stages);
        assertEquals("1.2.3-0123456789abcdef", line.get("jobId").asText());
        assertEquals("undelivered", line.get("state").asText());
        assertEquals(20, line.get("instances").asInt());
        assertEquals("2026-12-04T10:00:00Z", line.get("createdAt").asText());
        assertEquals("[\"default\"]", line.get("rules").toString());
        assertEquals("[\"seg-1.2.3.dcm\"]", line.get("outputs").toString());
        assertEquals("{\"assemble\":12,\"inference\":300}", line.get("stageMillis").toString());
        assertEquals("{\"pending\":0,\"delivered\":1,\"dead\":1,\"held\":0,\"discarded\":0}", line.get("deliveries").toString());
    }

    @Test
    void aDeliveryShowsItsNextAttemptOnlyWhilePending() {
        JobRecord job = job(JobRecord.Outcome.PROCESSED, List.of());
        Delivery failed = Delivery.pending("pacs", "seg-1.2.3.dcm", T).failed(T, T.plusSeconds(5), "refused");
        ObjectNode pending = ConsoleViews.delivery(job, failed);
        assertEquals("pending", pending.get("state").asText());
        assertEquals(1, pending.get("attempts").asInt());
        assertEquals("2026-12-04T10:00:05Z", pending.get("nextAttempt").asText());
        assertEquals("refused", pending.get("lastError").asText());
        ObjectNode dead = ConsoleViews.delivery(job, failed.dead(T, "still refused"));
        assertEquals("dead", dead.get("state").asText());
        assertTrue(dead.get("nextAttempt").isNull());
    }

    @Test
    void seriesNotOnRecordShowWhatTheyWaitFor() {
        ObjectNode receiving = ConsoleViews.pendingSeries(new SeriesTracker.PendingSeries("1.2.4", 7, true, T, "none for 30.0 s"));
        assertEquals("receiving", receiving.get("state").asText());
        assertTrue(receiving.get("jobId").isNull());
        assertEquals("completes on: none for 30.0 s", receiving.get("reason").asText());
        assertEquals("waiting", ConsoleViews.pendingSeries(new SeriesTracker.PendingSeries("1.2.4", 7, false, T, "x")).get("state").asText());
    }

    @Test
    void aDeadLetterCarriesTheIdTheResendActionTakes() {
        ObjectNode letter = ConsoleViews.deadLetter("pacs", "1.2.3-0123456789abcdef", "seg-1.2.3.dcm", "refused it");
        assertEquals("pacs/1.2.3-0123456789abcdef/seg-1.2.3.dcm", letter.get("id").asText());
        assertEquals("refused it", letter.get("reason").asText());
    }

    private static InstanceHeader header() {
        Map<Tag, InstanceHeader.Element> elements = new LinkedHashMap<>();
        elements.put(Tag.PatientName, new InstanceHeader.Element("PN", true, List.of("Doe^Jane")));
        elements.put(Tag.PatientID, new InstanceHeader.Element("LO", true, List.of("PID-4711")));
        elements.put(Tag.PatientBirthDate, new InstanceHeader.Element("DA", true, List.of("19700101")));
        elements.put(Tag.AccessionNumber, new InstanceHeader.Element("SH", true, List.of("ACC-99")));
        elements.put(Tag.SeriesDescription, new InstanceHeader.Element("LO", true, List.of("Abdomen 1.0 ")));
        elements.put(Tag.Modality, new InstanceHeader.Element("CS", true, List.of("CT")));
        return new InstanceHeader(elements);
    }

    @Test
    void patientIdentifiersAreShownOnlyWhenTheConfigurationAllowsThem() {
        ObjectNode hidden = ConsoleViews.received(header(), 20, false);
        assertEquals("Abdomen 1.0", hidden.get("seriesDescription").asText());
        assertEquals("CT", hidden.get("modality").asText());
        assertEquals(20, hidden.get("instancesInSpool").asInt());
        String text = hidden.toString();
        for (String identifier : List.of("Doe", "PID-4711", "19700101", "ACC-99")) {
            assertFalse(text.contains(identifier), identifier + " in " + text);
        }
        ObjectNode shown = ConsoleViews.received(header(), 20, true);
        assertEquals("Doe^Jane", shown.get("patient").get("name").asText());
        assertEquals("PID-4711", shown.get("patient").get("id").asText());
        assertEquals("19700101", shown.get("patient").get("birthDate").asText());
        assertEquals("ACC-99", shown.get("patient").get("accessionNumber").asText());
    }
}
