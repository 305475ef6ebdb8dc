package org.livernode.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

class InFlightSeriesTest {

    @Test
    void aSeriesIsInFlightFromItsQueueingUntilItsLastJobRan() {
        InFlightSeries inFlight = new InFlightSeries();
        Runnable first = inFlight.enqueue("1.1", () -> {});
        Runnable second = inFlight.enqueue("1.1", () -> {});
        Runnable other = inFlight.enqueue("1.2", () -> {});
        assertEquals(Set.of("1.1", "1.2"), inFlight.seriesInstanceUids(), "queued, not run yet");
        first.run();
        assertEquals(Set.of("1.1", "1.2"), inFlight.seriesInstanceUids(), "queued twice: the second job is still to run");
        second.run();
        assertEquals(Set.of("1.2"), inFlight.seriesInstanceUids());
        Runnable failing = inFlight.enqueue("1.3", () -> {
            throw new IllegalStateException("job failed");
        });
        assertThrows(IllegalStateException.class, failing::run);
        other.run();
        assertEquals(Set.of(), inFlight.seriesInstanceUids(), "a job that threw is no longer in flight either");
    }
}
