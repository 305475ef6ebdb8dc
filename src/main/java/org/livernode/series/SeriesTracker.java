package org.livernode.series;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
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
 * every router uses; but a sender that releases its association has usually sent all it had, so once every
 * association that delivered instances of a series has been released, the series completes after a short
 * grace period instead (the idle timeout stays as the fallback, e.g. after an abort). A series sent over
 * several associations at once completes only when the last of them is released, as one job. Series are
 * independent: instances of different series or senders never mix.
 */
public final class SeriesTracker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SeriesTracker.class);

    private final Duration idleTimeout;
    private final Duration releaseGrace;
    private final Consumer<CompletedSeries> onComplete;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "series-timer");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Pending> pending = new HashMap<>();

    private static final class Pending {
        int instances;
        final Set<String> callingAeTitles = new LinkedHashSet<>();
        /** Associations that delivered instances of the series and have not ended yet. */
        final Set<Long> openAssociations = new HashSet<>();
        ScheduledFuture<?> timeout;
        String waitingFor;
    }

    /**
     * @param releaseGrace how long a series waits once every association that delivered it was released
     * @param onComplete called on the timer thread; hand long work to another executor
     */
    public SeriesTracker(Duration idleTimeout, Duration releaseGrace, Consumer<CompletedSeries> onComplete) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive, got " + idleTimeout);
        }
        if (releaseGrace.isNegative() || releaseGrace.isZero()) {
            throw new IllegalArgumentException("release grace period must be positive, got " + releaseGrace);
        }
        this.idleTimeout = idleTimeout;
        this.releaseGrace = releaseGrace;
        this.onComplete = onComplete;
    }

    /** Records that association {@code association} stored an instance of the series; restarts the series' idle timer. */
    public synchronized void instanceArrived(String seriesInstanceUid, String callingAeTitle, long association) {
        Pending p = pending.computeIfAbsent(seriesInstanceUid, uid -> {
            log.info("Series {}: first instance received from {}", uid, callingAeTitle);
            return new Pending();
        });
        p.instances++;
        p.callingAeTitles.add(callingAeTitle);
        p.openAssociations.add(association);
        restartTimer(seriesInstanceUid, p, idleTimeout, "none for " + seconds(idleTimeout));
    }

    /**
     * An association ended. When it was released (not aborted or lost) and no other association of a series it
     * delivered is still open, that series completes after the grace period rather than the idle timeout.
     */
    public synchronized void associationEnded(long association, boolean released, Set<String> seriesInstanceUids) {
        for (String uid : seriesInstanceUids) {
            Pending p = pending.get(uid);
            if (p == null || !p.openAssociations.remove(association)) {
                continue;
            }
            if (released && p.openAssociations.isEmpty() && releaseGrace.compareTo(idleTimeout) < 0) {
                restartTimer(uid, p, releaseGrace, "its sender released the association " + seconds(releaseGrace) + " ago");
            }
        }
    }

    /**
     * A series found in the spool at startup that was not processed: it waits for the idle timeout like one
     * that is being received, since its sender may still be sending it.
     */
    public synchronized void resumeFromSpool(String seriesInstanceUid) {
        log.info("Series {}: in the spool from before the restart, not processed yet; waiting {} for more instances",
                seriesInstanceUid, seconds(idleTimeout));
        restartTimer(seriesInstanceUid, pending.computeIfAbsent(seriesInstanceUid, uid -> new Pending()), idleTimeout,
                "none for " + seconds(idleTimeout));
    }

    private void restartTimer(String seriesInstanceUid, Pending p, Duration delay, String reason) {
        p.waitingFor = reason;
        if (p.timeout != null) {
            p.timeout.cancel(false);
        }
        p.timeout = timer.schedule(() -> complete(seriesInstanceUid, p), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static String seconds(Duration d) {
        return d.toMillis() / 1000.0 + " s";
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
            completed = new CompletedSeries(seriesInstanceUid, expected.instances, Set.copyOf(expected.callingAeTitles));
        }
        log.info("Series {}: complete, {} instance(s) received, {}", seriesInstanceUid, completed.instancesReceived(), expected.waitingFor);
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
