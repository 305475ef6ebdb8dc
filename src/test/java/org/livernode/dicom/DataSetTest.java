package org.livernode.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSetTest {

    @TempDir
    Path folder;

    @Test
    void elementsTakeTheVrOfTheDataDictionaryAndKeepTagOrder() {
        DataSet dataSet = new DataSet()
                .put(Tag.SliceThickness, "2.5")
                .put(Tag.Rows, "512")
                .put(Tag.PatientName);
        assertEquals(new DataSet.Text("DS", List.of("2.5")), dataSet.value(Tag.SliceThickness).orElseThrow());
        assertEquals(new DataSet.Text("US", List.of("512")), dataSet.value(Tag.Rows).orElseThrow());
        assertEquals(new DataSet.Text("PN", List.of()), dataSet.value(Tag.PatientName).orElseThrow(), "a Type 2 element without value");
        assertEquals(List.of(Tag.PatientName, Tag.SliceThickness, Tag.Rows), List.copyOf(dataSet.elements().keySet()));
    }

    @Test
    void puttingATagAgainReplacesIt() {
        DataSet dataSet = new DataSet().put(Tag.PatientID, "P1").put(Tag.PatientID, "P2");
        assertEquals(List.of("P2"), dataSet.strings(Tag.PatientID));
    }

    @Test
    void eachKindOfValueGoesOnlyWithItsVr() {
        DataSet dataSet = new DataSet();
        assertThrows(IllegalArgumentException.class, () -> dataSet.put(Tag.SegmentSequence, "x"));
        assertThrows(IllegalArgumentException.class, () -> dataSet.putSequence(Tag.PatientID, new DataSet()));
        assertThrows(IllegalArgumentException.class, () -> dataSet.putTags(Tag.PatientID, Tag.Rows));
        assertThrows(IllegalArgumentException.class, () -> dataSet.putBytes(Tag.PatientID, new byte[2]));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> dataSet.put(new Tag(0x0009, 0x0010), "x"));
        assertTrue(unknown.getMessage().contains("(0009,0010)"), unknown.getMessage());
        assertTrue(dataSet.elements().isEmpty());
    }

    @Test
    void aCodeIsASequenceOfOneItem() {
        DataSet dataSet = new DataSet().putCode(Tag.SegmentedPropertyTypeCodeSequence, new CodedConcept("10200004", "SCT", "Liver"));
        List<DataSet> items = dataSet.items(Tag.SegmentedPropertyTypeCodeSequence);
        assertEquals(1, items.size());
        assertEquals("10200004", items.get(0).string(Tag.CodeValue));
        assertEquals("SCT", items.get(0).string(Tag.CodingSchemeDesignator));
        assertEquals("Liver", items.get(0).string(Tag.CodeMeaning));
    }

    @Test
    void theWrittenFileHoldsTheDataSetAndACharacterSetOnlyWhereNeeded() throws Exception {
        DataSet dataSet = new DataSet()
                .put(Tag.SOPClassUID, SopClasses.SEGMENTATION_STORAGE)
                .put(Tag.SOPInstanceUID, "1.2.3.4")
                .put(Tag.PatientName, "Müller^Jörg")
                .putSequence(Tag.ReferencedSeriesSequence, new DataSet().put(Tag.SeriesInstanceUID, "1.2.3"))
                .putTags(Tag.DimensionIndexPointer, Tag.ImagePositionPatient)
                .putBytes(Tag.PixelData, new byte[] {1, 2});
        Path file = folder.resolve("out.dcm");
        Part10Writer.write(dataSet, file);
        assertEquals(List.of(file), listing(), "no partial file is left");

        AttributeList read = new AttributeList();
        read.read(file.toFile());
        assertEquals("1.2.840.10008.1.2.1", read.get(TagFromName.TransferSyntaxUID).getSingleStringValueOrNull());
        assertEquals("ISO_IR 100", read.get(TagFromName.SpecificCharacterSet).getSingleStringValueOrNull());
        assertEquals("Müller^Jörg", read.get(TagFromName.PatientName).getSingleStringValueOrNull());
        assertEquals("1.2.3", SequenceAttribute.getSingleStringValueOfNamedAttributeFromWithinSequenceWithSingleItemOrEmptyString(
                read, TagFromName.ReferencedSeriesSequence, TagFromName.SeriesInstanceUID));
        assertEquals(TagFromName.ImagePositionPatient, ((AttributeTagAttribute) read.get(TagFromName.DimensionIndexPointer)).getAttributeTagValues()[0]);
        assertEquals(2, read.get(TagFromName.PixelData).getByteValues()[1]);

        Part10Writer.write(dataSet.put(Tag.PatientName, "Doe^Jane"), file, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        AttributeList ascii = new AttributeList();
        ascii.read(file.toFile());
        assertEquals("1.2.840.10008.1.2", ascii.get(TagFromName.TransferSyntaxUID).getSingleStringValueOrNull());
        assertFalse(ascii.containsKey(TagFromName.SpecificCharacterSet), "plain ASCII needs no character set");
    }

    private List<Path> listing() throws Exception {
        try (var files = Files.list(folder)) {
            return files.toList();
        }
    }
}
