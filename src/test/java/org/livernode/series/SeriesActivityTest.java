package org.livernode.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class SeriesActivityTest {

    @Test
    void aSeriesIsQueuedUntilTheWorkerStartsItAndProcessingUntilItEnds() {
        SeriesActivity activity = new SeriesActivity();
        List<Runnable> worker = new ArrayList<>();
        List<String> seenWhileRunning = new ArrayList<>();
        activity.submit(worker::add, "1.2.3", () -> seenWhileRunning.add(activity.entries().get(0).state()));
        assertEquals("queued", activity.entries().get(0).state());
        assertTrue(activity.busy("1.2.3"));
        assertFalse(activity.busy("1.2.4"));
        worker.get(0).run();
        assertEquals(List.of("processing"), seenWhileRunning);
        assertEquals(List.of(), activity.entries());
    }

    @Test
    void aJobThatFailsOrThatTheWorkerRefusesLeavesNothingBehind() {
        SeriesActivity activity = new SeriesActivity();
        assertThrows(RejectedExecutionException.class, () -> activity.submit(job -> {
            throw new RejectedExecutionException("shut down");
        }, "1.2.3", () -> {}));
        assertEquals(List.of(), activity.entries());
        List<Runnable> worker = new ArrayList<>();
        activity.submit(worker::add, "1.2.3", () -> {
            throw new IllegalStateException("the job failed");
        });
        assertThrows(IllegalStateException.class, () -> worker.get(0).run());
        assertEquals(List.of(), activity.entries());
    }

    @Test
    void aSeriesSubmittedTwiceStaysUntilItsLastJobEnded() {
        SeriesActivity activity = new SeriesActivity();
        List<Runnable> worker = new ArrayList<>();
        activity.submit(worker::add, "1.1", () -> {});
        activity.submit(worker::add, "1.1", () -> {});
        activity.submit(worker::add, "1.2", () -> {});
        assertEquals(Set.of("1.1", "1.2"), activity.seriesInstanceUids(), "queued, not run yet");
        worker.get(0).run();
        assertEquals(Set.of("1.1", "1.2"), activity.seriesInstanceUids(), "queued twice: the second job is still to run");
        assertEquals("queued", activity.entries().stream().filter(e -> e.seriesInstanceUid().equals("1.1")).findFirst().orElseThrow().state());
        worker.get(1).run();
        assertEquals(Set.of("1.2"), activity.seriesInstanceUids());
    }
}
