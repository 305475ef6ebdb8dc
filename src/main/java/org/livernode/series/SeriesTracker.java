package org.livernode.series;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups arriving instances by SeriesInstanceUID and declares a series complete when none of its instances
 * has arrived for the idle timeout. DICOM has no "end of series" message, so a quiet period is the signal
 * every router uses. Series are independent: instances of different series or senders never mix.
 */
public final class SeriesTracker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SeriesTracker.class);

    private final Duration idleTimeout;
    private final Consumer<CompletedSeries> onComplete;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "series-timer");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Pending> pending = new HashMap<>();

    private static final class Pending {
        int instances;
        final Set<String> callingAeTitles = new LinkedHashSet<>();
        Instant lastArrival;
        ScheduledFuture<?> timeout;
    }

    /** @param onComplete called on the timer thread; hand long work to another executor */
    public SeriesTracker(Duration idleTimeout, Consumer<CompletedSeries> onComplete, Clock clock) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive, got " + idleTimeout);
        }
        this.idleTimeout = idleTimeout;
        this.onComplete = onComplete;
        this.clock = clock;
    }

    /** Records that an instance of the series was stored; restarts the series' idle timer. */
    public synchronized void instanceArrived(String seriesInstanceUid, String callingAeTitle) {
        Pending p = pending.computeIfAbsent(seriesInstanceUid, uid -> {
            log.info("Series {}: first instance received from {}", uid, callingAeTitle);
            return new Pending();
        });
        p.instances++;
        p.callingAeTitles.add(callingAeTitle);
        restartTimer(seriesInstanceUid, p);
    }

    /**
     * A series found in the spool at startup that was not processed: it waits for the idle timeout like one
     * that is being received, since its sender may still be sending it.
     */
    public synchronized void resumeFromSpool(String seriesInstanceUid) {
        log.info("Series {}: in the spool from before the restart, not processed yet; waiting {} s for more instances",
                seriesInstanceUid, idleTimeout.toMillis() / 1000.0);
        restartTimer(seriesInstanceUid, pending.computeIfAbsent(seriesInstanceUid, uid -> new Pending()));
    }

    private void restartTimer(String seriesInstanceUid, Pending p) {
        p.lastArrival = clock.instant();
        if (p.timeout != null) {
            p.timeout.cancel(false);
        }
        p.timeout = timer.schedule(() -> complete(seriesInstanceUid, p), idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Series that have received instances and are not complete yet. */
    public synchronized int pendingSeries() {
        return pending.size();
    }

    private void complete(String seriesInstanceUid, Pending expected) {
        CompletedSeries completed;
        synchronized (this) {
            // An instance that arrived while this task was starting replaced the timer; only the latest counts.
            if (pending.get(seriesInstanceUid) != expected || expected.timeout.getDelay(TimeUnit.NANOSECONDS) > 0) {
                return;
            }
            pending.remove(seriesInstanceUid);
            completed = new CompletedSeries(seriesInstanceUid, expected.instances, Set.copyOf(expected.callingAeTitles), expected.lastArrival);
        }
        log.info("Series {}: complete, {} instance(s) received, none for {} s", seriesInstanceUid, completed.instancesReceived(),
                idleTimeout.toMillis() / 1000.0);
        try {
            onComplete.accept(completed);
        } catch (RuntimeException e) {
            log.error("Series {}: handling its completion failed", seriesInstanceUid, e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
