package org.livernode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaskPreviewTest {

    @Test
    void slicesAreEvenlySpacedEachInTheMiddleOfItsShare() {
        assertEquals(List.of(1, 3, 6, 8), MaskPreview.evenlySpaced(10, 4));
        assertEquals(List.of(0, 1, 2), MaskPreview.evenlySpaced(3, 4), "fewer slices than wanted: all of them");
        assertEquals(List.of(0), MaskPreview.evenlySpaced(1, 4));
        assertEquals(List.of(), MaskPreview.evenlySpaced(0, 4));
        assertEquals(List.of(12, 37, 62, 87), MaskPreview.evenlySpaced(100, 4));
    }

    @Test
    void theSoftTissueWindowMapsMinus160To240HuOntoBlackToWhite() {
        assertEquals(0, MaskPreview.grey(-1000));
        assertEquals(0, MaskPreview.grey(-160));
        assertEquals(128, MaskPreview.grey(40), "the level is mid-grey");
        assertEquals(255, MaskPreview.grey(240));
        assertEquals(255, MaskPreview.grey(3000));
    }

    /** A 4x4 slice at 40 HU with a 2x2 mask in its middle. */
    private static MaskPreview.Slice square() {
        short[] hu = new short[16];
        Arrays.fill(hu, (short) 40);
        byte[] mask = new byte[16];
        mask[5] = mask[6] = mask[9] = mask[10] = 1;
        return new MaskPreview.Slice(hu, mask, 4, 4);
    }

    @Test
    void theMaskOutlineIsDrawnOverTheWindowedCtAtTheOutputSize() {
        BufferedImage image = MaskPreview.compose(List.of(square()), 8);
        assertEquals(8, image.getWidth());
        assertEquals(8, image.getHeight());
        int grey = 128 << 16 | 128 << 8 | 128;
        StringBuilder drawn = new StringBuilder();
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                drawn.append(rgb == MaskPreview.OUTLINE_RGB ? 'o' : rgb == grey ? '.' : '?');
            }
            drawn.append('\n');
        }
        assertEquals("""
                ........
                ........
                ..oooo..
                ..o..o..
                ..o..o..
                ..oooo..
                ........
                ........
                """, drawn.toString(), "the mask, scaled up 2x, outlined one pixel wide; its inside shows the CT");
    }

    @Test
    void slicesStandSideBySideAndTheCtIsAveragedWhenScaledDown() {
        short[] hu = new short[] {-160, 240, -160, 240};
        MaskPreview.Slice stripes = new MaskPreview.Slice(hu, new byte[4], 2, 2);
        BufferedImage image = MaskPreview.compose(List.of(square(), stripes), 1);
        assertEquals(2, image.getWidth(), "one pixel per slice");
        assertEquals(1, image.getHeight());
        assertEquals(128, image.getRGB(1, 0) & 0xFF, "black and white columns average to mid-grey");
    }

    @Test
    void aSliceMustHaveAsManyValuesAsItsGrid() {
        assertThrows(IllegalArgumentException.class, () -> new MaskPreview.Slice(new short[4], new byte[3], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> MaskPreview.compose(List.of(), 256));
    }
}
