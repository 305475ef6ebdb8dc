package org.livernode.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueCleaningTest {

    @Test
    void paddingIsStrippedAndLeadingSpacesOnlyWhereTheyArePadding() {
        assertEquals("M", ValueCleaning.stripPadding("M\0", "CS"));
        assertEquals("PRIMARY", ValueCleaning.stripPadding("PRIMARY \0", "CS"));
        assertEquals("IRCAD", ValueCleaning.stripPadding("  IRCAD\0\0 ", "LO"));
        assertEquals("  indented", ValueCleaning.stripPadding("  indented \0", "ST"));
        assertEquals("", ValueCleaning.stripPadding("\0 \0", "LO"));
    }

    /** An empty expectation means the value is refused. */
    @ParameterizedTest(name = "{0} \"{1}\" -> \"{2}\"")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
            // numbers are re-formatted, malformed ones refused
            "DS|1.6000000238418579|1.60000002384186",
            "DS| 12.000 |12",
            "DS|1e5|100000",
            "DS|abc|",
            "DS|NaN|",
            "DS|1e999|",
            "IS|0\0|0",
            "IS|+12|12",
            "IS|99999999999|",
            "IS|1.0|",
            // dates, times, UIDs and names must be well formed
            "DA|20090527|20090527",
            "DA|20091327|",
            "DA|20090230|",
            "DA|2009-05-27|",
            "TM|125005.123 |125005.123",
            "TM|1250|1250",
            "TM|256000|",
            "TM|12:50:05|",
            "UI|1.2.840.10008.1.2\0|1.2.840.10008.1.2",
            "UI|1.2.03|",
            "UI|1.2.|",
            "UI|2.25.111111111111111111111111111111111111111111111111111111111111|",
            "PN|Doe^Jane^^Dr=ドウ^ジェーン |Doe^Jane^^Dr=ドウ^ジェーン",
            "PN|a=b=c=d|",
            "PN|a^b^c^d^e^f|",
            // a backslash separates values except in the text VRs
            "LO|a\\b|",
            "ST|a\\b|a\\b"})
    void valuesAreMadeValidForTheirVrOrRefused(String vr, String raw, String expected) {
        assertEquals(Optional.ofNullable(expected), ValueCleaning.cleanValue(vr, raw));
    }

    private static Optional<List<String>> copy(Tag tag, String receivedVr, int maxValues, String... values) {
        return ValueCleaning.cleanCopy(tag, new InstanceHeader.Element(receivedVr, true, List.of(values)), maxValues);
    }

    @Test
    void copiesOfRealWorldValuesComeOutValid() {
        assertEquals(Optional.of(List.of("M")), copy(Tag.PatientSex, "CS", 1, "M\0"));
        assertEquals(Optional.of(List.of("0.56999999284744", "0.56999999284744")),
                copy(Tag.PixelSpacing, "DS", 2, "0.569999992847443", "0.569999992847443\0"));
        assertEquals(Optional.of(List.of("ORIGINAL", "PRIMARY")), copy(Tag.ImageType, "CS", 4, "ORIGINAL", "PRIMARY \0"));
    }

    @Test
    void theCopyHasTheVrOfTheDataDictionary() {
        // A source written with the wrong VR: SliceThickness as LO, re-formatted as the DS it is.
        assertEquals(Optional.of(List.of("1.60000002384186")), copy(Tag.SliceThickness, "LO", 1, "1.6000000238418579"));
    }

    @Test
    void valuesThatStayInvalidDropTheAttribute() {
        assertTrue(copy(Tag.PatientSex, "CS", 1, "m").isEmpty(), "lower case CS");
        assertTrue(copy(Tag.AccessionNumber, "SH", 1, "12345678901234567").isEmpty(), "SH over 16");
        assertTrue(copy(Tag.InstitutionName, "LO", 1, "IRCAD\u0001").isEmpty(), "control character");
        assertTrue(copy(Tag.PatientName, "PN", 1, "Doe^Jane", "Roe^Rick").isEmpty(), "VM 2 where 1 is allowed");
        assertTrue(copy(Tag.SliceThickness, "DS", 1, "1,6").isEmpty(), "decimal comma");
    }

    @Test
    void onlyTextIsCopied() {
        assertTrue(ValueCleaning.cleanCopy(Tag.Rows, new InstanceHeader.Element("US", false, List.of("512")), 1).isEmpty());
    }

    @Test
    void aCopyOfPaddingOnlyHasNoValue() {
        assertEquals(Optional.of(List.of()), copy(Tag.PatientID, "LO", 1, "\0 "));
    }

    @Test
    void singleValuesAreJudgedAsCopiesAre() {
        Tag lo = Tag.SeriesDescription;
        assertTrue(ValueCleaning.isValidValue(lo, "x".repeat(64)));
        assertFalse(ValueCleaning.isValidValue(lo, "x".repeat(65)));
        assertFalse(ValueCleaning.isValidValue(lo, " leading space"));
        assertFalse(ValueCleaning.isValidValue(lo, "a\\b"));
        assertTrue(ValueCleaning.isValidValue(Tag.CodeValue, "123037004"));
        assertFalse(ValueCleaning.isValidValue(Tag.CodeValue, "12345678901234567"));
    }
}
