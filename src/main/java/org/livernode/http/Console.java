package org.livernode.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.livernode.audit.AuditLog;
import org.livernode.dicom.DicomReadException;
import org.livernode.dicom.InstanceHeader;
import org.livernode.dicom.LogSafe;
import org.livernode.export.DeadLetters;
import org.livernode.export.OperatorRequests;
import org.livernode.series.SeriesActivity;
import org.livernode.series.SeriesTracker;
import org.livernode.spool.Spool;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's web console: one page ({@code GET /}, plain HTML, CSS and JavaScript from the jar's
 * {@code console/} resources) and the JSON API behind it under {@code /api/}: health, the recent series and jobs,
 * a job in full with its preview image, the outbox, the dead letters, and the actions (resend a dead letter, re-run
 * a job, release or discard a job's results held for review) that need the admin token ({@link AdminToken}) and are
 * audit-logged whether done or refused. Everything it shows comes from the spool's folders and the node's live state;
 * it writes only operator requests for the outbox ({@link OperatorRequests}) or what a re-run needs, which the node
 * does ({@link RerunRequests}).
 */
public final class Console {
    private static final Logger log = LoggerFactory.getLogger(Console.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int DEFAULT_JOBS = 50;
    static final int MAX_JOBS = 1000;
    private static final Map<String, String> PAGES = Map.of(
            "/", "index.html",
            "/console.css", "console.css",
            "/console.js", "console.js");
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8");
    /** Nothing from elsewhere: no framework, no CDN, no inline script, and no framing by another site. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'";

    /** The node's parts the console reads. */
    public record Node(String aeTitle, IntSupplier dicomPort, String device, NodeHealth health, Spool spool, JobStore jobs,
            DeadLetters deadLetters, OperatorRequests operatorRequests, Set<String> destinations, DestinationEchoes echoes,
            Supplier<List<SeriesTracker.PendingSeries>> pendingSeries, SeriesActivity activity, AuditLog audit) {}

    private final Node node;
    private final AdminToken token;
    private final boolean patientIdentifiers;
    private final StageTimings timings;
    private final PreviewImages previews;
    private final RerunRequests rerun;
    private final JobRecords records;

    /** @param patientIdentifiers whether the job view may show the patient's name, ID, birth date and accession number */
    public Console(Node node, AdminToken token, boolean patientIdentifiers, RerunRequests rerun) {
        this.node = node;
        this.token = token;
        this.patientIdentifiers = patientIdentifiers;
        this.timings = new StageTimings(node.audit().file());
        this.previews = new PreviewImages(node.jobs(), node.spool());
        this.rerun = rerun;
        this.records = new JobRecords(node.jobs());
    }

    private record Response(int status, String contentType, byte[] body) {
        static Response json(int status, Object body) {
            try {
                return new Response(status, "application/json", JSON.writeValueAsBytes(body));
            } catch (IOException e) {
                throw new IllegalStateException("a JSON tree always serializes", e);
            }
        }

        static Response error(int status, String message) {
            return json(status, Map.of("error", message));
        }
    }

    /** {@code /} and the page's files. */
    void page(HttpExchange exchange) throws IOException {
        try (exchange) {
            String resource = PAGES.get(exchange.getRequestURI().getPath());
            Response response;
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                response = new Response(405, "text/plain; charset=utf-8", "only GET\n".getBytes(StandardCharsets.UTF_8));
            } else if (resource == null) {
                response = new Response(404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            } else {
                try (InputStream in = Console.class.getResourceAsStream("/console/" + resource)) {
                    if (in == null) {
                        throw new IOException("the jar lacks console/" + resource);
                    }
                    response = new Response(200, CONTENT_TYPES.get(resource.substring(resource.lastIndexOf('.') + 1)), in.readAllBytes());
                }
            }
            exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            send(exchange, response);
        }
    }

    /** {@code /api/...}. */
    void api(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            try {
                response = route(exchange);
            } catch (IOException | RuntimeException e) {
                log.error("Console: {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), e.getMessage(), e);
                response = Response.error(500, "the node could not answer: " + e.getMessage());
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            send(exchange, response);
        }
    }

    private Response route(HttpExchange exchange) throws IOException {
        List<String> path = segments(exchange.getRequestURI().getRawPath());
        String method = exchange.getRequestMethod();
        boolean get = method.equals("GET") || method.equals("HEAD");
        boolean post = method.equals("POST");
        String what = path.isEmpty() ? "" : path.get(0);
        if (path.size() == 1 && get && what.equals("health")) {
            return Response.json(200, health());
        }
        if (path.size() == 1 && get && what.equals("jobs")) {
            Optional<Integer> limit = limit(exchange.getRequestURI().getRawQuery());
            return limit.isEmpty() ? Response.error(400, "limit must be a number from 1 to " + MAX_JOBS) : Response.json(200, jobs(limit.get()));
        }
        if (path.size() == 1 && get && what.equals("outbox")) {
            return Response.json(200, outbox());
        }
        if (path.size() == 1 && get && what.equals("dead-letters")) {
            return Response.json(200, deadLetters());
        }
        if (get && what.equals("jobs") && path.size() >= 2 && !ConsoleIds.isJobId(path.get(1))) {
            return Response.error(404, "not a job id");
        }
        if (path.size() == 2 && get && what.equals("jobs")) {
            return job(path.get(1));
        }
        if (path.size() == 3 && get && what.equals("jobs") && path.get(2).equals("preview.png")) {
            return preview(path.get(1));
        }
        if (path.size() == 3 && post && what.equals("jobs") && path.get(2).equals("rerun")) {
            return jobAction(exchange, "rerun", path.get(1), () -> {
                RerunRequests.Outcome outcome = rerun.request(path.get(1));
                int status = switch (outcome.answer()) {
                    case QUEUED -> 202;
                    case NO_SUCH_JOB -> 404;
                    case REFUSED -> 409;
                };
                return new ActionResult(status, outcome.message());
            });
        }
        if (path.size() == 3 && post && what.equals("jobs") && path.get(2).equals("release")) {
            return jobAction(exchange, "release", path.get(1), () -> decide(OperatorRequests.Action.RELEASE, path.get(1)));
        }
        if (path.size() == 3 && post && what.equals("jobs") && path.get(2).equals("discard")) {
            return jobAction(exchange, "discard", path.get(1), () -> decide(OperatorRequests.Action.DISCARD, path.get(1)));
        }
        if (path.size() == 3 && post && what.equals("dead-letters") && path.get(2).equals("resend")) {
            return action(exchange, "resend", path.get(1), () -> resend(path.get(1)));
        }
        boolean known = List.of("health", "jobs", "outbox", "dead-letters").contains(what);
        return known ? Response.error(405, method + " is not allowed on " + exchange.getRequestURI().getRawPath())
                : Response.error(404, "no such API: " + exchange.getRequestURI().getRawPath());
    }

    /** The path after {@code /api/}, each segment percent-decoded ('+' stays a plus: this is a path, not a form). */
    static List<String> segments(String rawPath) {
        String rest = rawPath.substring(Math.min(rawPath.length(), "/api/".length()));
        List<String> segments = new ArrayList<>();
        for (String segment : rest.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    /** The {@code limit} parameter of the job list: {@link #DEFAULT_JOBS} when absent, empty when invalid. */
    static Optional<Integer> limit(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Optional.of(DEFAULT_JOBS);
        }
        for (String parameter : rawQuery.split("&")) {
            if (parameter.startsWith("limit=")) {
                String value = parameter.substring("limit=".length());
                if (!value.matches("[0-9]{1,4}")) {
                    return Optional.empty();
                }
                int limit = Integer.parseInt(value);
                return limit >= 1 && limit <= MAX_JOBS ? Optional.of(limit) : Optional.empty();
            }
        }
        return Optional.of(DEFAULT_JOBS);
    }

    private ObjectNode health() throws IOException {
        NodeHealth.Status status = node.health().status();
        ObjectNode body = JSON.createObjectNode();
        body.put("status", status.ready() ? "UP" : "DOWN");
        ObjectNode scp = body.putObject("scp");
        scp.put("listening", status.serving());
        scp.put("aeTitle", node.aeTitle());
        scp.put("port", node.dicomPort().getAsInt());
        body.put("model", status.modelLoaded() ? status.model() : "not loaded");
        body.put("device", node.device());
        FileStore store = Files.getFileStore(node.spool().root());
        ObjectNode spool = body.putObject("spool");
        spool.put("freeBytes", store.getUsableSpace());
        spool.put("totalBytes", store.getTotalSpace());
        ArrayNode destinations = body.putArray("destinations");
        for (DestinationEchoes.Result r : node.echoes().results()) {
            ObjectNode d = destinations.addObject();
            d.put("name", r.destination().name());
            d.put("aeTitle", r.destination().aeTitle());
            d.put("address", r.destination().host() + ":" + r.destination().port());
            d.put("tls", r.destination().tls().isPresent());
            d.put("reachable", r.reachable());
            d.put("echoMillis", r.millis());
            d.put("error", r.error());
            if (r.checkedAt() == null) {
                d.putNull("checkedAt");
            } else {
                d.put("checkedAt", r.checkedAt().toString());
            }
        }
        body.put("actions", token.configured() ? "need the admin token" : "off: no http.adminToken configured, the console is read-only");
        body.put("patientIdentifiers", patientIdentifiers);
        return body;
    }

    /** Series not on record yet (receiving, waiting, queued, processing), then jobs, newest first. */
    private ObjectNode jobs(int limit) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode list = body.putArray("jobs");
        node.pendingSeries().get().stream().sorted(Comparator.comparing(SeriesTracker.PendingSeries::since).reversed())
                .forEach(s -> list.add(ConsoleViews.pendingSeries(s)));
        for (SeriesActivity.Entry e : node.activity().entries()) {
            list.add(ConsoleViews.activeSeries(e.seriesInstanceUid(), e.state(), node.spool().instances(e.seriesInstanceUid()).size(), e.since(),
                    e.state().equals("queued") ? "complete; waits for the series before it" : "being processed"));
        }
        List<JobRecord> newestFirst = new ArrayList<>(records.all());
        newestFirst.sort(Comparator.comparing(JobRecord::createdAt).reversed());
        for (JobRecord job : newestFirst.subList(0, Math.min(limit, newestFirst.size()))) {
            list.add(ConsoleViews.job(job, timings.of(job.jobId())));
        }
        body.put("jobsOnRecord", newestFirst.size());
        return body;
    }

    private Response job(String jobId) throws IOException {
        Optional<JobRecord> found = node.jobs().find(jobId);
        if (found.isEmpty()) {
            return Response.error(404, "no job " + jobId);
        }
        JobRecord job = found.get();
        List<Path> instances = node.spool().instances(job.seriesInstanceUid());
        ObjectNode received = ConsoleViews.receivedGone();
        if (!instances.isEmpty()) {
            try {
                received = ConsoleViews.received(InstanceHeader.read(instances.get(0)), instances.size(), patientIdentifiers);
            } catch (DicomReadException e) {
                received.put("instancesInSpool", instances.size());
                received.put("error", "cannot read an instance: " + e.parseFailure());
            }
        }
        return Response.json(200, ConsoleViews.jobDetail(job, timings.of(jobId), received, PreviewImages.maskSource(job).isPresent()));
    }

    private Response preview(String jobId) throws IOException {
        Optional<JobRecord> found = node.jobs().find(jobId);
        if (found.isEmpty()) {
            return Response.error(404, "no job " + jobId);
        }
        try {
            return new Response(200, "image/png", previews.png(found.get()));
        } catch (PreviewImages.NoPreviewException e) {
            return Response.error(404, e.getMessage());
        }
    }

    private ObjectNode outbox() throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode pending = body.putArray("pending");
        List<JobRecord> oldestFirst = new ArrayList<>(records.all());
        oldestFirst.sort(Comparator.comparing(JobRecord::createdAt));
        for (JobRecord job : oldestFirst) {
            job.deliveries().stream().filter(d -> d.state() == Delivery.State.PENDING).forEach(d -> pending.add(ConsoleViews.delivery(job, d)));
        }
        return body;
    }

    private ObjectNode deadLetters() throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode letters = body.putArray("deadLetters");
        for (DeadLetters.Letter letter : node.deadLetters().list(null)) {
            letters.add(ConsoleViews.deadLetter(letter.destination(), letter.jobId(), letter.file().getFileName().toString(),
                    node.deadLetters().reason(letter)));
        }
        return body;
    }

    private record ActionResult(int status, String message) {}

    @FunctionalInterface
    private interface Action {
        ActionResult run() throws IOException;
    }

    /** Checks the token, then runs the action; either way the audit log says who asked for what and what came of it. */
    private Response action(HttpExchange exchange, String name, String requested, Action action) throws IOException {
        // From the URL, checked only once the token is: kept to what a log line can hold.
        String target = LogSafe.printable(requested);
        String address = address(exchange.getRemoteAddress());
        AdminToken.Verdict verdict = token.check(exchange.getRequestHeaders().getFirst("Authorization"));
        if (verdict != AdminToken.Verdict.ALLOWED) {
            node.audit().consoleAction(name, target, address, false, verdict.reason);
            log.warn("Console: {} of {} from {} refused: {}", name, target, address, verdict.reason);
            return Response.error(verdict.httpStatus, verdict.reason);
        }
        ActionResult result = action.run();
        node.audit().consoleAction(name, target, address, true, result.message());
        ObjectNode body = JSON.createObjectNode();
        body.put(result.status() < 300 ? "result" : "error", result.message());
        return Response.json(result.status(), body);
    }

    /** An action on a job: {@link #action}, answering 404 for what is not a job id before the action looks anything up. */
    private Response jobAction(HttpExchange exchange, String name, String jobId, Action action) throws IOException {
        return action(exchange, name, jobId, () -> ConsoleIds.isJobId(jobId) ? action.run() : new ActionResult(404, "not a job id"));
    }

    /**
     * Files a request to release (or discard) every result of the job held for review; the outbox takes it up within a
     * second, so the console never writes the job record the outbox may be writing.
     */
    private ActionResult decide(OperatorRequests.Action decision, String jobId) throws IOException {
        Optional<JobRecord> found = node.jobs().find(jobId);
        if (found.isEmpty()) {
            return new ActionResult(404, "no job " + jobId);
        }
        List<Delivery> held = found.get().deliveries().stream().filter(d -> d.state() == Delivery.State.HELD).toList();
        String verb = decision.name().toLowerCase(Locale.ROOT);
        if (held.isEmpty()) {
            return new ActionResult(409, "job " + jobId + " has no result held for review (it is " + ConsoleViews.state(found.get())
                    + "): there is nothing to " + verb);
        }
        Path request = node.operatorRequests().file(decision,
                held.stream().map(d -> new OperatorRequests.Item(d.destination(), jobId, d.file())).toList());
        String destinations = String.join(", ", held.stream().map(Delivery::destination).distinct().sorted().toList());
        log.info("Console: {} of the {} held result(s) of job {} for {} (request {})", verb, held.size(), jobId, destinations,
                request.getFileName());
        return new ActionResult(202, verb + " of " + held.size() + " held result(s) for " + destinations + " requested: "
                + (decision == OperatorRequests.Action.RELEASE ? "the outbox sends them within a second" : "they will never be sent"));
    }

    /** Files a resend request for the one letter, as {@code livernode resend} does; the outbox takes it up within a second. */
    private ActionResult resend(String id) throws IOException {
        Optional<OperatorRequests.Item> item = ConsoleIds.deadLetter(id);
        if (item.isEmpty()) {
            return new ActionResult(404, "not a dead letter id: " + id);
        }
        Optional<DeadLetters.Letter> letter = node.deadLetters().list(item.get().destination()).stream()
                .filter(l -> l.jobId().equals(item.get().jobId()) && l.file().getFileName().toString().equals(item.get().file())).findFirst();
        if (letter.isEmpty()) {
            return new ActionResult(404, "no dead letter " + id);
        }
        if (!node.destinations().contains(item.get().destination())) {
            return new ActionResult(409, "destination " + item.get().destination() + " is not configured");
        }
        Path request = node.operatorRequests().file(List.of(letter.get()));
        log.info("Console: {} to be sent to {} again (request {})", item.get().file(), item.get().destination(), request.getFileName());
        return new ActionResult(202, "resend of " + id + " requested");
    }

    private static String address(InetSocketAddress remote) {
        return remote == null ? "" : remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", response.contentType());
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }
}
