package org.livernode.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long each stage of a job took, as the audit log's {@code job} lines say (job records keep what was made, not
 * how long it took). Only the end of the log is read ({@link #TAIL_BYTES}), which holds the recent jobs the
 * console lists, and it is read again only when the log has grown.
 */
public final class StageTimings {
    static final int TAIL_BYTES = 4 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path auditLog;
    private long readAtSize = -1;
    private Map<String, Map<String, Long>> byJob = Map.of();

    public StageTimings(Path auditLog) {
        this.auditLog = auditLog;
    }

    /** Stage name to milliseconds for the job's latest attempt; empty when the tail of the log does not have it. */
    public synchronized Map<String, Long> of(String jobId) throws IOException {
        long size = Files.isRegularFile(auditLog) ? Files.size(auditLog) : 0;
        if (size != readAtSize) {
            byJob = parse(tail(size));
            readAtSize = size;
        }
        return byJob.getOrDefault(jobId, Map.of());
    }

    private String tail(long size) throws IOException {
        if (size == 0) {
            return "";
        }
        try (RandomAccessFile file = new RandomAccessFile(auditLog.toFile(), "r")) {
            long from = Math.max(0, size - TAIL_BYTES);
            byte[] bytes = new byte[(int) (size - from)];
            file.seek(from);
            file.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            // Starting inside a line: skip to the next whole one.
            return from == 0 ? text : text.substring(text.indexOf('\n') + 1);
        }
    }

    /** The stage times of every job line in {@code lines}; a later line of the same job (a re-run) wins. */
    static Map<String, Map<String, Long>> parse(String lines) {
        Map<String, Map<String, Long>> times = new HashMap<>();
        for (String line : lines.split("\n")) {
            if (!line.contains("\"event\":\"job\"")) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                Map<String, Long> stages = new LinkedHashMap<>();
                node.path("stageMillis").fields().forEachRemaining(e -> stages.put(e.getKey(), e.getValue().asLong()));
                times.put(node.path("jobId").asText(), stages);
            } catch (IOException e) {
                // A line cut by a crash while it was written: the rest of the log still counts.
            }
        }
        return times;
    }
}
