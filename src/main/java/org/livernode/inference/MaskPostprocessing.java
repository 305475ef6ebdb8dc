package org.livernode.inference;

import java.util.Arrays;
import org.livernode.volume.SegmentationMask;

/**
 * Clean-up of a thresholded mask, as the manifest's postprocessing asks, with the same connectivity as
 * scipy.ndimage's defaults used in training/evaluate.py: 6-connected voxels for 3-D components, 4-connected
 * background for holes. Both work on the runs of each row ({@link PlaneRuns}) rather than on pixels, and hold
 * memory per slice, not per voxel of the volume, so long series stay cheap.
 */
public final class MaskPostprocessing {
    private MaskPostprocessing() {}

    /** What keeping the largest component dropped: the other components and their voxels. */
    public record Dropped(long components, long voxels) {
        public static final Dropped NOTHING = new Dropped(0, 0);
    }

    /**
     * Keeps only the largest 6-connected component of the mask; an empty mask stays empty. Of components equally
     * large, the one whose first voxel comes first (slice, row, column) is kept, as scipy's labelling and argmax do.
     * Components are labelled slice by slice (4-connected in the plane) and joined across neighbouring slices with a
     * union-find; then each slice is labelled again to clear the runs of the others.
     */
    public static Dropped keepLargestComponent(SegmentationMask mask) {
        int depth = mask.depth(), rows = mask.rows();
        PlaneRuns current = new PlaneRuns(rows, mask.columns());
        PlaneRuns previous = new PlaneRuns(rows, mask.columns());
        int[] currentLabels = new int[256];
        int[] previousLabels = new int[256];
        PlaneRuns.Sizes sizes = new PlaneRuns.Sizes();
        // One member per slice component, numbered slice by slice in the order of their labels: the smallest member
        // of a 3-D component is its first voxel's.
        PlaneRuns.UnionFind components = new PlaneRuns.UnionFind(0);
        int[] firstComponent = new int[depth];
        boolean previousEmpty = true;
        for (int z = 0; z < depth; z++) {
            firstComponent[z] = components.count();
            if (mask.isEmpty(z)) {
                previousEmpty = true;
                continue;
            }
            current.read(mask.plane(z));
            currentLabels = current.label(currentLabels, sizes);
            for (int label = 1; label <= sizes.count(); label++) {
                components.add(sizes.size(label));
            }
            if (!previousEmpty) {
                int[] here = currentLabels, below = previousLabels;
                int hereFirst = firstComponent[z] - 1, belowFirst = firstComponent[z - 1] - 1;
                for (int r = 0; r < rows; r++) {
                    current.overlaps(r, previous, r, (run, other) -> components.union(hereFirst + here[run], belowFirst + below[other]));
                }
            }
            PlaneRuns swapRuns = previous;
            previous = current;
            current = swapRuns;
            int[] swapLabels = previousLabels;
            previousLabels = currentLabels;
            currentLabels = swapLabels;
            previousEmpty = false;
        }
        int largest = components.heaviestRoot();
        if (largest < 0) {
            return Dropped.NOTHING;
        }
        long[] others = components.othersThan(largest);
        if (others[0] == 0) {
            return Dropped.NOTHING;
        }
        for (int z = 0; z < depth; z++) {
            if (mask.isEmpty(z)) {
                continue;
            }
            byte[] p = mask.plane(z);
            // Labelled as in the first pass: the plane has not changed since.
            current.read(p);
            currentLabels = current.label(currentLabels, sizes);
            for (int run = 0; run < current.count(); run++) {
                if (components.find(firstComponent[z] + currentLabels[run] - 1) != largest) {
                    Arrays.fill(p, current.start(run), current.end(run), (byte) 0);
                }
            }
        }
        return new Dropped(others[0], others[1]);
    }

    /**
     * Fills, slice by slice, background regions that are not 4-connected to the slice border. Everything outside
     * the bounding box of the slice's mask pixels reaches the border straight, so only the background runs inside
     * the box are labelled: a region is open when one of its runs touches the box's edge, since a pixel there is on
     * the border or next to a pixel outside the box.
     */
    public static void fillHolesPerSlice(SegmentationMask mask) {
        int rows = mask.rows(), columns = mask.columns();
        PlaneRuns inside = new PlaneRuns(rows, columns);
        PlaneRuns background = new PlaneRuns(rows, columns);
        PlaneRuns.Sizes sizes = new PlaneRuns.Sizes();
        int[] labels = new int[256];
        boolean[] open = new boolean[64];
        for (int z = 0; z < mask.depth(); z++) {
            if (mask.isEmpty(z)) {
                continue;
            }
            byte[] p = mask.plane(z);
            inside.read(p);
            int firstRow = -1, lastRow = -1, firstColumn = columns, endColumn = 0;
            for (int r = 0; r < rows; r++) {
                if (inside.firstOfRow(r) == inside.endOfRow(r)) {
                    continue;
                }
                firstRow = firstRow < 0 ? r : firstRow;
                lastRow = r;
                firstColumn = Math.min(firstColumn, inside.start(inside.firstOfRow(r)) - r * columns);
                endColumn = Math.max(endColumn, inside.end(inside.endOfRow(r) - 1) - r * columns);
            }
            background.readGaps(inside, firstRow, lastRow, firstColumn, endColumn);
            labels = background.label(labels, sizes);
            if (open.length < sizes.count() + 1) {
                open = new boolean[Math.max(sizes.count() + 1, open.length * 2)];
            }
            Arrays.fill(open, 0, sizes.count() + 1, false);
            for (int r = firstRow; r <= lastRow; r++) {
                int offset = r * columns;
                for (int run = background.firstOfRow(r); run < background.endOfRow(r); run++) {
                    if (r == firstRow || r == lastRow || background.start(run) == offset + firstColumn
                            || background.end(run) == offset + endColumn) {
                        open[labels[run]] = true;
                    }
                }
            }
            for (int run = 0; run < background.count(); run++) {
                if (!open[labels[run]]) {
                    Arrays.fill(p, background.start(run), background.end(run), (byte) 1);
                }
            }
        }
    }
}
