package org.livernode.dicom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.DataSetBytes;
import org.livernode.testing.ExternalProgram;

class StoredPixelsTest {
    /** Far more than a 64 x 64 slice needs, far less than the forged fragment announces. */
    private static final long ALLOCATION_BOUND = 64L << 20;
    private static final int FORGED_FRAGMENT_LENGTH = 1_432_809_011;

    @TempDir
    Path folder;

    @Test
    void anRleSliceDecodesToTheValuesOfTheUncompressedOne() throws Exception {
        Path plain = new CtPhantom().slices(2).matrix(64, 64).write(folder).get(0);
        int[] expected = StoredPixels.read(plain).values(16).orElseThrow();
        assertArrayEquals(expected, StoredPixels.read(rle(plain)).values(16).orElseThrow());
    }

    /** Data sets stored without file meta information, as on old media, in either little endian encoding. */
    @ParameterizedTest
    @ValueSource(strings = {TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN})
    void aDataSetWithoutFileMetaInformationDecodes(String transferSyntax) throws Exception {
        CtPhantom phantom = new CtPhantom().slices(2).matrix(64, 64);
        Path plain = phantom.write(folder).get(0);
        Path raw = Files.write(folder.resolve("raw.dcm"), DataSetBytes.encode(phantom.sliceAttributes(0), transferSyntax));
        assertArrayEquals(StoredPixels.read(plain).values(16).orElseThrow(), StoredPixels.read(raw).values(16).orElseThrow());
    }

    /**
     * Found by InboundFuzzIT (seed 20261127, RLE case 33): a fragment that announces 1.4 GB in a 2 KB file. A full
     * parse allocated and zeroed the announced length before it failed, which took seconds on a loaded machine; the
     * structure walk refuses it first. Measured as the bytes this thread allocates, which load cannot change.
     */
    @Test
    void aFragmentLongerThanTheFileIsRefusedWithoutAllocatingIt() throws Exception {
        Path file = rle(new CtPhantom().slices(2).matrix(64, 64).write(folder).get(0));
        forgeFirstFragmentLength(file, FORGED_FRAGMENT_LENGTH);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        DicomReadException e = assertThrows(DicomReadException.class, () -> StoredPixels.read(file));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < ALLOCATION_BOUND, "reading the forged file allocated " + allocated + " bytes");
        assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
    }

    /** The file compressed with DCMTK's RLE encoder. */
    private Path rle(Path plain) {
        Path compressed = folder.resolve("rle.dcm");
        ExternalProgram.Result result = ExternalProgram.run(
                List.of(ExternalProgram.require("dcmcrle", "dcmtk"), plain.toString(), compressed.toString()), 30);
        assertTrue(result.succeeded(), result.output());
        return compressed;
    }

    /** Overwrites the length of the first fragment after the basic offset table of the encapsulated pixel data. */
    private static void forgeFirstFragmentLength(Path file, int length) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte[] pixelData = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        int at = indexOf(bytes, pixelData);
        assertTrue(at > 0, "no encapsulated PixelData in " + file);
        int offsetTable = at + pixelData.length;
        int fragment = offsetTable + 8 + buffer.getInt(offsetTable + 4);
        assertEquals((short) 0xFFFE, buffer.getShort(fragment));
        assertEquals((short) 0xE000, buffer.getShort(fragment + 2));
        buffer.putInt(fragment + 4, length);
        Files.write(file, bytes);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
