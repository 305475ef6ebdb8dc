package org.livernode.inference;

import java.util.Arrays;
import org.livernode.volume.SegmentationMask;

/**
 * Clean-up of a thresholded mask, as the manifest's postprocessing asks, with the same connectivity as
 * scipy.ndimage's defaults used in training/evaluate.py: 6-connected voxels for 3-D components, 4-connected
 * background for holes. Memory is per slice, not per voxel of the volume, so long series stay cheap.
 */
public final class MaskPostprocessing {
    private MaskPostprocessing() {}

    /**
     * Keeps only the largest 6-connected component of the mask; an empty mask stays empty. Components are
     * labelled slice by slice (4-connected in the plane) and joined across neighbouring slices with a union-find,
     * then each slice is labelled again to keep the pixels of the largest.
     */
    public static void keepLargestComponent(SegmentationMask mask) {
        int depth = mask.depth(), plane = mask.rows() * mask.columns();
        UnionFind components = new UnionFind();
        int[] firstLabel = new int[depth];
        int[] previous = new int[plane];
        int[] current = new int[plane];
        int[] queue = new int[plane];
        boolean previousEmpty = true;
        for (int z = 0; z < depth; z++) {
            firstLabel[z] = components.count();
            if (mask.isEmpty(z)) {
                previousEmpty = true;
                continue;
            }
            long[] sizes = label(mask.plane(z), mask.rows(), mask.columns(), current, queue);
            for (long size : sizes) {
                components.add(size);
            }
            if (!previousEmpty) {
                for (int i = 0; i < plane; i++) {
                    if (current[i] != 0 && previous[i] != 0) {
                        components.union(firstLabel[z] + current[i] - 1, firstLabel[z - 1] + previous[i] - 1);
                    }
                }
            }
            int[] swap = previous;
            previous = current;
            current = swap;
            previousEmpty = false;
        }
        int largest = components.largestRoot();
        if (largest < 0) {
            return;
        }
        for (int z = 0; z < depth; z++) {
            if (mask.isEmpty(z)) {
                continue;
            }
            byte[] p = mask.plane(z);
            label(p, mask.rows(), mask.columns(), current, queue);
            for (int i = 0; i < plane; i++) {
                if (current[i] != 0 && components.find(firstLabel[z] + current[i] - 1) != largest) {
                    p[i] = 0;
                }
            }
        }
    }

    /** 4-connected components of a plane: labels 1..n written to {@code labels} (0 outside); returns their sizes. */
    private static long[] label(byte[] p, int rows, int columns, int[] labels, int[] queue) {
        Arrays.fill(labels, 0);
        long[] sizes = new long[16];
        int count = 0;
        for (int start = 0; start < p.length; start++) {
            if (p[start] == 0 || labels[start] != 0) {
                continue;
            }
            count++;
            if (count > sizes.length) {
                sizes = Arrays.copyOf(sizes, sizes.length * 2);
            }
            int head = 0, tail = 0;
            queue[tail++] = start;
            labels[start] = count;
            while (head < tail) {
                int v = queue[head++];
                int r = v / columns, c = v % columns;
                if (c > 0 && p[v - 1] != 0 && labels[v - 1] == 0) { labels[v - 1] = count; queue[tail++] = v - 1; }
                if (c < columns - 1 && p[v + 1] != 0 && labels[v + 1] == 0) { labels[v + 1] = count; queue[tail++] = v + 1; }
                if (r > 0 && p[v - columns] != 0 && labels[v - columns] == 0) { labels[v - columns] = count; queue[tail++] = v - columns; }
                if (r < rows - 1 && p[v + columns] != 0 && labels[v + columns] == 0) { labels[v + columns] = count; queue[tail++] = v + columns; }
            }
            sizes[count - 1] = tail;
        }
        return Arrays.copyOf(sizes, count);
    }

    /** Disjoint sets of slice components with their voxel counts. */
    private static final class UnionFind {
        private int[] parent = new int[64];
        private long[] size = new long[64];
        private int count;

        int count() {
            return count;
        }

        void add(long voxels) {
            if (count == parent.length) {
                parent = Arrays.copyOf(parent, count * 2);
                size = Arrays.copyOf(size, count * 2);
            }
            parent[count] = count;
            size[count] = voxels;
            count++;
        }

        int find(int x) {
            while (parent[x] != x) {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }

        void union(int a, int b) {
            int ra = find(a), rb = find(b);
            if (ra != rb) {
                parent[rb] = ra;
                size[ra] += size[rb];
            }
        }

        /** The root of the largest set, or -1 when there is none; ties go to the set found first. */
        int largestRoot() {
            int best = -1;
            for (int i = 0; i < count; i++) {
                if (parent[i] == i && (best < 0 || size[i] > size[best])) {
                    best = i;
                }
            }
            return best;
        }
    }

    /** Fills, slice by slice, background regions that are not 4-connected to the slice border. */
    public static void fillHolesPerSlice(SegmentationMask mask) {
        int rows = mask.rows(), columns = mask.columns(), plane = rows * columns;
        boolean[] outside = new boolean[plane];
        int[] queue = new int[plane];
        for (int z = 0; z < mask.depth(); z++) {
            if (mask.isEmpty(z)) {
                continue;
            }
            byte[] p = mask.plane(z);
            Arrays.fill(outside, false);
            int tail = 0;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < columns; c++) {
                    if ((r == 0 || c == 0 || r == rows - 1 || c == columns - 1) && p[r * columns + c] == 0) {
                        outside[r * columns + c] = true;
                        queue[tail++] = r * columns + c;
                    }
                }
            }
            int head = 0;
            while (head < tail) {
                int v = queue[head++];
                int r = v / columns, c = v % columns;
                if (c > 0 && !outside[v - 1] && p[v - 1] == 0) { outside[v - 1] = true; queue[tail++] = v - 1; }
                if (c < columns - 1 && !outside[v + 1] && p[v + 1] == 0) { outside[v + 1] = true; queue[tail++] = v + 1; }
                if (r > 0 && !outside[v - columns] && p[v - columns] == 0) { outside[v - columns] = true; queue[tail++] = v - columns; }
                if (r < rows - 1 && !outside[v + columns] && p[v + columns] == 0) { outside[v + columns] = true; queue[tail++] = v + columns; }
            }
            for (int i = 0; i < plane; i++) {
                if (!outside[i]) {
                    p[i] = 1;
                }
            }
        }
    }
}
