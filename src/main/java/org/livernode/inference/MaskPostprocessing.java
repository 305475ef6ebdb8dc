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
     * then each slice is labelled again to keep the pixels of the largest. Only each slice's bounding box of mask
     * pixels is labelled and compared: a liver covers a fraction of the plane.
     */
    public static void keepLargestComponent(SegmentationMask mask) {
        int depth = mask.depth(), rows = mask.rows(), columns = mask.columns(), plane = rows * columns;
        UnionFind components = new UnionFind();
        int[] firstLabel = new int[depth];
        Box[] boxes = new Box[depth];
        Labels previous = new Labels(plane);
        Labels current = new Labels(plane);
        int[] queue = new int[plane];
        boolean previousEmpty = true;
        for (int z = 0; z < depth; z++) {
            firstLabel[z] = components.count();
            if (mask.isEmpty(z)) {
                previousEmpty = true;
                continue;
            }
            boxes[z] = Box.of(mask.plane(z), rows, columns);
            long[] sizes = current.label(mask.plane(z), boxes[z], rows, columns, queue);
            for (long size : sizes) {
                components.add(size);
            }
            if (!previousEmpty) {
                // Pixels labelled in both slices lie in both boxes; visited in raster order as over the whole plane.
                Box both = current.box.intersection(previous.box);
                for (int r = both.firstRow; r <= both.lastRow; r++) {
                    for (int i = r * columns + both.firstColumn; i <= r * columns + both.lastColumn; i++) {
                        if (current.labels[i] != 0 && previous.labels[i] != 0) {
                            components.union(firstLabel[z] + current.labels[i] - 1, firstLabel[z - 1] + previous.labels[i] - 1);
                        }
                    }
                }
            }
            Labels swap = previous;
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
            // Labelled as in the first pass: the plane has not changed since.
            current.label(p, boxes[z], rows, columns, queue);
            Box box = boxes[z];
            for (int r = box.firstRow; r <= box.lastRow; r++) {
                for (int i = r * columns + box.firstColumn; i <= r * columns + box.lastColumn; i++) {
                    if (current.labels[i] != 0 && components.find(firstLabel[z] + current.labels[i] - 1) != largest) {
                        p[i] = 0;
                    }
                }
            }
        }
    }

    /** Rows and columns, first and last (inclusive), of a rectangle of a plane. */
    private record Box(int firstRow, int lastRow, int firstColumn, int lastColumn) {
        static final Box NONE = new Box(0, -1, 0, -1);

        /** The bounding box of the plane's non-zero pixels; {@link #NONE} when there are none. */
        static Box of(byte[] p, int rows, int columns) {
            byte[] emptyRow = new byte[columns];
            int firstRow = -1, lastRow = -1, firstColumn = columns, lastColumn = -1;
            for (int r = 0; r < rows; r++) {
                int offset = r * columns;
                // Arrays.mismatch compares many bytes at a time: most rows of a plane are empty.
                int first = Arrays.mismatch(p, offset, offset + columns, emptyRow, 0, columns);
                if (first < 0) {
                    continue;
                }
                firstRow = firstRow < 0 ? r : firstRow;
                lastRow = r;
                firstColumn = Math.min(firstColumn, first);
                int last = columns - 1;
                while (p[offset + last] == 0) {
                    last--;
                }
                lastColumn = Math.max(lastColumn, last);
            }
            return lastRow < 0 ? NONE : new Box(firstRow, lastRow, firstColumn, lastColumn);
        }

        Box intersection(Box other) {
            return new Box(Math.max(firstRow, other.firstRow), Math.min(lastRow, other.lastRow),
                    Math.max(firstColumn, other.firstColumn), Math.min(lastColumn, other.lastColumn));
        }

        boolean onEdge(int r, int c) {
            return r == firstRow || r == lastRow || c == firstColumn || c == lastColumn;
        }
    }

    /** The 4-connected component labels of one plane, 0 everywhere outside {@link #box}. */
    private static final class Labels {
        final int[] labels;
        Box box = Box.NONE;

        Labels(int plane) {
            labels = new int[plane];
        }

        /**
         * Labels the components of {@code p}, whose mask pixels lie in {@code box}, 1..n in raster order of
         * their first pixel; returns their sizes.
         */
        long[] label(byte[] p, Box box, int rows, int columns, int[] queue) {
            for (int r = this.box.firstRow; r <= this.box.lastRow; r++) {
                Arrays.fill(labels, r * columns + this.box.firstColumn, r * columns + this.box.lastColumn + 1, 0);
            }
            this.box = box;
            long[] sizes = new long[16];
            int count = 0;
            for (int row = box.firstRow; row <= box.lastRow; row++) {
                for (int start = row * columns + box.firstColumn; start <= row * columns + box.lastColumn; start++) {
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
            }
            return Arrays.copyOf(sizes, count);
        }
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

    /**
     * Fills, slice by slice, background regions that are not 4-connected to the slice border. Everything outside
     * the bounding box of the slice's mask pixels reaches the border straight, so only the box is flooded, from
     * its own edge: a background pixel there is on the border or next to a pixel outside the box.
     */
    public static void fillHolesPerSlice(SegmentationMask mask) {
        int rows = mask.rows(), columns = mask.columns(), plane = rows * columns;
        boolean[] outside = new boolean[plane];
        int[] queue = new int[plane];
        for (int z = 0; z < mask.depth(); z++) {
            if (mask.isEmpty(z)) {
                continue;
            }
            byte[] p = mask.plane(z);
            Box box = Box.of(p, rows, columns);
            int tail = 0;
            for (int r = box.firstRow; r <= box.lastRow; r++) {
                Arrays.fill(outside, r * columns + box.firstColumn, r * columns + box.lastColumn + 1, false);
                for (int c = box.firstColumn; c <= box.lastColumn; c++) {
                    if (box.onEdge(r, c) && p[r * columns + c] == 0) {
                        outside[r * columns + c] = true;
                        queue[tail++] = r * columns + c;
                    }
                }
            }
            int head = 0;
            while (head < tail) {
                int v = queue[head++];
                int r = v / columns, c = v % columns;
                if (c > box.firstColumn && !outside[v - 1] && p[v - 1] == 0) { outside[v - 1] = true; queue[tail++] = v - 1; }
                if (c < box.lastColumn && !outside[v + 1] && p[v + 1] == 0) { outside[v + 1] = true; queue[tail++] = v + 1; }
                if (r > box.firstRow && !outside[v - columns] && p[v - columns] == 0) { outside[v - columns] = true; queue[tail++] = v - columns; }
                if (r < box.lastRow && !outside[v + columns] && p[v + columns] == 0) { outside[v + columns] = true; queue[tail++] = v + columns; }
            }
            for (int r = box.firstRow; r <= box.lastRow; r++) {
                for (int i = r * columns + box.firstColumn; i <= r * columns + box.lastColumn; i++) {
                    if (!outside[i]) {
                        p[i] = 1;
                    }
                }
            }
        }
    }
}
