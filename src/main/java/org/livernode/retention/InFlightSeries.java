package org.livernode.retention;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The series queued for or in processing, which retention leaves alone: a series completed again with the instances
 * it had (a sender that sent it twice) would otherwise lose them between its completion and its job's look at them.
 * A series queued twice stays in flight until both have run.
 */
public final class InFlightSeries {
    private final ConcurrentHashMap<String, Integer> queued = new ConcurrentHashMap<>();

    /** Marks the series as in flight now, and returns {@code job} wrapped so that running it ends that. */
    public Runnable enqueue(String seriesInstanceUid, Runnable job) {
        queued.merge(seriesInstanceUid, 1, Integer::sum);
        return () -> {
            try {
                job.run();
            } finally {
                queued.computeIfPresent(seriesInstanceUid, (uid, count) -> count == 1 ? null : count - 1);
            }
        };
    }

    public Set<String> seriesInstanceUids() {
        return Set.copyOf(queued.keySet());
    }
}
