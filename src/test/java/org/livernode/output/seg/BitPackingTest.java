package org.livernode.output.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BitPackingTest {

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** Independent of the packer: bit i of the value is bit (i % 8) of byte i / 8. */
    private static List<byte[]> unpack(byte[] packed, int frames, int pixelsPerFrame) {
        List<byte[]> result = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            byte[] frame = new byte[pixelsPerFrame];
            for (int p = 0; p < pixelsPerFrame; p++) {
                int bit = f * pixelsPerFrame + p;
                frame[p] = (byte) ((packed[bit / 8] >> (bit % 8)) & 1);
            }
            result.add(frame);
        }
        return result;
    }

    @Test
    void twoFramesOfFiveByThreeContinueMidByte() {
        byte[] first = bytes(
                1, 0, 0, 0, 1,
                0, 1, 1, 0, 0,
                1, 1, 1, 1, 1);
        byte[] second = bytes(
                0, 0, 1, 0, 0,
                1, 0, 0, 0, 0,
                0, 0, 0, 0, 1);
        // Bits 0-14 are the first frame, 15-29 the second (its first pixel is bit 7 of byte 1), 30-31 padding.
        assertArrayEquals(bytes(0xD1, 0x7C, 0x12, 0x20), BitPacking.pack(List.of(first, second)));
    }

    @Test
    void threeFramesOfThreeByThree() {
        byte[] diagonal = bytes(1, 0, 0, 0, 1, 0, 0, 0, 1);
        byte[] full = bytes(1, 1, 1, 1, 1, 1, 1, 1, 1);
        byte[] centre = bytes(0, 0, 0, 0, 1, 0, 0, 0, 0);
        // Set bits: 0, 4, 8 | 9-17 | 22; 27 bits in 4 bytes.
        assertArrayEquals(bytes(0x11, 0xFF, 0x43, 0x00), BitPacking.pack(List.of(diagonal, full, centre)));
    }

    @Test
    void anOddNumberOfBytesIsPaddedWithAZeroByte() {
        assertArrayEquals(bytes(0x1B, 0x00), BitPacking.pack(List.of(bytes(1, 1, 0, 1, 1))));
        byte[] eightSet = bytes(1, 1, 1, 1, 1, 1, 1, 1);
        assertArrayEquals(bytes(0xFF, 0xFF, 0xFF, 0x00), BitPacking.pack(List.of(eightSet, eightSet, eightSet)));
    }

    @Test
    void anyNonZeroPixelIsSet() {
        assertArrayEquals(bytes(0x05, 0x00), BitPacking.pack(List.of(bytes(255, 0, 7))));
        // Eight pixels at a time, from a byte boundary.
        assertArrayEquals(bytes(0x81, 0x02), BitPacking.pack(List.of(bytes(255, 0, 0, 0, 0, 0, 0, -1, 0, 2, 0, 0, 0, 0, 0, 0))));
    }

    @Test
    void unpackingGivesBackEveryFrameOfAnOddMatrix() {
        int pixels = 63 * 61;
        Random random = new Random(7);
        List<byte[]> frames = new ArrayList<>();
        for (int f = 0; f < 7; f++) {
            byte[] frame = new byte[pixels];
            for (int p = 0; p < pixels; p++) {
                frame[p] = (byte) (random.nextInt(3) == 0 ? 1 : 0);
            }
            frames.add(frame);
        }
        byte[] packed = BitPacking.pack(frames);
        assertEquals(0, packed.length % 2);
        assertEquals((7 * pixels + 7) / 8 + 1, packed.length, "7 x 3843 bits need 3363 bytes, padded to 3364");
        List<byte[]> unpacked = unpack(packed, 7, pixels);
        for (int f = 0; f < 7; f++) {
            assertArrayEquals(frames.get(f), unpacked.get(f), "frame " + f);
        }
        for (int bit = 7 * pixels; bit < packed.length * 8; bit++) {
            assertEquals(0, (packed[bit / 8] >> (bit % 8)) & 1, "padding bit " + bit);
        }
    }

    @Test
    void readingGivesBackEachFrameAndWhetherItIsEmpty() {
        // 13 pixels a frame: every frame after the first starts in the middle of a byte.
        int pixels = 13;
        byte[] lastPixel = new byte[pixels];
        lastPixel[pixels - 1] = 1;
        byte[] firstPixel = new byte[pixels];
        firstPixel[0] = 1;
        List<byte[]> frames = List.of(new byte[pixels], lastPixel, new byte[pixels], firstPixel, new byte[pixels]);
        byte[] packed = BitPacking.pack(frames);
        for (int f = 0; f < frames.size(); f++) {
            assertArrayEquals(frames.get(f), BitPacking.unpack(packed, f, pixels), "frame " + f);
            assertEquals(f % 2 == 0, BitPacking.isEmpty(packed, f, pixels), "frame " + f);
        }
        // 65 bits, padded to 10 bytes: room for a sixth frame's 13 bits, not a seventh's.
        assertTrue(BitPacking.holds(packed, 6, pixels));
        assertFalse(BitPacking.holds(packed, 7, pixels));
    }

    @Test
    void framesOfDifferentSizesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BitPacking.pack(List.of(new byte[15], new byte[9])));
        assertTrue(e.getMessage().contains("frame 1 has 9 pixels, frame 0 has 15"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BitPacking.pack(List.of()));
    }
}
