package org.livernode.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.livernode.testing.DataSetBytes.concat;
import static org.livernode.testing.DataSetBytes.encode;
import static org.livernode.testing.DataSetBytes.putUid;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.dicom.DataSetProblem.Kind;
import org.livernode.dicom.DataSetStructure.Layout;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.DataSetBytes;

class DataSetStructureTest {
    private static final List<String> NATIVE_SYNTAXES = List.of(TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian,
            TransferSyntax.ExplicitVRBigEndian);

    @TempDir
    Path temp;

    private final CtPhantom phantom = new CtPhantom().slices(1);

    private Layout layout(byte[] dataSet, String transferSyntax) throws Exception {
        Path file = temp.resolve("received.dcm");
        long dataSetOffset = DataSetBytes.writePart10(file, phantom.sopInstanceUid(0), dataSet, transferSyntax);
        return DataSetStructure.read(file, dataSetOffset, transferSyntax);
    }

    private DataSetProblem malformed(byte[] dataSet, String transferSyntax) {
        return assertThrows(MalformedDataSetException.class, () -> layout(dataSet, transferSyntax)).problem();
    }

    /** Only SOP Class and Instance UIDs, to which a test appends broken elements. */
    private static byte[] uidsThen(String hex) throws Exception {
        AttributeList uids = new AttributeList();
        putUid(uids, TagFromName.SOPClassUID, SOPClass.CTImageStorage);
        putUid(uids, TagFromName.SOPInstanceUID, "1.2.3");
        return concat(encode(uids, TransferSyntax.ExplicitVRLittleEndian), HexFormat.of().parseHex(hex));
    }

    /** The header of the phantom slice, then encapsulated pixel data made of {@code items} (hex). */
    private byte[] encapsulated(String items) throws Exception {
        AttributeList header = phantom.sliceAttributes(0);
        header.remove(TagFromName.PixelData);
        return concat(encode(header, TransferSyntax.ExplicitVRLittleEndian), HexFormat.of().parseHex("e07f1000" + "4f420000" + "ffffffff" + items));
    }

    @Test
    void nativePixelDataIsMeasuredInEveryNativeSyntax() throws Exception {
        for (String syntax : NATIVE_SYNTAXES) {
            assertEquals(new Layout(OptionalLong.of(8192), false, 0), layout(encode(phantom.sliceAttributes(0), syntax), syntax), syntax);
        }
    }

    @Test
    void dataSetCutInsideItsPixelDataIsTruncatedInEveryNativeSyntax() throws Exception {
        for (String syntax : NATIVE_SYNTAXES) {
            byte[] whole = encode(phantom.sliceAttributes(0), syntax);
            DataSetProblem problem = malformed(Arrays.copyOf(whole, whole.length - 1000), syntax);
            assertEquals(Kind.TRUNCATED, problem.kind(), syntax);
            assertEquals("the data set ends inside its pixel data: 7192 of the 8192 bytes its PixelData announces arrived", problem.message());
        }
    }

    @Test
    void brokenSequenceIsUnreadable() throws Exception {
        // (0008,1140) SQ of undefined length whose first "item" is zeros: the walk stops there.
        DataSetProblem problem = malformed(uidsThen("08004011" + "53510000" + "ffffffff" + "0000000000000000"), TransferSyntax.ExplicitVRLittleEndian);
        assertEquals(Kind.UNREADABLE, problem.kind());
        assertEquals("malformed data set: a sequence holds (0000,0000) where an item belongs", problem.message());
    }

    @Test
    void encapsulatedPixelDataMustReachItsDelimiter() throws Exception {
        String offsetTable = "feff00e0" + "00000000";
        String fragment = "feff00e0" + "04000000" + "01020304";
        String delimiter = "feffdde0" + "00000000";
        String syntax = TransferSyntax.JPEGLosslessSV1;
        assertEquals(new Layout(OptionalLong.empty(), true, 4), layout(encapsulated(offsetTable + fragment + delimiter), syntax));
        assertEquals(Kind.TRUNCATED, malformed(encapsulated(offsetTable + fragment), syntax).kind());
        DataSetProblem cutFragment = malformed(encapsulated(offsetTable + "feff00e0" + "00100000" + "0102"), syntax);
        assertEquals(new DataSetProblem(Kind.TRUNCATED, "the data set ends inside a fragment of its encapsulated pixel data"), cutFragment);
        DataSetProblem notAnItem = malformed(encapsulated(offsetTable + "08001800" + "04000000" + "31323334" + delimiter), syntax);
        assertEquals(Kind.UNREADABLE, notAnItem.kind());
        assertTrue(notAnItem.message().contains("holds (0008,0018) where an item or the sequence delimiter belongs"), notAnItem.message());
    }

