package org.livernode.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.livernode.testing.DataSetBytes;

class ExplicitLengthSequenceTest {

    private static AttributeList nested() throws Exception {
        DataSet code = new DataSet()
                .putCode(Tag.PurposeOfReferenceCodeSequence, new CodedConcept("121322", "DCM", "Source image"))
                .put(Tag.ReferencedSOPInstanceUID, "1.2.3");
        return Part10Writer.attributeList(new DataSet()
                .putSequence(Tag.SourceImageSequence, code, new DataSet())
                .put(Tag.PatientID, "P1"));
    }

    @Test
    void writesNoDelimitersAndReadsBackTheSameContent() throws Exception {
        byte[] delimited = DataSetBytes.encode(nested(), TransferSyntax.ExplicitVRLittleEndian);
        byte[] explicit = DataSetBytes.encode(ExplicitLengthSequence.convert(nested()), TransferSyntax.ExplicitVRLittleEndian);
        String hex = HexFormat.of().formatHex(explicit);
        assertFalse(hex.contains("feffdde0"), "no sequence delimitation item");
        assertFalse(hex.contains("feff0de0"), "no item delimitation item");
        assertTrue(HexFormat.of().formatHex(delimited).contains("feffdde0"), "PixelMed's own encoding delimits, the reason for this class");
        // Two items: 8 bytes of delimiters each, plus the sequence delimiter, are gone; nested sequences likewise.
        assertEquals(delimited.length - 8 * 2 - 8 - (8 + 8), explicit.length);

        AttributeList read = new AttributeList();
        read.read(new DicomInputStream(new ByteArrayInputStream(explicit), TransferSyntax.ExplicitVRLittleEndian, false));
        SequenceAttribute source = (SequenceAttribute) read.get(TagFromName.SourceImageSequence);
        assertEquals(2, source.getNumberOfItems());
        AttributeList first = source.getItem(0).getAttributeList();
        assertEquals("1.2.3", first.get(TagFromName.ReferencedSOPInstanceUID).getSingleStringValueOrNull());
        assertEquals("121322", SequenceAttribute.getSingleStringValueOfNamedAttributeFromWithinSequenceWithSingleItemOrEmptyString(
                first, TagFromName.PurposeOfReferenceCodeSequence, TagFromName.CodeValue));
        assertEquals("P1", read.get(TagFromName.PatientID).getSingleStringValueOrNull());
    }
}
