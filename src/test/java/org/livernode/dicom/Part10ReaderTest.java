package org.livernode.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.TransferSyntax;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.DataSetBytes;

class Part10ReaderTest {

    @TempDir
    Path temp;

    private final CtPhantom phantom = new CtPhantom().slices(1);

    private static byte[] dataSetIn(Part10Reader file, String transferSyntax) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        file.writeDataSet(out, transferSyntax);
        return out.toByteArray();
    }

    @Test
    void dataSetGoesOutAsStoredOrReencodedBetweenTheUncompressedLittleEndianSyntaxes() throws Exception {
        byte[] explicit = DataSetBytes.encode(phantom.sliceAttributes(0), TransferSyntax.ExplicitVRLittleEndian);
        byte[] implicit = DataSetBytes.encode(phantom.sliceAttributes(0), TransferSyntax.ImplicitVRLittleEndian);
        Path path = temp.resolve("slice.dcm");
        DataSetBytes.writePart10(path, phantom.sopInstanceUid(0), explicit, TransferSyntax.ExplicitVRLittleEndian);

        Part10Reader file = Part10Reader.open(path);
        assertEquals(SopClasses.CT_IMAGE_STORAGE, file.sopClassUid());
        assertEquals(phantom.sopInstanceUid(0), file.sopInstanceUid());
        assertEquals(TransferSyntax.ExplicitVRLittleEndian, file.transferSyntaxUid());
        assertArrayEquals(explicit, dataSetIn(file, TransferSyntax.ExplicitVRLittleEndian));
        assertArrayEquals(implicit, dataSetIn(file, TransferSyntax.ImplicitVRLittleEndian));
        assertFalse(file.canWriteDataSetIn(TransferSyntax.JPEGLosslessSV1));
        assertThrows(IllegalArgumentException.class, () -> dataSetIn(file, TransferSyntax.JPEGLosslessSV1));
    }

    @Test
    void compressedDataSetGoesOutOnlyAsStored() throws Exception {
        Path path = temp.resolve("compressed.dcm");
        byte[] notReallyJpeg = {1, 2, 3, 4};
        DataSetBytes.writePart10(path, "1.2.3", notReallyJpeg, TransferSyntax.JPEGLosslessSV1);
        Part10Reader file = Part10Reader.open(path);
        assertTrue(file.canWriteDataSetIn(TransferSyntax.JPEGLosslessSV1));
        assertFalse(file.canWriteDataSetIn(TransferSyntax.ExplicitVRLittleEndian));
        assertArrayEquals(notReallyJpeg, dataSetIn(file, TransferSyntax.JPEGLosslessSV1));
    }

    @Test
    void fileWithoutMetaInformationIsNotOpened() throws Exception {
        Path text = Files.writeString(temp.resolve("notes.txt"), "not DICOM at all ".repeat(20));
        assertThrows(IOException.class, () -> Part10Reader.open(text));
        Path cut = temp.resolve("cut.dcm");
        DataSetBytes.writePart10(cut, "1.2.3", new byte[0], TransferSyntax.ExplicitVRLittleEndian);
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(cut), 140));
        assertThrows(IOException.class, () -> Part10Reader.open(cut));
    }
}
