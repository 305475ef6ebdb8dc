package org.livernode.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpoolLimitsTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void freeSpaceAtOrAboveTheMinimumIsEnough() {
        SpoolLimits limits = new SpoolLimits(1024, 10);
        assertEquals(Optional.empty(), limits.freeSpaceShortfall(1024 * MIB));
        assertEquals(Optional.empty(), limits.freeSpaceShortfall(Long.MAX_VALUE));
        Optional<String> shortfall = limits.freeSpaceShortfall(1024 * MIB - 1);
        assertEquals(Optional.of("spool disk has 1023 MiB free, below node.minFreeSpaceMiB 1024"), shortfall);
        assertTrue(shortfall.get().length() <= 64, "fits an ErrorComment");
        assertEquals(Optional.empty(), SpoolLimits.NONE.freeSpaceShortfall(0));
    }

    @Test
    void seriesHasRoomBelowItsMaximum() {
        SpoolLimits limits = new SpoolLimits(0, 3);
        assertTrue(limits.seriesHasRoom(0));
        assertTrue(limits.seriesHasRoom(2));
        assertFalse(limits.seriesHasRoom(3));
        assertFalse(limits.seriesHasRoom(4));
    }

    @Test
    void nonsenseLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SpoolLimits(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> new SpoolLimits(Long.MAX_VALUE, 10));
        assertThrows(IllegalArgumentException.class, () -> new SpoolLimits(0, 0));
    }
}
