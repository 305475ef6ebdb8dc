package org.livernode.http;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The complete series between the series tracker and a job record: queued for the worker, or being processed.
 * The node hands each series job to the worker through {@link #submit}, which keeps this up to date.
 */
public final class SeriesActivity {
    /** A series and what happens to it now ("queued" or "processing") since when. */
    public record Entry(String seriesInstanceUid, String state, Instant since) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    /** Runs {@code job} for the series on {@code worker}, showing it as queued until it starts and processing until it ends. */
    public void submit(Executor worker, String seriesInstanceUid, Runnable job) {
        put(new Entry(seriesInstanceUid, "queued", Instant.now()));
        try {
            worker.execute(() -> {
                put(new Entry(seriesInstanceUid, "processing", Instant.now()));
                try {
                    job.run();
                } finally {
                    remove(seriesInstanceUid);
                }
            });
        } catch (RuntimeException e) {
            // A worker shut down (the node stopping) takes nothing more: the series is not queued.
            remove(seriesInstanceUid);
            throw e;
        }
    }

    private synchronized void put(Entry entry) {
        entries.put(entry.seriesInstanceUid(), entry);
    }

    private synchronized void remove(String seriesInstanceUid) {
        entries.remove(seriesInstanceUid);
    }

    /** Whether the series is queued or being processed. */
    public synchronized boolean busy(String seriesInstanceUid) {
        return entries.containsKey(seriesInstanceUid);
    }

    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }
}
