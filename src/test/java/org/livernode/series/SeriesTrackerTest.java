package org.livernode.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SeriesTrackerTest {

    private final BlockingQueue<CompletedSeries> completed = new LinkedBlockingQueue<>();

    @Test
    void seriesCompletesOnlyAfterItsOwnQuietPeriod() throws Exception {
        try (SeriesTracker tracker = new SeriesTracker(Duration.ofMillis(300), completed::add, Clock.systemUTC())) {
            tracker.instanceArrived("1.1", "CT1");
            tracker.instanceArrived("2.2", "CT2");
            for (int i = 0; i < 4; i++) {
                Thread.sleep(150);
                tracker.instanceArrived("1.1", "CT1");
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
        try (SeriesTracker tracker = new SeriesTracker(Duration.ofMillis(100), completed::add, Clock.systemUTC())) {
            tracker.instanceArrived("1.1", "CT1");
            assertNotNull(completed.poll(2, TimeUnit.SECONDS));
            tracker.instanceArrived("1.1", "PACS");
            CompletedSeries again = completed.poll(2, TimeUnit.SECONDS);
            assertNotNull(again);
            assertEquals(1, again.instancesReceived());
            assertTrue(again.callingAeTitles().contains("PACS"));
        }
    }

    @Test
    void aFailingHandlerDoesNotStopLaterSeries() throws Exception {
        try (SeriesTracker tracker = new SeriesTracker(Duration.ofMillis(50), s -> {
            if (s.seriesInstanceUid().equals("bad")) {
                throw new IllegalStateException("boom");
            }
            completed.add(s);
        }, Clock.systemUTC())) {
            tracker.instanceArrived("bad", "CT1");
            Thread.sleep(200);
            tracker.instanceArrived("good", "CT1");
            assertEquals("good", completed.poll(2, TimeUnit.SECONDS).seriesInstanceUid());
        }
    }

    @Test
    void timeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new SeriesTracker(Duration.ZERO, completed::add, Clock.systemUTC()));
    }
}
