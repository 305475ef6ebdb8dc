package org.livernode.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.livernode.series.CompletedSeries.Trigger;

class SeriesTrackerTest {

    private final BlockingQueue<CompletedSeries> completed = new LinkedBlockingQueue<>();

    @Test
    void seriesCompletesOnlyAfterItsOwnQuietPeriod() throws Exception {
        try (SeriesTracker tracker = new SeriesTracker(Duration.ofMillis(300), Duration.ofSeconds(60), true, completed::add)) {
            tracker.instanceArrived("1.1", "CT1", 1);
            tracker.instanceArrived("2.2", "CT2", 1);
            for (int i = 0; i < 4; i++) {
                Thread.sleep(150);
                tracker.instanceArrived("1.1", "CT1", 1);
            }
            // 2.2 has been quiet for 600 ms, 1.1 kept receiving every 150 ms.
            CompletedSeries first = completed.poll(2, TimeUnit.SECONDS);
            assertNotNull(first);
            assertEquals("2.2", first.seriesInstanceUid());
            assertEquals(1, first.instancesReceived());
            assertEquals(Set.of("CT2"), first.callingAeTitles());
            assertEquals(1, tracker.pendingSeries());

            CompletedSeries second = completed.poll(2, TimeUnit.SECONDS);
            assertNotNull(second);
            assertEquals("1.1", second.seriesInstanceUid());
            assertEquals(5, second.instancesReceived());
            assertEquals(0, tracker.pendingSeries());
            assertNull(completed.poll(500, TimeUnit.MILLISECONDS), "each series completes once");
        }
    }

    @Test
    void aSeriesStaysPendingUntilItsCompletionHandlerHasReturned() throws Exception {
        BlockingQueue<Set<String>> seenByHandler = new LinkedBlockingQueue<>();
        SeriesTracker[] self = new SeriesTracker[1];
        try (SeriesTracker tracker = new SeriesTracker(Duration.ofMillis(100), Duration.ofSeconds(60), true,
                series -> seenByHandler.add(self[0].pendingSeriesInstanceUids()))) {
            self[0] = tracker;
            tracker.instanceArrived("1.1", "CT1", 1);
            assertEquals(Set.of("1.1"), seenByHandler.poll(2, TimeUnit.SECONDS), "pending while its handler runs");
            assertEquals(0, tracker.pendingSeries());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!tracker.pendingSeriesInstanceUids().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(Set.of(), tracker.pendingSeriesInstanceUids(), "not pending once its handler has returned");
        }
    }

    @Test
    void instancesAfterCompletionStartTheSeriesAgain() throws Exception {
        try (SeriesTracker tracker = new SeriesTracker(Duration.ofMillis(100), Duration.ofSeconds(60), true, completed::add)) {
            tracker.instanceArrived("1.1", "CT1", 1);
            assertNotNull(completed.poll(2, TimeUnit.SECONDS));
            tracker.instanceArrived("1.1", "PACS", 1);
            CompletedSeries again = completed.poll(2, TimeUnit.SECONDS);
            assertNotNull(again);
            assertEquals(1, again.instancesReceived());
            assertTrue(again.callingAeTitles().contains("PACS"));
        }
    }

    @Test
    void aFailingHandlerDoesNotStopLaterSeries() throws Exception {
        CountDownLatch badHandled = new CountDownLatch(1);
        try (SeriesTracker tracker = new SeriesTracker(Duration.ofMillis(50), Duration.ofSeconds(60), true, s -> {
            if (s.seriesInstanceUid().equals("bad")) {
                badHandled.countDown();
                throw new IllegalStateException("boom");
            }
            completed.add(s);
        })) {
            tracker.instanceArrived("bad", "CT1", 1);
            assertTrue(badHandled.await(2, TimeUnit.SECONDS), "the handler ran for the first series and threw");
            tracker.instanceArrived("good", "CT1", 1);
            assertEquals("good", completed.poll(2, TimeUnit.SECONDS).seriesInstanceUid());
        }
    }

