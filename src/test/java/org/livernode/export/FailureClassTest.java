package org.livernode.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.livernode.dimse.service.StoreResult;

class FailureClassTest {

    /** Out of resources and busy peers are worth retrying; refusals that would repeat are not. */
    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"A700, TRANSIENT", "A7FF, TRANSIENT", "0110, TRANSIENT", "0213, TRANSIENT",
            "0122, PERMANENT", "A900, PERMANENT", "C000, PERMANENT", "0124, PERMANENT"})
    void failureStatusesAreClassified(String status, FailureClass expected) {
        assertEquals(expected, FailureClass.ofStatus(Integer.parseInt(status, 16)));
    }

    @Test
    void noAcceptedPresentationContextWouldRepeat() {
        assertEquals(FailureClass.PERMANENT, FailureClass.of(new StoreResult(Path.of("seg.dcm"), "1.2", OptionalInt.empty(),
                "no accepted presentation context")));
    }

    /** Found by bench/soak: a PACS that answered after the read timeout had the output dead-lettered at once. */
    @Test
    void aBrokenAssociationPasses() {
        assertEquals(FailureClass.TRANSIENT, FailureClass.of(new StoreResult(Path.of("rtstruct.dcm"), "1.2", OptionalInt.empty(),
                "the association broke during rtstruct.dcm: Read timed out", true)));
    }

    @Test
    void successAndWarningsAreNotFailures() {
        assertThrows(IllegalArgumentException.class, () -> FailureClass.ofStatus(0x0000));
        assertThrows(IllegalArgumentException.class, () -> FailureClass.ofStatus(0xB000));
        assertThrows(IllegalArgumentException.class, () -> FailureClass.ofStatus(0xB007));
    }
}
