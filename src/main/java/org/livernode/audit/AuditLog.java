package org.livernode.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.livernode.receive.ReceivedAssociation;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: one JSON object per line for every association (who sent what, how it ended) and every job
 * (what was made of a series, by which model and rules, and where it went), and every retention round that deleted
 * something. Lines name series by UID and peers
 * by AE title and address, never patients. Each line is one write on a file opened for appending, so lines
 * never interleave, and the operating system has it when the method returns. A line that cannot be written
 * is logged; receiving and processing go on.
 */
public final class AuditLog implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final FileChannel channel;
    private final Clock clock;

    private AuditLog(Path file, FileChannel channel, Clock clock) {
        this.file = file;
        this.channel = channel;
        this.clock = clock;
    }

    /** Opens {@code file} for appending, creating it and its folder when needed. */
    public static AuditLog open(Path file, Clock clock) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        return new AuditLog(absolute, FileChannel.open(absolute, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), clock);
    }

    public Path file() {
        return file;
    }

    /** An association that was accepted ended: released by its sender, or aborted or lost. */
    public void associationEnded(ReceivedAssociation association) {
        ObjectNode line = line("association");
        line.put("callingAeTitle", association.callingAeTitle());
        line.put("address", association.remoteAddress());
        line.put("outcome", association.released() ? "released" : "aborted");
        line.put("instances", association.instances().size());
        ArrayNode series = line.putArray("seriesInstanceUids");
        association.seriesInstanceUids().forEach(series::add);
        append(line);
    }

    /** An association request the node refused; the calling AE title is empty when the request did not get that far. */
    public void associationRejected(String callingAeTitle, String address, String reason) {
        ObjectNode line = line("association");
        line.put("callingAeTitle", callingAeTitle);
        line.put("address", address);
        line.put("outcome", "rejected");
        line.put("reason", reason);
        line.put("instances", 0);
        append(line);
    }

    /** A job's record was written: what became of the series, and how long each stage took when it was processed. */
    public void job(JobRecord job, Map<String, Long> stageMillis) {
        ObjectNode line = jobLine("job", job);
        line.put("instances", job.instances());
        line.put("outcome", job.outcome().name());
        line.put("reason", job.reason());
        line.put("model", job.model());
        ArrayNode rules = line.putArray("rules");
        job.rules().forEach(rules::add);
        ObjectNode stages = line.putObject("stageMillis");
        stageMillis.forEach(stages::put);
        ArrayNode outputs = line.putArray("outputs");
        job.outputs().forEach(outputs::add);
        if (job.qc() != null) {
            ObjectNode qc = line.putObject("qc");
            qc.put("outcome", job.qc().outcome());
            qc.put("volumeMl", Math.round(job.qc().volumeMl() * 10) / 10.0);
            qc.put("withinScannedRangeOnly", job.qc().withinScannedRangeOnly());
            ArrayNode findings = qc.putArray("findings");
            job.qc().findings().forEach(f -> findings.addObject().put("reason", f.reason()).put("detail", f.detail()));
        }
        deliveries(line, job);
        append(line);
    }

    /** No delivery of the job is pending any more: each was delivered or given up (dead-lettered). */
    public void deliveriesFinished(JobRecord job) {
        ObjectNode line = jobLine("deliveries", job);
        deliveries(line, job);
        append(line);
    }

    /**
     * A retention round deleted something, or left the spool above its limit.
     *
     * @param seriesInstanceUids the series whose instances (and job outputs) were deleted
     * @param overLimitBytes how far the spool stays above {@code retention.maxSpoolGiB}; 0 when below or without a limit
     */
    public void retention(List<String> seriesInstanceUids, int failedFiles, int deadLetters, long bytes, long overLimitBytes) {
        ObjectNode line = line("retention");
        ArrayNode series = line.putArray("seriesInstanceUids");
        seriesInstanceUids.forEach(series::add);
        line.put("failedFiles", failedFiles);
        line.put("deadLetters", deadLetters);
        line.put("bytes", bytes);
        line.put("overLimitBytes", overLimitBytes);
        append(line);
    }

    /**
     * An operator's action from the web console ({@code resend}, {@code rerun}) on {@code target} (a job or dead letter),
     * from {@code address}: done, or refused and why.
     */
    public void consoleAction(String action, String target, String address, boolean allowed, String outcome) {
        ObjectNode line = line("console");
        line.put("action", action);
        line.put("target", target);
        line.put("address", address);
        line.put("allowed", allowed);
        line.put("outcome", outcome);
        append(line);
    }

    /**
     * An inference request that got no probabilities: {@code role} says where it was seen (the worker that refused
     * it, the receiver that got the failure reply); {@code deadLettered} whether it went to the dead-letter queue.
     */
    public void brokerFailure(String role, String requestId, String reason, String detail, boolean deadLettered) {
        ObjectNode line = line("inferenceFailure");
        line.put("role", role);
        line.put("requestId", requestId);
        line.put("reason", reason);
        line.put("detail", detail);
        line.put("deadLettered", deadLettered);
        append(line);
    }

    private ObjectNode line(String event) {
        ObjectNode line = JSON.createObjectNode();
        line.put("time", clock.instant().toString());
        line.put("event", event);
        return line;
    }

    private ObjectNode jobLine(String event, JobRecord job) {
        ObjectNode line = line(event);
        line.put("jobId", job.jobId());
        line.put("seriesInstanceUid", job.seriesInstanceUid());
        return line;
    }

    private static void deliveries(ObjectNode line, JobRecord job) {
        ArrayNode deliveries = line.putArray("deliveries");
        for (Delivery d : job.deliveries()) {
            ObjectNode delivery = deliveries.addObject();
            delivery.put("destination", d.destination());
            delivery.put("file", d.file());
            delivery.put("state", d.state().name());
            delivery.put("attempts", d.attempts());
            if (d.lastError() != null) {
                delivery.put("lastError", d.lastError());
            }
        }
    }

    private synchronized void append(ObjectNode line) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap((JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            log.error("Audit log {}: cannot append a {} line: {}", file, line.path("event").asText(), e.getMessage());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