    /** Long enough that a test finishing before it shows that it did not decide anything; short ones show the decision. */
    private static final Duration NEVER = Duration.ofSeconds(60);

    /** {@code sender} sends {@code instances} instances of {@code uid} on {@code association}, then releases it. */
    private static void sendAndRelease(SeriesTracker tracker, String sender, long association, String uid, int instances) {
        for (int i = 0; i < instances; i++) {
            tracker.instanceArrived(uid, sender, association);
        }
        tracker.associationEnded(association, true, Set.of(uid));
    }

    private CompletedSeries next() throws InterruptedException {
        CompletedSeries series = completed.poll(10, TimeUnit.SECONDS);
        assertNotNull(series, "a series completed");
        return series;
    }

    @Test
    void aSeriesDeliveredWholeByOneReleasedAssociationCompletesAtOnce() throws Exception {
        try (SeriesTracker tracker = new SeriesTracker(NEVER, NEVER, true, completed::add)) {
            tracker.instanceArrived("1.1", "CT1", 7);
            tracker.instanceArrived("1.1", "CT1", 7);
            tracker.instanceArrived("1.1", "CT1", 7);
            assertNull(completed.poll(200, TimeUnit.MILLISECONDS), "nothing before the release");
            tracker.associationEnded(7, true, Set.of("1.1"));
            CompletedSeries series = next();
            assertEquals(Trigger.WHOLE_SERIES_RELEASED, series.trigger(), "neither the 60 s grace nor the idle timeout");
            assertEquals(3, series.instancesReceived());
        }
    }

    @Test
    void oneInstancePerAssociationWaitsForTheGracePeriodBetweenThem() throws Exception {
        try (SeriesTracker tracker = new SeriesTracker(NEVER, Duration.ofMillis(1500), true, completed::add)) {
            for (long association = 1; association <= 3; association++) {
                sendAndRelease(tracker, "CT1", association, "1.1", 1);
            }
            CompletedSeries series = next();
            assertEquals(Trigger.RELEASE_GRACE, series.trigger(), "an association with one instance may be one of many");
            assertEquals(3, series.instancesReceived(), "one job for all three associations");
        }
    }

    @Test
    void aSeriesStartedBeforeTheAssociationWaitsForTheGracePeriod() throws Exception {
        try (SeriesTracker tracker = new SeriesTracker(NEVER, Duration.ofMillis(1500), true, completed::add)) {
            sendAndRelease(tracker, "CT1", 1, "1.1", 1);
            sendAndRelease(tracker, "CT1", 2, "1.1", 2);
            CompletedSeries series = next();
            assertEquals(Trigger.RELEASE_GRACE, series.trigger(), "association 2 carried only part of what was received");
            assertEquals(3, series.instancesReceived());
        }
    }

    @Test
    void aSeriesResumedFromTheSpoolWaitsForTheGracePeriod() throws Exception {
        try (SeriesTracker tracker = new SeriesTracker(NEVER, Duration.ofMillis(200), true, completed::add)) {
            tracker.resumeFromSpool("1.1");
            sendAndRelease(tracker, "CT1", 1, "1.1", 2);
            assertEquals(Trigger.RELEASE_GRACE, next().trigger(), "instances from before the restart came on other associations");
        }
    }

