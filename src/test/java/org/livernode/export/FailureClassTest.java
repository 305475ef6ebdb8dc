package org.livernode.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.livernode.dimse.service.StoreResult;

class FailureClassTest {

    @Test
    void outOfResourcesAndBusyPeersAreWorthRetrying() {
        assertEquals(FailureClass.TRANSIENT, FailureClass.ofStatus(0xA700));
        assertEquals(FailureClass.TRANSIENT, FailureClass.ofStatus(0xA7FF));
        assertEquals(FailureClass.TRANSIENT, FailureClass.ofStatus(0x0110));
        assertEquals(FailureClass.TRANSIENT, FailureClass.ofStatus(0x0213));
    }

    @Test
    void refusalsThatRepeatAreNot() {
        assertEquals(FailureClass.PERMANENT, FailureClass.ofStatus(0x0122));
        assertEquals(FailureClass.PERMANENT, FailureClass.ofStatus(0xA900));
        assertEquals(FailureClass.PERMANENT, FailureClass.ofStatus(0xC000));
        assertEquals(FailureClass.PERMANENT, FailureClass.ofStatus(0x0124));
        assertEquals(FailureClass.PERMANENT, FailureClass.of(new StoreResult(Path.of("seg.dcm"), "1.2", OptionalInt.empty(),
                "no accepted presentation context")));
    }

    @Test
    void successAndWarningsAreNotFailures() {
        assertThrows(IllegalArgumentException.class, () -> FailureClass.ofStatus(0x0000));
        assertThrows(IllegalArgumentException.class, () -> FailureClass.ofStatus(0xB000));
        assertThrows(IllegalArgumentException.class, () -> FailureClass.ofStatus(0xB007));
    }
}
