package org.livernode.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class PixelReaderTest {

    @Test
    void bitsAboveBitsStoredAreIgnored() {
        // 12-bit unsigned values with overlay bits in the top nibble, as old files have them.
        int[] stored = {0xF000 | 1024, 0x1000 | 0, 0x8000 | 4095};
        assertArrayEquals(new short[] {0, -1024, 3071}, PixelReader.hounsfieldUnits(stored, 3, 12, false, 1, -1024));
    }

    @Test
    void signedValuesAreSignExtendedFromBitsStored() {
        int[] stored = {0x0FFF, 0x0800, 0x07FF, 0xFFFF};
        assertArrayEquals(new short[] {-1, -2048, 2047, -1}, PixelReader.hounsfieldUnits(stored, 4, 12, true, 1, 0));
        assertArrayEquals(new short[] {-1, -128}, PixelReader.hounsfieldUnits(new int[] {0xFF, 0x80}, 2, 8, true, 1, 0));
    }

    @Test
    void rescaleIsRoundedAndClampedToTheShortRange() {
        assertArrayEquals(new short[] {1, 0, 0}, PixelReader.hounsfieldUnits(new int[] {401, 400, 399}, 3, 16, false, 0.5, -200));
        assertArrayEquals(new short[] {Short.MAX_VALUE}, PixelReader.hounsfieldUnits(new int[] {65535}, 1, 16, false, 1, 0));
        assertArrayEquals(new short[] {Short.MIN_VALUE}, PixelReader.hounsfieldUnits(new int[] {0}, 1, 16, false, 1, -40000));
    }

    /** Slope 1 with a whole intercept takes a shortcut, which must give what rounding the rescaled value gives. */
    @Test
    void aWholeInterceptGivesWhatRoundingGives() {
        int[] stored = new int[4096];
        for (int i = 0; i < stored.length; i++) {
            stored[i] = i * 16 + 7;
        }
        for (double intercept : new double[] {-1024, 0, 1000, -32768, 40000, -1024.5, 0.25}) {
            short[] expected = new short[stored.length];
            for (int i = 0; i < stored.length; i++) {
                long rescaled = Math.round(stored[i] + intercept);
                expected[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, rescaled));
            }
            assertArrayEquals(expected, PixelReader.hounsfieldUnits(stored, stored.length, 16, false, 1, intercept), "intercept " + intercept);
        }
        assertArrayEquals(new short[] {-1025, -1024}, PixelReader.hounsfieldUnits(new int[] {0xFFFF, 0}, 2, 16, true, 1, -1024));
    }

    @Test
    void onlyTheSlicesPixelsAreConverted() {
        // Pixel data may be padded beyond Rows x Columns.
        assertArrayEquals(new short[] {5, 6}, PixelReader.hounsfieldUnits(new int[] {5, 6, 7, 8}, 2, 16, true, 1, 0));
    }
}