    @Test
    void aSeriesOnSeveralAssociationsCompletesOnceAfterTheLastIsReleased() throws Exception {
        try (SeriesTracker tracker = new SeriesTracker(NEVER, Duration.ofMillis(200), true, completed::add)) {
            tracker.instanceArrived("1.1", "CT1", 1);
            tracker.instanceArrived("1.1", "CT1", 2);
            tracker.instanceArrived("2.2", "CT1", 2);
            tracker.instanceArrived("2.2", "CT1", 2);
            tracker.associationEnded(1, true, Set.of("1.1"));
            assertNull(completed.poll(600, TimeUnit.MILLISECONDS), "association 2 still delivers 1.1");
            tracker.instanceArrived("1.1", "CT1", 2);
            tracker.associationEnded(2, true, Set.of("1.1", "2.2"));
            CompletedSeries first = next();
            CompletedSeries second = next();
            CompletedSeries oneOne = first.seriesInstanceUid().equals("1.1") ? first : second;
            CompletedSeries twoTwo = first.seriesInstanceUid().equals("1.1") ? second : first;
            assertEquals("2.2", twoTwo.seriesInstanceUid());
            assertEquals(Trigger.WHOLE_SERIES_RELEASED, twoTwo.trigger(), "association 2 carried all of 2.2");
            assertEquals(Trigger.RELEASE_GRACE, oneOne.trigger(), "1.1 came over two associations at once");
            assertEquals(3, oneOne.instancesReceived(), "one completion with every instance of both associations");
            assertNull(completed.poll(500, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void anAbortedAssociationLeavesTheSeriesToTheIdleTimeout() throws Exception {
        try (SeriesTracker tracker = new SeriesTracker(Duration.ofMillis(1500), Duration.ofMillis(100), true, completed::add)) {
            tracker.instanceArrived("1.1", "CT1", 7);
            tracker.instanceArrived("1.1", "CT1", 7);
            tracker.associationEnded(7, false, Set.of("1.1"));
            assertNull(completed.poll(800, TimeUnit.MILLISECONDS), "an abort may be followed by a retry: no early completion");
            assertEquals(Trigger.IDLE_TIMEOUT, next().trigger());
        }
    }

    @Test
    void withCompleteOnReleaseOffAWholeSeriesWaitsForTheGracePeriod() throws Exception {
        try (SeriesTracker tracker = new SeriesTracker(NEVER, Duration.ofMillis(200), false, completed::add)) {
            sendAndRelease(tracker, "CT1", 7, "1.1", 2);
            assertEquals(Trigger.RELEASE_GRACE, next().trigger());
        }
    }

    @Test
    void aSenderSeenSplittingASeriesGetsTheGracePeriodFromThenOn() throws Exception {
        try (SeriesTracker tracker = new SeriesTracker(NEVER, Duration.ofMillis(200), true, completed::add)) {
            sendAndRelease(tracker, "CT1", 1, "1.1", 2);
            assertEquals(Trigger.WHOLE_SERIES_RELEASED, next().trigger(), "nothing tells the first part from a whole series");
            sendAndRelease(tracker, "CT1", 2, "1.1", 2);
            assertEquals(Trigger.RELEASE_GRACE, next().trigger(), "the rest of 1.1 came right after: CT1 splits series");
            sendAndRelease(tracker, "CT1", 3, "3.3", 2);
            assertEquals(Trigger.RELEASE_GRACE, next().trigger(), "CT1's next series too");
            sendAndRelease(tracker, "CT2", 4, "4.4", 2);
            assertEquals(Trigger.WHOLE_SERIES_RELEASED, next().trigger(), "other senders keep completing at once");
        }
    }

    @Test
    void theSameSeriesSentAgainAfterTheIdleTimeoutIsNoSplit() throws Exception {
        try (SeriesTracker tracker = new SeriesTracker(Duration.ofSeconds(2), Duration.ofMillis(200), true, completed::add)) {
            sendAndRelease(tracker, "CT1", 1, "1.1", 2);
            assertEquals(Trigger.WHOLE_SERIES_RELEASED, next().trigger());
            Thread.sleep(2500);
            sendAndRelease(tracker, "CT1", 2, "1.1", 2);
            assertEquals(Trigger.WHOLE_SERIES_RELEASED, next().trigger(), "a series sent again later, e.g. by hand, says nothing about CT1");
        }
    }

    @Test
    void timeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new SeriesTracker(Duration.ZERO, Duration.ofSeconds(1), true, completed::add));
    }
}
