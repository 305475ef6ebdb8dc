package org.livernode.series;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.livernode.series.CompletedSeries.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups arriving instances by SeriesInstanceUID and decides when a series is complete. DICOM has no "end of
 * series" message, so a quiet period (the idle timeout) is the signal every router uses and stays the fallback,
 * e.g. after an abort. A sender that releases its association has usually sent all it had, so:
 * <ul>
 * <li>when one association delivered every instance of the series received since it was last completed, more
 * than one of them, and was released, the series completes at once (unless {@code completeOnRelease} is off or
 * its sender was seen splitting series, below);
 * <li>otherwise, once every association that delivered instances of the series has been released, it completes
 * after the release grace period, which gives a sender that sends one series over several associations in a row
 * (some send one instance per association) the time to open the next one. A series sent over several
 * associations at once completes only after the last of them is released, as one job.
 * </ul>
 * A sender that sends a series in parts of several instances over associations in a row defeats the first rule:
 * its first part completes at once, and the rest becomes a second job ("late instances"). When more of a series
 * that completed at once arrives from the same sender within the idle timeout, that sender is taken as one that
 * splits series and gets the grace period from then on (until the node restarts); {@code completeOnRelease: false}
 * gives every sender the grace period from the start. Series are independent: instances of different series or
 * senders never mix.
 */
