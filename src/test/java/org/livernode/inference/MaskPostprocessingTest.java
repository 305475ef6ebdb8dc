package org.livernode.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
    void componentsSeparateInOneSliceJoinThroughAnother() {
        SegmentationMask m = new SegmentationMask(3, 8, 8);
        box(m, 0, 0, 1, 2, 1, 2);   // left arm, 4 voxels
        box(m, 0, 0, 1, 2, 5, 6);   // right arm, 4 voxels
        box(m, 1, 1, 1, 1, 1, 6);   // bridge in the next slice, 6 voxels
        box(m, 2, 2, 4, 7, 0, 7);   // the largest single piece would be 32 voxels, but it is apart
        box(m, 2, 2, 0, 0, 0, 0);   // a stray voxel
        MaskPostprocessing.keepLargestComponent(m);
        assertEquals(32, m.count(), "the U (14 voxels) loses to the 32-voxel block");
        SegmentationMask u = new SegmentationMask(2, 8, 8);
        box(u, 0, 0, 1, 2, 1, 2);
        box(u, 0, 0, 1, 2, 5, 6);
        box(u, 1, 1, 1, 1, 1, 6);
        box(u, 1, 1, 6, 6, 6, 6);   // 1 voxel apart
        MaskPostprocessing.keepLargestComponent(u);
        assertEquals(14, u.count(), "both arms and the bridge are one component");
        assertTrue(u.get(0, 1, 1) && u.get(0, 2, 6) && !u.get(1, 6, 6));
    }

    /** Voxels that touch only at a corner or an edge, in one slice or across two, are separate components. */
    @ParameterizedTest(name = "a voxel at slice {0}, row 2, column 2")
    @ValueSource(ints = {0, 1})
    void voxelsTouchingOnlyDiagonallyAreApart(int slice) {
        SegmentationMask m = new SegmentationMask(2, 5, 5);
        box(m, 0, 0, 0, 1, 0, 1);   // 4 voxels
        m.set(slice, 2, 2, true);   // diagonal to (0, 1, 1), in the same slice or across slices
        MaskPostprocessing.keepLargestComponent(m);
        assertEquals(4, m.count());
        assertFalse(m.get(slice, 2, 2));
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
