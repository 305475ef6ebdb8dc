package org.livernode.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.livernode.testing.DataSetBytes.concat;
import static org.livernode.testing.DataSetBytes.encode;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.dicom.DataSetProblem.Kind;
import org.livernode.dicom.InstanceHeader.Element;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.DataSetBytes;

class PixelDataCheckTest {

    @TempDir
    Path temp;

    private final CtPhantom phantom = new CtPhantom().slices(1);

    /** The data set as the spool would have it: structure walked, header read, then the check. */
    private Optional<DataSetProblem> check(byte[] dataSet, String transferSyntax) throws Exception {
        Path file = temp.resolve("received.dcm");
        long dataSetOffset = DataSetBytes.writePart10(file, phantom.sopInstanceUid(0), dataSet, transferSyntax);
        DataSetStructure.Layout layout = DataSetStructure.read(file, dataSetOffset, transferSyntax);
        return PixelDataCheck.check(file, layout, transferSyntax, InstanceHeader.read(file));
    }

    /** The header of the phantom slice, then encapsulated pixel data of one fragment. */
    private static byte[] withOneFragment(AttributeList header) throws Exception {
        header.remove(TagFromName.PixelData);
        return concat(encode(header, TransferSyntax.ExplicitVRLittleEndian), HexFormat.of().parseHex(
                "e07f1000" + "4f420000" + "ffffffff" + "feff00e0" + "00000000" + "feff00e0" + "04000000" + "01020304" + "feffdde0" + "00000000"));
    }

    @Test
    void wholeImagesAndDataSetsWithoutPixelDataPass() throws Exception {
        assertEquals(Optional.empty(), check(encode(phantom.sliceAttributes(0), TransferSyntax.ExplicitVRLittleEndian),
                TransferSyntax.ExplicitVRLittleEndian));
        AttributeList header = phantom.sliceAttributes(0);
        header.remove(TagFromName.PixelData);
        assertEquals(Optional.empty(), check(encode(header, TransferSyntax.ExplicitVRLittleEndian), TransferSyntax.ExplicitVRLittleEndian));
    }

    @Test
    void pixelDataShorterThanTheImageIsTooShort() throws Exception {
        AttributeList slice = phantom.sliceAttributes(0);
        OtherWordAttribute half = new OtherWordAttribute(TagFromName.PixelData);
        half.setValues(new short[64 * 32]);
        slice.put(half);
        assertEquals(Optional.of(new DataSetProblem(Kind.PIXEL_DATA_TOO_SHORT, "PixelData holds 4096 bytes, but Rows x Columns"
                + " x SamplesPerPixel x NumberOfFrames x BitsAllocated need 8192")),
                check(encode(slice, TransferSyntax.ExplicitVRLittleEndian), TransferSyntax.ExplicitVRLittleEndian));
    }

    @Test
    void encapsulatedPixelDataThatDoesNotDecodeIsUnreadable() throws Exception {
        DataSetProblem problem = check(withOneFragment(phantom.sliceAttributes(0)), TransferSyntax.JPEGLosslessSV1).orElseThrow();
        assertEquals(Kind.UNREADABLE, problem.kind());
        assertTrue(problem.message().startsWith("pixel data cannot be decoded"), problem.message());
    }

    @Test
    void compressedImageClaimingMoreThanItsBytesCanHoldIsRefusedWithoutDecoding() throws Exception {
        AttributeList header = phantom.sliceAttributes(0);
        for (com.pixelmed.dicom.AttributeTag dimension : List.of(TagFromName.Rows, TagFromName.Columns)) {
            DataSetBytes.put(header, new UnsignedShortAttribute(dimension), "65535");
        }
        assertEquals(Optional.of(new DataSetProblem(Kind.UNREADABLE, "Rows x Columns x SamplesPerPixel x NumberOfFrames x BitsAllocated claim"
                + " 8589672450 bytes from 4 bytes of encapsulated pixel data")), check(withOneFragment(header), TransferSyntax.RLE));
    }

    // ---------------------------------------------------------------- the expected length

    private final Map<Tag, Element> elements = new HashMap<>(Map.of(
            Tag.Rows, new Element("US", false, List.of("64")),
            Tag.Columns, new Element("US", false, List.of("64")),
            Tag.BitsAllocated, new Element("US", false, List.of("16"))));

    private OptionalLong expected() {
        return PixelDataCheck.expectedNativeLength(new InstanceHeader(elements));
    }

    @Test
    void expectedNativeLengthFollowsTheHeader() {
        assertEquals(OptionalLong.of(64 * 64 * 2), expected());
        elements.put(Tag.NumberOfFrames, new Element("IS", true, List.of("3 ")));
        assertEquals(OptionalLong.of(3 * 64 * 64 * 2), expected());
        elements.put(Tag.SamplesPerPixel, new Element("US", false, List.of("3")));
        assertEquals(OptionalLong.of(3 * 3 * 64 * 64 * 2), expected());
        elements.put(Tag.BitsAllocated, new Element("US", false, List.of("1")));
        assertEquals(OptionalLong.of((3 * 3 * 64 * 64 + 7) / 8), expected());
        elements.remove(Tag.Rows);
        assertEquals(OptionalLong.empty(), expected());
    }

    @Test
    void valuesThatAreNoPositiveNumberLeaveTheLengthUnknown() {
        elements.put(Tag.NumberOfFrames, new Element("IS", true, List.of("three")));
        assertEquals(OptionalLong.empty(), expected());
        elements.put(Tag.NumberOfFrames, new Element("IS", true, List.of("0")));
        assertEquals(OptionalLong.empty(), expected());
        elements.put(Tag.NumberOfFrames, new Element("IS", true, List.of()));
        assertEquals(OptionalLong.of(64 * 64 * 2), expected(), "an empty NumberOfFrames counts as one frame");
    }

    @Test
    void lengthBeyondWhatALongCountsIsTheLargestLong() {
        elements.put(Tag.NumberOfFrames, new Element("IS", true, List.of("2147483647")));
        elements.put(Tag.Rows, new Element("US", false, List.of("65535")));
        elements.put(Tag.Columns, new Element("US", false, List.of("65535")));
        elements.put(Tag.SamplesPerPixel, new Element("US", false, List.of("65535")));
        assertEquals(OptionalLong.of(Long.MAX_VALUE), expected());
    }
}
