package org.livernode.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DicomValuesTest {

    @Test
    void paddingIsStrippedAndLeadingSpacesOnlyWhereTheyArePadding() {
        assertEquals("M", DicomValues.stripPadding("M\0", "CS"));
        assertEquals("PRIMARY", DicomValues.stripPadding("PRIMARY \0", "CS"));
        assertEquals("IRCAD", DicomValues.stripPadding("  IRCAD\0\0 ", "LO"));
        assertEquals("  indented", DicomValues.stripPadding("  indented \0", "ST"));
        assertEquals("", DicomValues.stripPadding("\0 \0", "LO"));
    }

    @Test
    void decimalStringsKeepAsManyDigitsAsFitInSixteenCharacters() {
        assertEquals("1.60000002384186", DicomValues.decimalString(1.6000000238418579));
        assertEquals("0.56999999284744", DicomValues.decimalString(0.569999992847443));
        assertEquals("-123456.78901235", DicomValues.decimalString(-123456.78901234567));
        assertEquals("0.33333333333333", DicomValues.decimalString(1.0 / 3));
        assertEquals("-235.2", DicomValues.decimalString(-235.2));
        assertEquals("4", DicomValues.decimalString(4.0));
        assertEquals("0", DicomValues.decimalString(-0.0));
        assertEquals("100", DicomValues.decimalString(100));
        assertEquals("0.002", DicomValues.decimalString(0.002));
        assertEquals("1E-20", DicomValues.decimalString(1e-20));
        assertEquals("-1.2345678901E17", DicomValues.decimalString(-123456789012345678.0));
        assertThrows(IllegalArgumentException.class, () -> DicomValues.decimalString(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> DicomValues.decimalString(Double.POSITIVE_INFINITY));
    }

    @Test
    void everyFiniteDoubleFitsAndParsesBackClosely() {
        Random random = new Random(16);
        for (int i = 0; i < 20000; i++) {
            double value = (random.nextBoolean() ? -1 : 1) * random.nextDouble() * Math.pow(10, random.nextInt(600) - 300);
            String ds = DicomValues.decimalString(value);
            assertTrue(ds.length() <= DicomValues.MAX_DS_LENGTH, ds + " for " + value);
            assertTrue(ds.matches("-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?"), ds + " is not a DS number");
            double back = Double.parseDouble(ds);
            assertTrue(Math.abs(back - value) <= Math.abs(value) * 1e-8, ds + " for " + value);
        }
    }

    @Test
    void numbersAreReformattedAndMalformedValuesRefused() {
        assertEquals(Optional.of("1.60000002384186"), DicomValues.cleanValue("DS", "1.6000000238418579"));
        assertEquals(Optional.of("12"), DicomValues.cleanValue("DS", " 12.000 "));
        assertEquals(Optional.of("100000"), DicomValues.cleanValue("DS", "1e5"));
        assertEquals(Optional.empty(), DicomValues.cleanValue("DS", "abc"));
        assertEquals(Optional.empty(), DicomValues.cleanValue("DS", "NaN"));
        assertEquals(Optional.empty(), DicomValues.cleanValue("DS", "1e999"));
        assertEquals(Optional.of("0"), DicomValues.cleanValue("IS", "0\0"));
        assertEquals(Optional.of("12"), DicomValues.cleanValue("IS", "+12"));
        assertEquals(Optional.empty(), DicomValues.cleanValue("IS", "99999999999"));
        assertEquals(Optional.empty(), DicomValues.cleanValue("IS", "1.0"));
    }

    @Test
    void datesTimesUidsAndNamesMustBeWellFormed() {
        assertEquals(Optional.of("20090527"), DicomValues.cleanValue("DA", "20090527"));
        assertEquals(Optional.empty(), DicomValues.cleanValue("DA", "20091327"));
        assertEquals(Optional.empty(), DicomValues.cleanValue("DA", "20090230"));
        assertEquals(Optional.empty(), DicomValues.cleanValue("DA", "2009-05-27"));
        assertEquals(Optional.of("125005.123"), DicomValues.cleanValue("TM", "125005.123 "));
        assertEquals(Optional.of("1250"), DicomValues.cleanValue("TM", "1250"));
        assertEquals(Optional.empty(), DicomValues.cleanValue("TM", "256000"));
        assertEquals(Optional.empty(), DicomValues.cleanValue("TM", "12:50:05"));
        assertEquals(Optional.of("1.2.840.10008.1.2"), DicomValues.cleanValue("UI", "1.2.840.10008.1.2\0"));
        assertEquals(Optional.empty(), DicomValues.cleanValue("UI", "1.2.03"));
        assertEquals(Optional.empty(), DicomValues.cleanValue("UI", "1.2."));
        assertEquals(Optional.empty(), DicomValues.cleanValue("UI", "2.25." + "1".repeat(60)));
        assertEquals(Optional.of("Doe^Jane^^Dr=ドウ^ジェーン"), DicomValues.cleanValue("PN", "Doe^Jane^^Dr=ドウ^ジェーン "));
        assertEquals(Optional.empty(), DicomValues.cleanValue("PN", "a=b=c=d"));
        assertEquals(Optional.empty(), DicomValues.cleanValue("PN", "a^b^c^d^e^f"));
    }

    @Test
    void aBackslashIsAValueSeparatorExceptInTextVrs() {
        assertEquals(Optional.empty(), DicomValues.cleanValue("LO", "a\\b"));
        assertEquals(Optional.of("a\\b"), DicomValues.cleanValue("ST", "a\\b"));
    }

    private static Attribute attribute(Attribute attribute, String... values) throws DicomException {
        for (String value : values) {
            attribute.addValue(value);
        }
        return attribute;
    }

    @Test
    void copiesOfRealWorldValuesComeOutValid() throws DicomException {
        Attribute sex = DicomValues.cleanCopy(attribute(new CodeStringAttribute(TagFromName.PatientSex), "M\0"), 1).orElseThrow();
        assertArrayEquals(new String[] {"M"}, sex.getOriginalStringValues());

        Attribute spacing = DicomValues.cleanCopy(attribute(new DecimalStringAttribute(TagFromName.PixelSpacing),
                "0.569999992847443", "0.569999992847443\0"), 2).orElseThrow();
        assertArrayEquals(new String[] {"0.56999999284744", "0.56999999284744"}, spacing.getOriginalStringValues());

        Attribute type = DicomValues.cleanCopy(attribute(new CodeStringAttribute(TagFromName.ImageType), "ORIGINAL", "PRIMARY \0"), 4).orElseThrow();
        assertArrayEquals(new String[] {"ORIGINAL", "PRIMARY"}, type.getOriginalStringValues());
    }

    @Test
    void theCopyHasTheVrOfTheDataDictionary() throws DicomException {
        // A source written with the wrong VR: SliceThickness as LO.
        Attribute copy = DicomValues.cleanCopy(attribute(new LongStringAttribute(TagFromName.SliceThickness), "1.6000000238418579"), 1).orElseThrow();
        assertTrue(copy instanceof DecimalStringAttribute, copy.getClass().getSimpleName());
        assertEquals("1.60000002384186", copy.getSingleStringValueOrNull());
    }

    @Test
    void valuesThatStayInvalidDropTheAttribute() throws DicomException {
        assertTrue(DicomValues.cleanCopy(attribute(new CodeStringAttribute(TagFromName.PatientSex), "m"), 1).isEmpty(), "lower case CS");
        assertTrue(DicomValues.cleanCopy(attribute(new ShortStringAttribute(TagFromName.AccessionNumber), "12345678901234567"), 1).isEmpty(), "SH over 16");
        assertTrue(DicomValues.cleanCopy(attribute(new LongStringAttribute(TagFromName.InstitutionName), "IRCAD\u0001"), 1).isEmpty(), "control character");
        assertTrue(DicomValues.cleanCopy(attribute(new PersonNameAttribute(TagFromName.PatientName), "Doe^Jane", "Roe^Rick"), 1).isEmpty(), "VM 2 where 1 is allowed");
        assertTrue(DicomValues.cleanCopy(attribute(new DecimalStringAttribute(TagFromName.SliceThickness), "1,6"), 1).isEmpty(), "decimal comma");
    }

    @Test
    void aCopyOfPaddingOnlyHasNoValue() throws DicomException {
        Attribute copy = DicomValues.cleanCopy(attribute(new LongStringAttribute(TagFromName.PatientID), "\0 "), 1).orElseThrow();
        assertEquals(0, copy.getVM());
    }

    @Test
    void singleValuesAreJudgedAsCopiesAre() {
        AttributeTag lo = TagFromName.SeriesDescription;
        assertTrue(DicomValues.isValidValue(lo, "x".repeat(64)));
        assertFalse(DicomValues.isValidValue(lo, "x".repeat(65)));
        assertFalse(DicomValues.isValidValue(lo, " leading space"));
        assertFalse(DicomValues.isValidValue(lo, "a\\b"));
        assertTrue(DicomValues.isValidValue(TagFromName.CodeValue, "123037004"));
        assertFalse(DicomValues.isValidValue(TagFromName.CodeValue, "12345678901234567"));
    }
}
