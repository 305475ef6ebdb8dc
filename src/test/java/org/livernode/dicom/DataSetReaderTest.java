package org.livernode.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.livernode.testing.CtPhantom;

/** {@link DataSetReader} reads back what {@link Part10Writer} wrote. */
class DataSetReaderTest {
    @TempDir
    Path folder;

    @ParameterizedTest
    @EnumSource(TransferSyntax.class)
    void whatTheWriterWroteReadsBackAsTheSameDataSet(TransferSyntax transferSyntax) throws Exception {
        DataSet written = new DataSet()
                .put(Tag.SOPClassUID, SopClasses.SEGMENTATION_STORAGE)
                .put(Tag.SOPInstanceUID, "1.2.826.0.1.3680043.10.1")
                .put(Tag.PatientName)
                .put(Tag.ImageType, "DERIVED", "PRIMARY")
                .put(Tag.Rows, "3")
                .put(Tag.ImagePositionPatient, "-120.5", "80.25", "0")
                .putCode(Tag.SegmentedPropertyTypeCodeSequence, new CodedConcept("10200004", "SCT", "Liver"))
                .putSequence(Tag.DimensionIndexSequence, new DataSet().putTags(Tag.DimensionIndexPointer, Tag.ImagePositionPatient))
                .putBytes(Tag.PixelData, new byte[] {1, 2, 3, (byte) 0xFF});
        Path file = folder.resolve("written.dcm");
        Part10Writer.write(written, file, transferSyntax);
        assertEquals(written, DataSetReader.read(file));
    }

    @Test
    void wordPixelDataIsReadAsItsLittleEndianBytes() throws Exception {
        Path ct = new CtPhantom().slices(1).matrix(8, 8).write(folder.resolve("ct")).get(0);
        byte[] file = Files.readAllBytes(ct);
        // Pixel Data is the last element of the slice: its 8 x 8 16-bit pixels are the last 128 bytes.
        byte[] stored = Arrays.copyOfRange(file, file.length - 128, file.length);
        DataSet.Bytes pixelData = (DataSet.Bytes) DataSetReader.read(ct).value(Tag.PixelData).orElseThrow();
        assertArrayEquals(stored, pixelData.value());
    }

    @Test
    void aFileThatIsNotDicomIsNamedInTheError() throws Exception {
        Path garbage = Files.writeString(folder.resolve("garbage.dcm"), "not DICOM");
        DicomReadException e = assertThrows(DicomReadException.class, () -> DataSetReader.read(garbage));
        assertTrue(e.getMessage().startsWith("instance " + garbage + " cannot be read: "), e.getMessage());
    }
}
