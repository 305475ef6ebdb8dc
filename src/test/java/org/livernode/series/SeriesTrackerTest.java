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

class SeriesTrackerTest {

    private final BlockingQueue<CompletedSeries> completed = new LinkedBlockingQueue<>();

    @Test
    void seriesCompletesOnlyAfterItsOwnQuietPeriod() throws Exception {
        try (SeriesTracker tracker = new SeriesTracker(Duration.ofMillis(300), Duration.ofSeconds(60), completed::add)) {
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
    void instancesAfterCompletionStartTheSeriesAgain() throws Exception {
        try (SeriesTracker tracker = new SeriesTracker(Duration.ofMillis(100), Duration.ofSeconds(60), completed::add)) {
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
        try (SeriesTracker tracker = new SeriesTracker(Duration.ofMillis(50), Duration.ofSeconds(60), s -> {
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

    @Test
    void aReleasedAssociationCompletesItsSeriesAfterTheGracePeriod() throws Exception {
        try (SeriesTracker tracker = new SeriesTracker(Duration.ofSeconds(30), Duration.ofMillis(200), completed::add)) {
            tracker.instanceArrived("1.1", "CT1", 7);
            tracker.instanceArrived("1.1", "CT1", 7);
            tracker.associationEnded(7, true, Set.of("1.1"));
            CompletedSeries series = completed.poll(5, TimeUnit.SECONDS);
            assertNotNull(series, "completed long before the 30 s idle timeout");
            assertEquals(2, series.instancesReceived());
        }
    }

    @Test
    void anAbortedAssociationLeavesTheSeriesToTheIdleTimeout() throws Exception {
        try (SeriesTracker tracker = new SeriesTracker(Duration.ofMillis(1500), Duration.ofMillis(100), completed::add)) {
            tracker.instanceArrived("1.1", "CT1", 7);
            tracker.associationEnded(7, false, Set.of("1.1"));
            assertNull(completed.poll(800, TimeUnit.MILLISECONDS), "an abort may be followed by a retry: no early completion");
            assertNotNull(completed.poll(3, TimeUnit.SECONDS));
        }
    }

    @Test
    void aSeriesOnSeveralAssociationsCompletesOnceAfterTheLastIsReleased() throws Exception {
        try (SeriesTracker tracker = new SeriesTracker(Duration.ofSeconds(30), Duration.ofMillis(200), completed::add)) {
            tracker.instanceArrived("1.1", "CT1", 1);
            tracker.instanceArrived("1.1", "CT1", 2);
            tracker.instanceArrived("2.2", "CT1", 2);
            tracker.associationEnded(1, true, Set.of("1.1"));
            assertNull(completed.poll(600, TimeUnit.MILLISECONDS), "association 2 still delivers 1.1");
            tracker.instanceArrived("1.1", "CT1", 2);
            tracker.associationEnded(2, true, Set.of("1.1", "2.2"));
            CompletedSeries first = completed.poll(5, TimeUnit.SECONDS);
            CompletedSeries second = completed.poll(5, TimeUnit.SECONDS);
            assertNotNull(first);
            assertNotNull(second);
            assertEquals(Set.of("1.1", "2.2"), Set.of(first.seriesInstanceUid(), second.seriesInstanceUid()));
            CompletedSeries oneOne = first.seriesInstanceUid().equals("1.1") ? first : second;
            assertEquals(3, oneOne.instancesReceived(), "one completion with every instance of both associations");
            assertNull(completed.poll(500, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void timeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new SeriesTracker(Duration.ZERO, Duration.ofSeconds(1), completed::add));
    }
}
