package org.livernode.series;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The complete series between the series tracker and a job record: queued for the worker, or being processed. The
 * node hands each series job to the worker through {@link #submit}, which keeps this up to date; the console shows
 * it, and retention leaves these series alone. A series submitted again before its first job ended (a sender that
 * sent it twice) stays here until its last job has ended.
 */
public final class SeriesActivity {
    /** A series and what happens to it now ("queued" or "processing") since when. */
    public record Entry(String seriesInstanceUid, String state, Instant since) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, Integer> jobs = new HashMap<>();

    /** Runs {@code job} for the series on {@code worker}, showing it as queued until it starts and processing until it ends. */
    public void submit(Executor worker, String seriesInstanceUid, Runnable job) {
        queued(seriesInstanceUid);
        try {
            worker.execute(() -> {
                put(new Entry(seriesInstanceUid, "processing", Instant.now()));
                try {
                    job.run();
                } finally {
                    ended(seriesInstanceUid);
                }
            });
        } catch (RuntimeException e) {
            // A worker shut down (the node stopping) takes nothing more: the series is not queued.
            ended(seriesInstanceUid);
            throw e;
        }
    }

    private synchronized void queued(String seriesInstanceUid) {
        if (jobs.merge(seriesInstanceUid, 1, Integer::sum) == 1) {
            entries.put(seriesInstanceUid, new Entry(seriesInstanceUid, "queued", Instant.now()));
        }
    }

    private synchronized void put(Entry entry) {
        entries.put(entry.seriesInstanceUid(), entry);
    }

    private synchronized void ended(String seriesInstanceUid) {
        if (jobs.merge(seriesInstanceUid, -1, Integer::sum) == 0) {
            jobs.remove(seriesInstanceUid);
            entries.remove(seriesInstanceUid);
        } else {
            entries.put(seriesInstanceUid, new Entry(seriesInstanceUid, "queued", Instant.now()));
        }
    }

    /** Whether the series is queued or being processed. */
    public synchronized boolean busy(String seriesInstanceUid) {
        return entries.containsKey(seriesInstanceUid);
    }

    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    public synchronized Set<String> seriesInstanceUids() {
        return Set.copyOf(entries.keySet());
    }
}
