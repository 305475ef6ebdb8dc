package org.livernode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.audit.AuditLog;
import org.livernode.export.DeadLetters;
import org.livernode.export.OperatorRequests;
import org.livernode.pipeline.JobRerun;
import org.livernode.series.SeriesActivity;
import org.livernode.spool.Spool;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.livernode.state.QualityRecord;
import org.livernode.state.StateRoot;
import org.livernode.testing.JsonLines;

/** The console over real HTTP with the node's parts on disk and no node: what is served, and what actions do. */
class ConsoleApiTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String JOB = "1.2.3-0123456789abcdef";
    /** A job whose results for pacs are held for review. */
    private static final String HELD_JOB = "1.2.4-0123456789abcdef";
    private static final Instant T = Instant.parse("2026-12-04T10:00:00Z");

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    private record Running(OperationsServer server, StateRoot state, AuditLog audit, List<Runnable> queued) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            server.close();
            audit.close();
        }
    }

    /** A console over a spool holding one job whose SEG to {@code pacs} was given up, and one whose SEG and RTSTRUCT are held. */
    private Running console(Optional<String> token) throws Exception {
        StateRoot state = new StateRoot(dir.resolve("spool"));
        Spool spool = Spool.open(state.root());
        JobStore jobs = JobStore.open(state.jobs());
        Path seg = Files.writeString(jobs.folder(JOB).resolve("seg-1.2.3.dcm"), "SEG");
        jobs.save(new JobRecord(JOB, "1.2.3", "0123456789abcdef0123", 2, JobRecord.Outcome.PROCESSED, "", T, List.of("seg-1.2.3.dcm"),
                List.of(Delivery.pending("pacs", "seg-1.2.3.dcm", T).dead(T, "refused")), "liver 1", List.of("default"), null));
        jobs.save(new JobRecord(HELD_JOB, "1.2.4", "0123456789abcdef0124", 2, JobRecord.Outcome.PROCESSED, "", T,
                List.of("seg-1.2.4.dcm", "rtstruct-1.2.4.dcm"), List.of(Delivery.held("pacs", "seg-1.2.4.dcm"), Delivery.held("pacs", "rtstruct-1.2.4.dcm")),
                "liver 1", List.of("default"), new QualityRecord("REVIEW", List.of(new QualityRecord.Finding("small_liver", "610 mL, below 900 mL")),
                610, false)));
        DeadLetters deadLetters = new DeadLetters(state.deadLetters());
        deadLetters.add("pacs", JOB, seg, "PACS refused it: 0xA700");
        AuditLog audit = AuditLog.open(state.auditLog(), Clock.systemUTC());
        NodeHealth health = new NodeHealth();
        SeriesActivity activity = new SeriesActivity();
        List<Runnable> queued = new ArrayList<>();
        Console.Node node = new Console.Node("LIVERNODE", () -> 11112, "CPU", health, spool, jobs, deadLetters,
                new OperatorRequests(state.operatorRequests()), Set.of("pacs"), new DestinationEchoes(List.of(), d -> 0, Clock.systemUTC()),
                List::of, activity, audit);
        JobRerun rerun = new JobRerun(jobs, spool, activity, series -> false, queued::add, series -> {});
        OperationsServer server = OperationsServer.start("127.0.0.1", 0, health, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        server.console(new Console(node, new AdminToken(token), false, rerun));
        return new Running(server, state, audit, queued);
    }

    private HttpResponse<String> request(Running console, String method, String path, String authorization) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + console.server().port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        return new ObjectMapper().readTree(response.body());
    }

    private static final String LETTER = "/api/dead-letters/pacs%2F" + JOB + "%2Fseg-1.2.3.dcm/resend";

    @Test
    void thePageComesFromTheJarWithAPolicyThatAllowsNothingFromElsewhere() throws Exception {
        try (Running console = console(Optional.empty())) {
            HttpResponse<String> page = request(console, "GET", "/", null);
            assertEquals(200, page.statusCode());
            assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
            assertTrue(page.body().contains("<script src=\"/console.js\""), page.body());
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("default-src 'none'; script-src 'self'"));
            assertEquals(200, request(console, "GET", "/console.js", null).statusCode());
            assertEquals(200, request(console, "GET", "/console.css", null).statusCode());
            assertEquals(404, request(console, "GET", "/index.html/../../etc/passwd", null).statusCode());
            assertEquals(503, request(console, "GET", "/health", null).statusCode(), "/health as before: no model loaded here");
        }
    }

    @Test
    void theApiListsTheJobAndItsDeadLetterAndRefusesWhatItDoesNotKnow() throws Exception {
        try (Running console = console(Optional.empty())) {
            JsonNode jobs = json(request(console, "GET", "/api/jobs", null));
            JsonNode listed = jobs.get("jobs").get(0).get("jobId").asText().equals(JOB) ? jobs.get("jobs").get(0) : jobs.get("jobs").get(1);
            assertEquals(JOB, listed.get("jobId").asText());
            assertEquals("undelivered", listed.get("state").asText());
            JsonNode letters = json(request(console, "GET", "/api/dead-letters", null));
            assertEquals("pacs/" + JOB + "/seg-1.2.3.dcm", letters.get("deadLetters").get(0).get("id").asText());
            assertEquals("PACS refused it: 0xA700", letters.get("deadLetters").get(0).get("reason").asText());
            assertEquals(0, json(request(console, "GET", "/api/outbox", null)).get("pending").size());
            JsonNode job = json(request(console, "GET", "/api/jobs/" + JOB, null));
            assertEquals(0, job.get("received").get("instancesInSpool").asInt(), "the spool holds none of its instances");
            assertEquals("dead", job.get("deliveryList").get(0).get("state").asText());
            HttpResponse<String> noPreview = request(console, "GET", "/api/jobs/" + JOB + "/preview.png", null);
            assertEquals(404, noPreview.statusCode());
            assertTrue(json(noPreview).get("error").asText().contains("cannot be read"), noPreview.body());

            assertEquals(404, request(console, "GET", "/api/jobs/..%2F..%2Fetc", null).statusCode());
            assertEquals(404, request(console, "GET", "/api/jobs/1.2.3-00000000000000ff", null).statusCode());
            assertEquals(400, request(console, "GET", "/api/jobs?limit=0", null).statusCode());
            assertEquals(405, request(console, "GET", LETTER, null).statusCode());
            assertEquals(405, request(console, "GET", "/api/jobs/" + HELD_JOB + "/release", null).statusCode());
            assertEquals(405, request(console, "DELETE", "/api/jobs", null).statusCode());
            assertEquals(404, request(console, "GET", "/api/nothing", null).statusCode());
        }
    }

    @Test
    void withoutAConfiguredTokenEveryActionIsRefusedAndAudited() throws Exception {
        try (Running console = console(Optional.empty())) {
            HttpResponse<String> refused = request(console, "POST", LETTER, "Bearer " + TOKEN);
            assertEquals(403, refused.statusCode());
            assertTrue(json(refused).get("error").asText().contains("read-only"), refused.body());
            assertEquals(403, request(console, "POST", "/api/jobs/" + JOB + "/rerun", "Bearer " + TOKEN).statusCode());
            assertEquals(403, request(console, "POST", "/api/jobs/" + HELD_JOB + "/release", "Bearer " + TOKEN).statusCode());
            assertFalse(Files.exists(console.state().operatorRequests()), "no operator request filed");
            assertTrue(console.queued().isEmpty(), "no re-run queued");
            List<JsonNode> lines = JsonLines.read(console.state().auditLog());
            assertEquals(3, lines.size());
            assertEquals("release", lines.get(2).get("action").asText());
            assertFalse(lines.get(2).get("allowed").asBoolean());
            assertEquals("console", lines.get(0).get("event").asText());
            assertEquals("resend", lines.get(0).get("action").asText());
            assertEquals("pacs/" + JOB + "/seg-1.2.3.dcm", lines.get(0).get("target").asText());
            assertFalse(lines.get(0).get("allowed").asBoolean());
            assertTrue(lines.get(0).get("address").asText().startsWith("127.0.0.1:"));
        }
    }

    @Test
    void withTheTokenAResendIsFiledForTheOutboxAndOnlyForALetterThatExists() throws Exception {
        try (Running console = console(Optional.of(TOKEN))) {
            assertEquals(401, request(console, "POST", LETTER, null).statusCode());
            assertEquals(403, request(console, "POST", LETTER, "Bearer wrong").statusCode());
            assertFalse(Files.exists(console.state().operatorRequests()));

            HttpResponse<String> done = request(console, "POST", LETTER, "Bearer " + TOKEN);
            assertEquals(202, done.statusCode(), done.body());
            List<OperatorRequests.Request> requests = new OperatorRequests(console.state().operatorRequests()).pending();
            assertEquals(1, requests.size());
            assertEquals(List.of(new OperatorRequests.Item("pacs", JOB, "seg-1.2.3.dcm")), requests.get(0).items());

            assertEquals(404, request(console, "POST", "/api/dead-letters/pacs%2F" + JOB + "%2Frtstruct-1.2.3.dcm/resend", "Bearer " + TOKEN)
                    .statusCode(), "no such letter");
            assertEquals(404, request(console, "POST", "/api/dead-letters/pacs%2F..%2F..%2Faudit.jsonl/resend", "Bearer " + TOKEN).statusCode());
            assertEquals(404, request(console, "POST", "/api/jobs/..%2F..%2Fresend/rerun", "Bearer " + TOKEN).statusCode());
            assertEquals(401, request(console, "POST", "/api/jobs/..%0Aforged/rerun", null).statusCode(), "the token is checked first");
            HttpResponse<String> rerun = request(console, "POST", "/api/jobs/" + JOB + "/rerun", "Bearer " + TOKEN);
            assertEquals(409, rerun.statusCode(), "a result given up: resend it instead");
            assertTrue(json(rerun).get("error").asText().contains("resend its dead letters instead"), rerun.body());
            List<Boolean> allowed = JsonLines.read(console.state().auditLog()).stream().map(l -> l.get("allowed").asBoolean()).toList();
            assertEquals(List.of(false, false, true, true, true, true, false, true), allowed, "refused, then done (or answered) with the token");
            String log = Files.readString(console.state().auditLog());
            assertTrue(log.contains("\"target\":\"..?forged\""), "what the URL said, printable: " + log);
        }
    }

    @Test
    void withTheTokenAReleaseIsFiledForEveryHeldResultOfTheJob() throws Exception {
        try (Running console = console(Optional.of(TOKEN))) {
            String release = "/api/jobs/" + HELD_JOB + "/release";
            assertEquals(401, request(console, "POST", release, null).statusCode());
            assertEquals(403, request(console, "POST", release, "Bearer wrong").statusCode());
            assertFalse(Files.exists(console.state().operatorRequests()), "nothing filed without the token");

            HttpResponse<String> done = request(console, "POST", release, "Bearer " + TOKEN);
            assertEquals(202, done.statusCode(), done.body());
            assertTrue(json(done).get("result").asText().startsWith("release of 2 held result(s) for pacs requested"), done.body());
            List<OperatorRequests.Request> requests = new OperatorRequests(console.state().operatorRequests()).pending();
            assertEquals(1, requests.size());
            assertEquals(OperatorRequests.Action.RELEASE, requests.get(0).action());
            assertEquals(List.of(new OperatorRequests.Item("pacs", HELD_JOB, "seg-1.2.4.dcm"), new OperatorRequests.Item("pacs", HELD_JOB,
                    "rtstruct-1.2.4.dcm")), requests.get(0).items());

            List<JsonNode> lines = JsonLines.read(console.state().auditLog());
            assertEquals(List.of(false, false, true), lines.stream().map(l -> l.get("allowed").asBoolean()).toList());
            assertTrue(lines.stream().allMatch(l -> l.get("action").asText().equals("release") && l.get("target").asText().equals(HELD_JOB)),
                    lines.toString());
            assertTrue(lines.get(2).get("outcome").asText().startsWith("release of 2 held result(s)"), lines.toString());
        }
    }

    @Test
    void aDiscardIsFiledOnlyForAJobWithResultsHeld() throws Exception {
        try (Running console = console(Optional.of(TOKEN))) {
            assertEquals(401, request(console, "POST", "/api/jobs/" + HELD_JOB + "/discard", null).statusCode());
            HttpResponse<String> nothingHeld = request(console, "POST", "/api/jobs/" + JOB + "/discard", "Bearer " + TOKEN);
            assertEquals(409, nothingHeld.statusCode(), nothingHeld.body());
            assertTrue(json(nothingHeld).get("error").asText().contains("has no result held for review (it is undelivered)"), nothingHeld.body());
            assertEquals(404, request(console, "POST", "/api/jobs/1.2.3-00000000000000ff/discard", "Bearer " + TOKEN).statusCode());
            assertEquals(404, request(console, "POST", "/api/jobs/..%2F..%2Fetc/discard", "Bearer " + TOKEN).statusCode());
            assertFalse(Files.exists(console.state().operatorRequests()), "nothing filed for what holds nothing");

            HttpResponse<String> done = request(console, "POST", "/api/jobs/" + HELD_JOB + "/discard", "Bearer " + TOKEN);
            assertEquals(202, done.statusCode(), done.body());
            assertTrue(json(done).get("result").asText().endsWith("they will never be sent"), done.body());
            List<OperatorRequests.Request> requests = new OperatorRequests(console.state().operatorRequests()).pending();
            assertEquals(1, requests.size());
            assertEquals(OperatorRequests.Action.DISCARD, requests.get(0).action());
            assertEquals(2, requests.get(0).items().size());
            assertTrue(requests.get(0).items().stream().allMatch(i -> i.jobId().equals(HELD_JOB) && i.destination().equals("pacs")));
            List<Boolean> allowed = JsonLines.read(console.state().auditLog()).stream().map(l -> l.get("allowed").asBoolean()).toList();
            assertEquals(List.of(false, true, true, true, true), allowed, "refused, then answered with the token");
        }
    }
}
