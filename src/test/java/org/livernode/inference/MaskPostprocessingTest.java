package org.livernode.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.livernode.volume.SegmentationMask;

class MaskPostprocessingTest {

    private static void box(SegmentationMask m, int z0, int z1, int r0, int r1, int c0, int c1) {
        for (int z = z0; z <= z1; z++) {
            for (int r = r0; r <= r1; r++) {
                for (int c = c0; c <= c1; c++) {
                    m.set(z, r, c, true);
                }
            }
        }
    }

    @Test
    void keepsOnlyTheLargestComponentAcrossSlices() {
        SegmentationMask m = new SegmentationMask(4, 10, 10);
        box(m, 0, 3, 1, 4, 1, 4);   // 64 voxels, connected through the slices
        box(m, 1, 1, 7, 8, 7, 8);   // 4 voxels elsewhere
        MaskPostprocessing.keepLargestComponent(m);
        assertEquals(64, m.count());
        assertFalse(m.get(1, 7, 7));
    }

    @Test
    void diagonalNeighboursAreSeparateComponents() {
        SegmentationMask m = new SegmentationMask(1, 5, 5);
        box(m, 0, 0, 0, 1, 0, 1);   // 4 voxels
        m.set(0, 2, 2, true);       // touches only diagonally
        MaskPostprocessing.keepLargestComponent(m);
        assertEquals(4, m.count());
        assertFalse(m.get(0, 2, 2));
    }

    @Test
    void emptyMaskStaysEmpty() {
        SegmentationMask m = new SegmentationMask(2, 4, 4);
        MaskPostprocessing.keepLargestComponent(m);
        MaskPostprocessing.fillHolesPerSlice(m);
        assertEquals(0, m.count());
    }

    @Test
    void fillsEnclosedHolesButNotBayOpenToTheBorder() {
        SegmentationMask m = new SegmentationMask(1, 7, 7);
        box(m, 0, 0, 1, 5, 1, 5);
        m.set(0, 3, 3, false);                       // enclosed hole
        for (int r = 0; r <= 3; r++) {
            m.set(0, r, 5, false);                   // bay from the top border into the ring
        }
        MaskPostprocessing.fillHolesPerSlice(m);
        assertTrue(m.get(0, 3, 3), "enclosed hole is filled");
        assertFalse(m.get(0, 2, 5), "the bay connected to the border stays open");
    }

    @Test
    void holesAreFilledPerSliceNotThroughTheVolume() {
        SegmentationMask m = new SegmentationMask(2, 5, 5);
        box(m, 0, 0, 1, 3, 1, 3);
        m.set(0, 2, 2, false);
        MaskPostprocessing.fillHolesPerSlice(m);
        assertTrue(m.get(0, 2, 2));
        assertEquals(0, m.count(1));
    }
}