    private static byte[] deflate(byte[]... parts) throws Exception {
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(9, true);
        try (DeflaterOutputStream out = new DeflaterOutputStream(deflated, deflater)) {
            for (byte[] part : parts) {
                out.write(part);
            }
        } finally {
            deflater.end();
        }
        return deflated.toByteArray();
    }

    @Test
    void deflatedDataSetIsWalkedInflatedAndMustEndWithItsDeflateStream() throws Exception {
        String syntax = TransferSyntax.DeflatedExplicitVRLittleEndian;
        byte[] deflated = deflate(encode(phantom.sliceAttributes(0), TransferSyntax.ExplicitVRLittleEndian));
        assertEquals(new Layout(OptionalLong.of(8192), false, 0), layout(deflated, syntax));
        DataSetProblem cut = malformed(Arrays.copyOf(deflated, deflated.length - 200), syntax);
        assertEquals(Kind.TRUNCATED, cut.kind(), cut.message());
    }

    @Test
    void deflatedDataSetThatInflatesFarBeyondItsImageIsUnreadable() throws Exception {
        AttributeList header = phantom.sliceAttributes(0);
        header.remove(TagFromName.PixelData);
        int claimed = 200 << 20;
        byte[] pixelDataHeader = concat(HexFormat.of().parseHex("e07f1000" + "4f570000"),
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(claimed).array());
        byte[][] parts = new byte[202][];
        parts[0] = encode(header, TransferSyntax.ExplicitVRLittleEndian);
        parts[1] = pixelDataHeader;
        Arrays.fill(parts, 2, parts.length, new byte[1 << 20]);
        byte[] bomb = deflate(parts);
        assertTrue(bomb.length < 1 << 20, "a small upload: " + bomb.length);
        DataSetProblem problem = malformed(bomb, TransferSyntax.DeflatedExplicitVRLittleEndian);
        assertEquals(Kind.UNREADABLE, problem.kind());
        assertTrue(problem.message().startsWith("deflated data set inflates to more than " + DataSetStructure.MAX_INFLATION_RATIO + " times its "),
                problem.message());
    }

    @Test
    void elementLengthBeyondTheDataSetIsRefusedBeforePixelMedAllocatesIt() throws Exception {
        // An OB element claiming 1 GiB in a data set of a few kilobytes: PixelMed would allocate the value first.
        DataSetProblem problem = malformed(uidsThen("09001000" + "4f420000" + "00000040"), TransferSyntax.ExplicitVRLittleEndian);
        assertEquals(new DataSetProblem(Kind.UNREADABLE, "malformed data set: (0009,0010) claims 1073741824 bytes but 0 are left"), problem);
        // A VR nobody knows has the 4-byte length form, as PixelMed reads it (a bit flip made "RN" of "PN").
        DataSetProblem unknownVr = malformed(uidsThen("08009000" + "524e0000" + "0000f00f"), TransferSyntax.ExplicitVRLittleEndian);
        assertEquals("malformed data set: (0008,0090) claims 267386880 bytes but 0 are left", unknownVr.message());
    }

    @Test
    void walkDescendsIntoSequencesAndStopsForgedNesting() throws Exception {
        AttributeList slice = phantom.sliceAttributes(0);
        SequenceAttribute referenced = new SequenceAttribute(TagFromName.ReferencedImageSequence);
        AttributeList item = new AttributeList();
        putUid(item, TagFromName.ReferencedSOPClassUID, SOPClass.CTImageStorage);
        putUid(item, TagFromName.ReferencedSOPInstanceUID, "1.2.3.4");
        referenced.addItem(item);
        slice.put(referenced);
        for (String syntax : NATIVE_SYNTAXES) {
            assertEquals(OptionalLong.of(8192), layout(encode(slice, syntax), syntax).nativePixelDataLength(), syntax);
        }
        // A sequence item that claims more than its sequence holds.
        DataSetProblem overlong = malformed(uidsThen("08004011" + "53510000" + "10000000" + "feff00e0" + "20000000" + "0000000000000000"),
                TransferSyntax.ExplicitVRLittleEndian);
        assertEquals("malformed data set: (FFFE,E000) claims 32 bytes but 8 are left", overlong.message());
        // Sequences of undefined length nested far deeper than any real data set.
        String nested = ("08004011" + "53510000" + "ffffffff" + "feff00e0" + "ffffffff").repeat(100);
        DataSetProblem deep = malformed(uidsThen(nested), TransferSyntax.ExplicitVRLittleEndian);
        assertEquals("malformed data set: sequences are nested more than " + DataSetStructure.MAX_DEPTH + " deep", deep.message());
    }
}
