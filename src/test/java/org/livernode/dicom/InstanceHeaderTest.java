package org.livernode.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstanceHeaderTest {

    private static Attribute with(Attribute attribute, String... values) throws DicomException {
        for (String value : values) {
            attribute.addValue(value);
        }
        return attribute;
    }

    private static InstanceHeader header(Attribute... attributes) {
        AttributeList list = new AttributeList();
        for (Attribute attribute : attributes) {
            list.put(attribute);
        }
        return InstanceHeader.of(list);
    }

    @Test
    void valuesAreTrimmedOfNulAndSpacePadding() throws DicomException {
        // As the 3D-IRCADb series writes them.
        InstanceHeader header = header(
                with(new DecimalStringAttribute(TagFromName.PixelSpacing), "0.57\0", " 0.57 "),
                with(new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), "1.2.3\0"),
                with(new CodeStringAttribute(TagFromName.Modality), " CT "));
        assertEquals(List.of("0.57", "0.57"), header.strings(Tag.PixelSpacing));
        assertEquals("1.2.3", header.seriesInstanceUid());
        assertEquals("CT", header.modality());
        assertArrayEquals(new double[] {0.57, 0.57}, header.doubles(Tag.PixelSpacing).orElseThrow());
    }

    @Test
    void numbersOfDsIsAndUsElementsAreRead() throws DicomException {
        InstanceHeader header = header(
                with(new DecimalStringAttribute(TagFromName.ImagePositionPatient), "-175", "-175.5", "1.6500000238418579"),
                with(new IntegerStringAttribute(TagFromName.InstanceNumber), "12"),
                with(new UnsignedShortAttribute(TagFromName.Rows), "512"),
                with(new DecimalStringAttribute(TagFromName.RescaleIntercept), "-1024"));
        assertArrayEquals(new double[] {-175, -175.5, 1.6500000238418579}, header.doubles(Tag.ImagePositionPatient).orElseThrow());
        assertEquals(12, header.intOr(Tag.InstanceNumber, 0));
        assertEquals(512, header.intOr(Tag.Rows, 0));
        assertEquals(-1024, header.doubleOr(Tag.RescaleIntercept, 0));
    }

    @Test
    void absentValuesGiveTheFallback() {
        InstanceHeader header = header(new DecimalStringAttribute(TagFromName.RescaleSlope));
        assertEquals("", header.string(Tag.PixelSpacing));
        assertEquals(List.of(), header.strings(Tag.PixelSpacing));
        assertTrue(header.doubles(Tag.PixelSpacing).isEmpty());
        assertTrue(header.element(Tag.PixelSpacing).isEmpty());
        assertEquals(16, header.intOr(Tag.BitsAllocated, 16));
        assertTrue(header.doubles(Tag.RescaleSlope).isEmpty(), "an element without values has no numbers");
        assertEquals(1, header.doubleOr(Tag.RescaleSlope, 1));
    }

    @Test
    void valuesThatAreNotAllFiniteNumbersGiveNone() throws DicomException {
        InstanceHeader header = header(
                with(new DecimalStringAttribute(TagFromName.PixelSpacing), "0.7", "wide"),
                with(new DecimalStringAttribute(TagFromName.RescaleSlope), "NaN"),
                with(new DecimalStringAttribute(TagFromName.RescaleIntercept), "Infinity"),
                with(new IntegerStringAttribute(TagFromName.InstanceNumber), ""));
        assertTrue(header.doubles(Tag.PixelSpacing).isEmpty());
        assertEquals(1, header.doubleOr(Tag.RescaleSlope, 1));
        assertEquals(0, header.doubleOr(Tag.RescaleIntercept, 0));
        assertEquals(-1, header.intOr(Tag.InstanceNumber, -1));
    }

    @Test
    void elementKeepsValuesAsReceived() throws DicomException {
        InstanceHeader header = header(
                with(new CodeStringAttribute(TagFromName.PatientSex), "M\0"),
                with(new DecimalStringAttribute(TagFromName.PixelSpacing), " 0.57", "0.57\0"),
                with(new UnsignedShortAttribute(TagFromName.Rows), "512"));
        assertEquals(new InstanceHeader.Element("CS", true, List.of("M\0")), header.element(Tag.PatientSex).orElseThrow());
        assertEquals(new InstanceHeader.Element("DS", true, List.of(" 0.57", "0.57\0")), header.element(Tag.PixelSpacing).orElseThrow());
        assertEquals(new InstanceHeader.Element("US", false, List.of("512")), header.element(Tag.Rows).orElseThrow());
        assertEquals("M", header.string(Tag.PatientSex));
    }

    @Test
    void sequencesAndBinaryDataAreNotKept() throws DicomException {
        OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
        pixels.setValues(new short[] {1, 2, 3, 4});
        InstanceHeader header = header(with(new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), "1.2.3.4"),
                pixels, new SequenceAttribute(TagFromName.ReferencedImageSequence));
        assertEquals(List.of(Tag.SOPInstanceUID), List.copyOf(header.elements().keySet()));
        assertFalse(header.element(Tag.PixelData).isPresent());
    }
}