public final class SeriesTracker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SeriesTracker.class);
    /** Series that completed at once, remembered to notice a sender that sends its next part right after. */
    private static final int REMEMBERED_EARLY_COMPLETIONS = 1000;

    private final Duration idleTimeout;
    private final Duration releaseGrace;
    private final boolean completeOnRelease;
    private final Consumer<CompletedSeries> onComplete;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "series-timer");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Pending> pending = new HashMap<>();
    /** Completed series whose handler has not returned yet: still in flight to whoever asks (retention). */
    private final Map<String, Integer> handingOver = new HashMap<>();
    private final Map<String, EarlyCompletion> earlyCompletions = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EarlyCompletion> eldest) {
            return size() > REMEMBERED_EARLY_COMPLETIONS;
        }
    };
    /** Calling AE titles that sent more of a series right after it completed at once: they always get the grace period. */
    private final Set<String> sendersThatSplitSeries = new HashSet<>();

    private static final class Pending {
        final Instant since = Instant.now();
        int instances;
        final Set<String> callingAeTitles = new LinkedHashSet<>();
        /** Instances delivered, by association, since the series was last completed. */
        final Map<Long, Integer> instancesByAssociation = new HashMap<>();
        /** Associations that delivered instances of the series and have not ended yet. */
        final Set<Long> openAssociations = new HashSet<>();
        /** Found in the spool at startup: some of its instances came before any association this tracker saw. */
        boolean resumedFromSpool;
        ScheduledFuture<?> timeout;
        Trigger trigger;
        String waitingFor;
    }

    private record EarlyCompletion(String callingAeTitle, long atNanos) {}

    /**
     * @param releaseGrace how long a series waits once every association that delivered it was released
     * @param completeOnRelease whether a series that one released association delivered whole completes at once
     * @param onComplete called on the timer thread; hand long work to another executor
     */
    public SeriesTracker(Duration idleTimeout, Duration releaseGrace, boolean completeOnRelease, Consumer<CompletedSeries> onComplete) {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive, got " + idleTimeout);
        }
        if (releaseGrace.isNegative() || releaseGrace.isZero()) {
            throw new IllegalArgumentException("release grace period must be positive, got " + releaseGrace);
        }
        this.idleTimeout = idleTimeout;
        this.releaseGrace = releaseGrace;
        this.completeOnRelease = completeOnRelease;
        this.onComplete = onComplete;
    }

    /** Records that association {@code association} stored an instance of the series; restarts the series' idle timer. */
    public synchronized void instanceArrived(String seriesInstanceUid, String callingAeTitle, long association) {
        Pending p = pending.computeIfAbsent(seriesInstanceUid, uid -> {
            log.info("Series {}: first instance received from {}", uid, callingAeTitle);
            noticeSplitSender(uid, callingAeTitle);
            return new Pending();
        });
        p.instances++;
        p.callingAeTitles.add(callingAeTitle);
        p.instancesByAssociation.merge(association, 1, Integer::sum);
        p.openAssociations.add(association);
        restartTimer(seriesInstanceUid, p, idleTimeout, Trigger.IDLE_TIMEOUT, "none for " + seconds(idleTimeout));
    }

    private void noticeSplitSender(String seriesInstanceUid, String callingAeTitle) {
        EarlyCompletion early = earlyCompletions.remove(seriesInstanceUid);
        if (early != null && early.callingAeTitle().equals(callingAeTitle) && System.nanoTime() - early.atNanos() < idleTimeout.toNanos()
                && sendersThatSplitSeries.add(callingAeTitle)) {
            log.warn("Series {}: more instances from {} right after the series completed on the release of its association, which carried"
                    + " only part of it; from now on series from {} wait {} after a release (set series.completeOnRelease: false"
                    + " if senders split series over several associations)", seriesInstanceUid, callingAeTitle, callingAeTitle,
                    seconds(releaseGrace));
        }
    }

    /**
     * An association ended. When it was released (not aborted or lost) and no other association of a series it
     * delivered is still open, that series completes at once if this association carried the whole of it (see the
     * class comment), otherwise after the grace period rather than the idle timeout.
     */
    public synchronized void associationEnded(long association, boolean released, Set<String> seriesInstanceUids) {
        for (String uid : seriesInstanceUids) {
            Pending p = pending.get(uid);
            if (p == null || !p.openAssociations.remove(association) || !released || !p.openAssociations.isEmpty()) {
                continue;
            }
            if (carriedWholeSeries(p, association)) {
                restartTimer(uid, p, Duration.ZERO, Trigger.WHOLE_SERIES_RELEASED,
                        "all of them on one association, which its sender released");
            } else if (releaseGrace.compareTo(idleTimeout) < 0) {
                restartTimer(uid, p, releaseGrace, Trigger.RELEASE_GRACE, "its sender released the association " + seconds(releaseGrace) + " ago");
            }
        }
    }

    private boolean carriedWholeSeries(Pending p, long association) {
        return completeOnRelease && !p.resumedFromSpool && p.instances > 1 && p.instancesByAssociation.keySet().equals(Set.of(association))
                && Collections.disjoint(sendersThatSplitSeries, p.callingAeTitles);
    }

    /**
     * A series found in the spool at startup that was not processed: it waits for the idle timeout like one
     * that is being received, since its sender may still be sending it.
     */
    public synchronized void resumeFromSpool(String seriesInstanceUid) {
        log.info("Series {}: in the spool from before the restart, not processed yet; waiting {} for more instances",
                seriesInstanceUid, seconds(idleTimeout));
        Pending p = pending.computeIfAbsent(seriesInstanceUid, uid -> new Pending());
        p.resumedFromSpool = true;
        restartTimer(seriesInstanceUid, p, idleTimeout, Trigger.IDLE_TIMEOUT, "none for " + seconds(idleTimeout));
    }

    private void restartTimer(String seriesInstanceUid, Pending p, Duration delay, Trigger trigger, String reason) {
        p.trigger = trigger;
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

    /**
     * The series that have received instances and are not complete yet, or whose completion is being handed over
     * (the handler has not returned), which retention must leave alone. Ask this before asking the handler's queue
     * what it holds, so that a series moving from one to the other is seen in one of them.
     */
    public synchronized Set<String> pendingSeriesInstanceUids() {
        Set<String> uids = new HashSet<>(pending.keySet());
        uids.addAll(handingOver.keySet());
        return Set.copyOf(uids);
    }

    /**
     * A series not complete yet, as the console shows it.
     *
     * @param receiving whether an association that delivered some of it is still open (else it waits to complete)
     * @param since when its first instance (since it last completed) arrived, or the node found it in the spool
     * @param waitingFor what completes it, e.g. "none for 30.0 s"
     */
    public record PendingSeries(String seriesInstanceUid, int instances, boolean receiving, Instant since, String waitingFor) {}

    /** Every series not complete yet. */
    public synchronized List<PendingSeries> pending() {
        List<PendingSeries> snapshot = new ArrayList<>();
        pending.forEach((uid, p) -> snapshot.add(new PendingSeries(uid, p.instances, !p.openAssociations.isEmpty(), p.since, p.waitingFor)));
        return snapshot;
    }

    private void complete(String seriesInstanceUid, Pending expected) {
        CompletedSeries completed;
        synchronized (this) {
            // An instance that arrived while this task was starting replaced the timer; only the latest counts.
            if (pending.get(seriesInstanceUid) != expected || expected.timeout.getDelay(TimeUnit.NANOSECONDS) > 0) {
                return;
            }
            pending.remove(seriesInstanceUid);
            handingOver.merge(seriesInstanceUid, 1, Integer::sum);
            completed = new CompletedSeries(seriesInstanceUid, expected.instances, Set.copyOf(expected.callingAeTitles), expected.trigger);
            if (expected.trigger == Trigger.WHOLE_SERIES_RELEASED) {
                earlyCompletions.put(seriesInstanceUid, new EarlyCompletion(expected.callingAeTitles.iterator().next(), System.nanoTime()));
            }
        }
        log.info("Series {}: complete, {} instance(s) received, {}", seriesInstanceUid, completed.instancesReceived(), expected.waitingFor);
        try {
            onComplete.accept(completed);
        } catch (RuntimeException e) {
            log.error("Series {}: handling its completion failed", seriesInstanceUid, e);
        } finally {
            synchronized (this) {
                handingOver.computeIfPresent(seriesInstanceUid, (uid, count) -> count == 1 ? null : count - 1);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
