package org.livernode.dicom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.livernode.dicom.UidSyntax.Leniency.AS_RECEIVED;
import static org.livernode.dicom.UidSyntax.Leniency.STRICT;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class UidSyntaxTest {

    @Test
    void asReceivedTakesDigitsAndDotsWithLeadingZeros() {
        for (String valid : List.of("1.2.840.10008.1.2", "0", "2.25.152874262925683218883907472413041139801", "1.2.03")) {
            assertTrue(UidSyntax.isUid(valid, AS_RECEIVED), valid);
        }
        for (String invalid : Arrays.asList(null, "", ".", "..", "1..2", "1.2.", ".1", "1.2.3a", "1.2 3", "1/2", "1." + "2".repeat(63))) {
            assertFalse(UidSyntax.isUid(invalid, AS_RECEIVED), invalid);
        }
        assertTrue(UidSyntax.isUid("1." + "2".repeat(62), AS_RECEIVED));
    }

    @Test
    void strictFollowsPs35() {
        for (String valid : List.of("1.2.840.10008.1.2", "2.25.0", "1.0.3", "1." + "2".repeat(62))) {
            assertTrue(UidSyntax.isUid(valid, STRICT), valid);
        }
        for (String invalid : Arrays.asList(null, "", "1", "0", "1.2.03", "01.2", "1.2.", "1..2", "1.2.3a", "1." + "2".repeat(63))) {
            assertFalse(UidSyntax.isUid(invalid, STRICT), invalid);
        }
    }
}
