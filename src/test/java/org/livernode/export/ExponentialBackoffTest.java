package org.livernode.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {

    @Test
    void doublesUpToTheCap() {
        ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofSeconds(5), Duration.ofSeconds(60));
        assertEquals(Duration.ofSeconds(5), backoff.after(1));
        assertEquals(Duration.ofSeconds(10), backoff.after(2));
        assertEquals(Duration.ofSeconds(40), backoff.after(4));
        assertEquals(Duration.ofSeconds(60), backoff.after(5));
        assertEquals(Duration.ofSeconds(60), backoff.after(1000));
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ExponentialBackoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new ExponentialBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).after(0));
    }
}
