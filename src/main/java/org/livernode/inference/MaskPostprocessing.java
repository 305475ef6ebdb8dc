package org.livernode.inference;

import org.livernode.volume.SegmentationMask;

/**
 * Clean-up of a thresholded mask, as the manifest's postprocessing asks, with the same connectivity as
 * scipy.ndimage's defaults used in training/evaluate.py: 6-connected voxels for 3-D components, 4-connected
 * background for holes.
 */
public final class MaskPostprocessing {
    private MaskPostprocessing() {}

    /** Keeps only the largest 6-connected component of the mask; an empty mask stays empty. */
    public static void keepLargestComponent(SegmentationMask mask) {
        int depth = mask.depth(), rows = mask.rows(), columns = mask.columns(), plane = rows * columns;
        int[] labels = new int[depth * plane];
        int[] queue = new int[depth * plane];
        int bestLabel = 0;
        long bestSize = 0;
        int label = 0;
        for (int z = 0; z < depth; z++) {
            byte[] p = mask.plane(z);
            for (int i = 0; i < plane; i++) {
                if (p[i] == 0 || labels[z * plane + i] != 0) {
                    continue;
                }
                label++;
                long size = 0;
                int head = 0, tail = 0;
                queue[tail++] = z * plane + i;
                labels[z * plane + i] = label;
                while (head < tail) {
                    int v = queue[head++];
                    size++;
                    int vz = v / plane, rem = v % plane, vr = rem / columns, vc = rem % columns;
                    if (vc > 0) tail = visit(mask, labels, queue, tail, label, vz, rem - 1, plane);
                    if (vc < columns - 1) tail = visit(mask, labels, queue, tail, label, vz, rem + 1, plane);
                    if (vr > 0) tail = visit(mask, labels, queue, tail, label, vz, rem - columns, plane);
                    if (vr < rows - 1) tail = visit(mask, labels, queue, tail, label, vz, rem + columns, plane);
                    if (vz > 0) tail = visit(mask, labels, queue, tail, label, vz - 1, rem, plane);
                    if (vz < depth - 1) tail = visit(mask, labels, queue, tail, label, vz + 1, rem, plane);
                }
                if (size > bestSize) {
                    bestSize = size;
                    bestLabel = label;
                }
            }
        }
        for (int z = 0; z < depth; z++) {
            byte[] p = mask.plane(z);
            for (int i = 0; i < plane; i++) {
                p[i] = (byte) (labels[z * plane + i] == bestLabel && bestLabel != 0 ? 1 : 0);
            }
        }
    }

    private static int visit(SegmentationMask mask, int[] labels, int[] queue, int tail, int label, int z, int index, int plane) {
        int v = z * plane + index;
        if (labels[v] == 0 && mask.plane(z)[index] != 0) {
            labels[v] = label;
            queue[tail++] = v;
        }
        return tail;
    }

    /** Fills, slice by slice, background regions that are not 4-connected to the slice border. */
    public static void fillHolesPerSlice(SegmentationMask mask) {
        int rows = mask.rows(), columns = mask.columns(), plane = rows * columns;
        boolean[] outside = new boolean[plane];
        int[] queue = new int[plane];
        for (int z = 0; z < mask.depth(); z++) {
            byte[] p = mask.plane(z);
            java.util.Arrays.fill(outside, false);
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
