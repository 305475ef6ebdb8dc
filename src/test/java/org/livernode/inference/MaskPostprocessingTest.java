package org.livernode.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

    /** As scipy's label and argmax: the component whose first voxel (slice, row, column) comes first wins a tie. */
    @Test
    void ofEquallyLargeComponentsTheFirstIsKept() {
        SegmentationMask m = new SegmentationMask(3, 8, 8);
        box(m, 1, 2, 5, 6, 0, 1);   // 8 voxels, from slice 1
        box(m, 0, 1, 0, 1, 6, 7);   // 8 voxels, from slice 0 but to the right: first in (slice, row, column) order
        MaskPostprocessing.keepLargestComponent(m);
        assertEquals(8, m.count());
        assertTrue(m.get(0, 0, 6) && !m.get(1, 5, 0));
        SegmentationMask n = new SegmentationMask(1, 8, 8);
        box(n, 0, 0, 5, 6, 0, 1);   // lower left
        box(n, 0, 0, 0, 1, 6, 7);   // upper right: first in raster order
        box(n, 0, 0, 3, 3, 3, 4);   // two voxels
        MaskPostprocessing.keepLargestComponent(n);
        assertEquals(4, n.count());
        assertTrue(n.get(0, 0, 6) && !n.get(0, 5, 0));
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

    /**
     * Both operations work on each slice's bounding box of mask pixels only; on random masks with bays, holes,
     * islands and pieces at the image border they must give what flooding whole planes and volumes gives.
     */
    @Test
    void boundingBoxesGiveWhatWholePlanesGive() {
        Random random = new Random(12);
        for (int round = 0; round < 300; round++) {
            SegmentationMask m = randomBlobs(random, 5, 24, 31);
            boolean[][] expected = wholeVolumeLargestComponent(m);
            MaskPostprocessing.keepLargestComponent(m);
            assertEqualMasks(expected, m, "largest component, round " + round);
            // Scattered voxels: many components of one to three voxels, so the largest is often tied.
            SegmentationMask scattered = new SegmentationMask(3, 8, 9);
            for (int v = 0; v < 3 * 8 * 9; v++) {
                scattered.set(v / 72, v % 72 / 9, v % 9, random.nextInt(7) == 0);
            }
            boolean[][] first = wholeVolumeLargestComponent(scattered);
            MaskPostprocessing.keepLargestComponent(scattered);
            assertEqualMasks(first, scattered, "largest of scattered voxels, round " + round);
            SegmentationMask holes = randomBlobs(random, 3, 24, 31);
            boolean[][] filled = wholePlaneHoleFilling(holes);
            MaskPostprocessing.fillHolesPerSlice(holes);
            assertEqualMasks(filled, holes, "hole filling, round " + round);
        }
    }

    /** Rectangles set and cleared at random, some slices left empty. */
    private static SegmentationMask randomBlobs(Random random, int depth, int rows, int columns) {
        SegmentationMask m = new SegmentationMask(depth, rows, columns);
        for (int z = 0; z < depth; z++) {
            if (random.nextInt(5) == 0) {
                continue;
            }
            for (int k = 0; k < 12; k++) {
                int r0 = random.nextInt(rows), c0 = random.nextInt(columns);
                int r1 = Math.min(rows - 1, r0 + random.nextInt(8)), c1 = Math.min(columns - 1, c0 + random.nextInt(8));
                boolean set = k < 8;
                for (int r = r0; r <= r1; r++) {
                    for (int c = c0; c <= c1; c++) {
                        m.set(z, r, c, set);
                    }
                }
            }
        }
        return m;
    }

    /** The largest 6-connected component by flooding the volume; of equal ones, the first found in (slice, row, column) order. */
    private static boolean[][] wholeVolumeLargestComponent(SegmentationMask m) {
        int depth = m.depth(), rows = m.rows(), columns = m.columns(), plane = rows * columns;
        int[] component = new int[depth * plane];
        List<Integer> sizes = new ArrayList<>();
        for (int start = 0; start < component.length; start++) {
            if (component[start] != 0 || !m.get(start / plane, start % plane / columns, start % columns)) {
                continue;
            }
            sizes.add(0);
            ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(start));
            component[start] = sizes.size();
            while (!queue.isEmpty()) {
                int v = queue.poll();
                sizes.set(sizes.size() - 1, sizes.get(sizes.size() - 1) + 1);
                int z = v / plane, r = v % plane / columns, c = v % columns;
                int[][] steps = {{-1, 0, 0}, {1, 0, 0}, {0, -1, 0}, {0, 1, 0}, {0, 0, -1}, {0, 0, 1}};
                for (int[] d : steps) {
                    int nz = z + d[0], nr = r + d[1], nc = c + d[2];
                    int n = nz * plane + nr * columns + nc;
                    if (nz >= 0 && nz < depth && nr >= 0 && nr < rows && nc >= 0 && nc < columns && component[n] == 0 && m.get(nz, nr, nc)) {
                        component[n] = sizes.size();
                        queue.add(n);
                    }
                }
            }
        }
        if (sizes.isEmpty()) {
            return new boolean[depth][plane];
        }
        int largest = sizes.stream().mapToInt(Integer::intValue).max().getAsInt();
        int keep = sizes.indexOf(largest) + 1;
        boolean[][] kept = new boolean[depth][plane];
        for (int v = 0; v < component.length; v++) {
            kept[v / plane][v % plane] = component[v] == keep;
        }
        return kept;
    }

    /** Each slice with every background pixel that no 4-connected path joins to the image border set. */
    private static boolean[][] wholePlaneHoleFilling(SegmentationMask m) {
        int rows = m.rows(), columns = m.columns();
        boolean[][] filled = new boolean[m.depth()][rows * columns];
        for (int z = 0; z < m.depth(); z++) {
            boolean[] outside = new boolean[rows * columns];
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            for (int v = 0; v < outside.length; v++) {
                int r = v / columns, c = v % columns;
                if ((r == 0 || c == 0 || r == rows - 1 || c == columns - 1) && !m.get(z, r, c)) {
                    outside[v] = true;
                    queue.add(v);
                }
            }
            while (!queue.isEmpty()) {
                int v = queue.poll(), r = v / columns, c = v % columns;
                int[][] steps = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
                for (int[] d : steps) {
                    int nr = r + d[0], nc = c + d[1], n = nr * columns + nc;
                    if (nr >= 0 && nr < rows && nc >= 0 && nc < columns && !outside[n] && !m.get(z, nr, nc)) {
                        outside[n] = true;
                        queue.add(n);
                    }
                }
            }
            boolean anything = m.count(z) > 0;
            for (int v = 0; v < outside.length; v++) {
                filled[z][v] = anything && !outside[v];
            }
        }
        return filled;
    }

    private static void assertEqualMasks(boolean[][] expected, SegmentationMask actual, String what) {
        for (int z = 0; z < actual.depth(); z++) {
            for (int v = 0; v < expected[z].length; v++) {
                assertEquals(expected[z][v], actual.get(z, v / actual.columns(), v % actual.columns()),
                        what + ": slice " + z + ", row " + v / actual.columns() + ", column " + v % actual.columns());
            }
        }
    }
}
