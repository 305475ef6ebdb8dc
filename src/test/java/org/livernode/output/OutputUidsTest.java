package org.livernode.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.livernode.dicom.DerivedUid;
import org.livernode.dicom.UidSyntax;

class OutputUidsTest {

    private static final List<String> INSTANCES = List.of("1.2.3.1", "1.2.3.2");

    private static OutputUids uids(String series, List<String> instances, String model, String version, String type) {
        return OutputUids.derive(series, instances, model, version, type);
    }

    private static OutputUids reference() {
        return uids("1.2.3", INSTANCES, "liver", "1.0", "SEG");
    }

    @Test
    void theSameInputsGiveTheSameUidsWhateverTheInstanceOrder() {
        assertEquals(reference(), uids("1.2.3", List.of("1.2.3.2", "1.2.3.1"), "liver", "1.0", "SEG"));
    }

    @Test
    void theUidsAreFixedByTheInputsAlone() {
        // Computed independently with Python's hashlib: each part as a little-endian int32 UTF-8 length and its
        // bytes, SHA-256, the first 16 bytes with the version nibble 8 and variant bits 10, as a decimal.
        assertEquals(new OutputUids("2.25.16037253583689534065099325180973176256", "2.25.34094496133202788309956738347226881926"),
                reference());
    }

    @Test
    void anyChangedInputGivesNewUids() {
        List<OutputUids> variants = List.of(
                reference(),
                uids("1.2.4", INSTANCES, "liver", "1.0", "SEG"),
                uids("1.2.3", List.of("1.2.3.1", "1.2.3.3"), "liver", "1.0", "SEG"),
                uids("1.2.3", List.of("1.2.3.1", "1.2.3.2", "1.2.3.3"), "liver", "1.0", "SEG"),
                uids("1.2.3", List.of("1.2.3.1"), "liver", "1.0", "SEG"),
                uids("1.2.3", INSTANCES, "liver2", "1.0", "SEG"),
                uids("1.2.3", INSTANCES, "liver", "1.1", "SEG"),
                uids("1.2.3", INSTANCES, "liver", "1.0", "RTSTRUCT"));
        Set<String> all = new HashSet<>();
        for (OutputUids v : variants) {
            all.add(v.seriesInstanceUid());
            all.add(v.sopInstanceUid());
        }
        assertEquals(2 * variants.size(), all.size(), "every series and instance UID differs from every other: " + variants);
    }

    @Test
    void partsAreDelimitedByTheirLengths() {
        assertNotEquals(DerivedUid.of(List.of("ab", "c")), DerivedUid.of(List.of("a", "bc")));
        // The instance count keeps an instance UID from passing for the model name.
        assertNotEquals(uids("1.2.3", List.of("1.2.3.1", "liver"), "1.0", "SEG", "x"),
                uids("1.2.3", List.of("1.2.3.1"), "liver", "1.0", "SEG"));
    }

    @Test
    void uidsAreValidVersion8UuidsUnderTheUuidRoot() {
        for (int i = 0; i < 200; i++) {
            String uid = DerivedUid.of(List.of(Integer.toString(i)));
            assertTrue(uid.startsWith("2.25."), uid);
            assertTrue(uid.length() <= 64, uid);
            assertTrue(UidSyntax.isUid(uid, UidSyntax.Leniency.STRICT), uid);
            BigInteger value = new BigInteger(uid.substring(5));
            assertTrue(value.bitLength() <= 128, uid);
            assertEquals(8, value.shiftRight(76).intValue() & 0xF, "version nibble of " + uid);
            assertEquals(2, value.shiftRight(62).intValue() & 0x3, "variant bits of " + uid);
        }
    }

    @Test
    void missingInputsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> uids("1.2.3", List.of(), "liver", "1.0", "SEG"));
        assertTrue(e.getMessage().contains("at least one source instance"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> uids("1.2.3", INSTANCES, " ", "1.0", "SEG"));
        assertTrue(e.getMessage().contains("model name"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OutputUids("1.2.3", "1.2.3"));
        assertThrows(IllegalArgumentException.class, () -> new OutputUids("1.2.3", "1.2.03"));
    }
}
