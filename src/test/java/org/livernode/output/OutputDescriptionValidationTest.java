package org.livernode.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.livernode.dicom.CodedConcept;

/** The identity and segment description of an output refuse what cannot go into a DICOM object. */
class OutputDescriptionValidationTest {

    private static final LocalDateTime NOW = LocalDateTime.of(2026, 11, 27, 10, 42, 7);
    private static final CodedConcept STRUCTURE = new CodedConcept("123037004", "SCT", "Anatomical Structure");
    private static final CodedConcept LIVER = new CodedConcept("10200004", "SCT", "Liver");

    private static void refused(String expectedInMessage, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(e.getMessage().contains(expectedInMessage), "message \"" + e.getMessage() + "\" should name " + expectedInMessage);
    }

    private static OutputIdentity identity(String series, String instance, int seriesNumber, String description) {
        return new OutputIdentity(series, instance, seriesNumber, 1, description, NOW, "0.1.0", "node-01");
    }

    @Test
    void anIdentityNeedsValidDistinctUidsAndNumbers() {
        refused("seriesInstanceUid", () -> identity("1.2.03", "1.2.4", 1, "Liver"));
        refused("sopInstanceUid", () -> identity("1.2.3", "1.2.4\0", 1, "Liver"));
        refused("must differ", () -> identity("1.2.3", "1.2.3", 1, "Liver"));
        refused("positive", () -> identity("1.2.3", "1.2.4", 0, "Liver"));
        refused("contentDateTime", () -> new OutputIdentity("1.2.3", "1.2.4", 1, 1, "Liver", null, "0.1.0", "node-01"));
    }

    @Test
    void anIdentityNeedsLongStringTexts() {
        refused("seriesDescription", () -> identity("1.2.3", "1.2.4", 1, "x".repeat(65)));
        refused("seriesDescription", () -> identity("1.2.3", "1.2.4", 1, "Liver\\Lesions"));
        refused("softwareVersion", () -> new OutputIdentity("1.2.3", "1.2.4", 1, 1, "Liver", NOW, " ", "node-01"));
        refused("deviceSerialNumber", () -> new OutputIdentity("1.2.3", "1.2.4", 1, 1, "Liver", NOW, "0.1.0", "node\u000101"));
    }

    @Test
    void codesMustFitTheirShortStrings() {
        refused("at most 16", () -> new CodedConcept("12345678901234567", "SCT", "Liver"));
        refused("at most 16", () -> new CodedConcept("10200004", "SCT", "x".repeat(65)));
    }

    @Test
    void aSegmentDescriptionRefusesWhatDicomCannotHold() {
        int[] rgb = {221, 130, 101};
        refused("segment label", () -> new SegmentDescription("x".repeat(65), STRUCTURE, LIVER, "AUTOMATIC", "liver", "1.0", rgb));
        refused("algorithm version", () -> new SegmentDescription("Liver", STRUCTURE, LIVER, "AUTOMATIC", "liver", null, rgb));
        refused("algorithm name", () -> new SegmentDescription("Liver", STRUCTURE, LIVER, "AUTOMATIC", "x".repeat(65), "1.0", rgb));
        refused("category and type", () -> new SegmentDescription("Liver", null, LIVER, "AUTOMATIC", "liver", "1.0", rgb));
        refused("0..255", () -> new SegmentDescription("Liver", STRUCTURE, LIVER, "AUTOMATIC", "liver", "1.0", new int[] {256, 0, 0}));
    }

    @Test
    void theDisplayColourCannotBeChangedFromOutside() {
        int[] rgb = {221, 130, 101};
        SegmentDescription segment = new SegmentDescription("Liver", STRUCTURE, LIVER, "AUTOMATIC", "liver", "1.0", rgb);
        rgb[0] = 999;
        segment.recommendedDisplayRgb()[1] = 999;
        assertEquals(221, segment.recommendedDisplayRgb()[0]);
        assertEquals(130, segment.recommendedDisplayRgb()[1]);
    }
}
