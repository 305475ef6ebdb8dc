package org.livernode.inference;

import java.util.Arrays;

/**
 * The runs of one mask plane: maximal stretches of non-zero pixels along a row, in raster order, each as the
 * plane indexes [start, end). The post-processing works on runs rather than pixels: a liver slice has a few
 * hundred runs for tens of thousands of pixels. One instance is reused from plane to plane.
 */
final class PlaneRuns {
    private final int rows;
    private final int columns;
    private final byte[] emptyRow;
    /** Row r's runs are those from rowStart[r] (inclusive) to rowStart[r + 1] (exclusive). */
    private final int[] rowStart;
    private int[] start = new int[256];
    private int[] end = new int[256];
    private int count;

    PlaneRuns(int rows, int columns) {
        this.rows = rows;
        this.columns = columns;
        this.emptyRow = new byte[columns];
        this.rowStart = new int[rows + 1];
    }

    /** Reads the runs of {@code plane} (row by row, {@code rows} x {@code columns}), replacing those held. */
    void read(byte[] plane) {
        count = 0;
        for (int r = 0; r < rows; r++) {
            rowStart[r] = count;
            int offset = r * columns, rowEnd = offset + columns, c = offset;
            while (c < rowEnd) {
                // Arrays.mismatch compares many bytes at a time: most of a plane is background.
                int skip = Arrays.mismatch(plane, c, rowEnd, emptyRow, 0, rowEnd - c);
                if (skip < 0) {
                    break;
                }
                int s = c + skip, e = s + 1;
                while (e < rowEnd && plane[e] != 0) {
                    e++;
                }
                add(s, e);
                c = e;
            }
        }
        rowStart[rows] = count;
    }

    /**
     * Reads the background runs of {@code mask}'s plane inside the rectangle of rows {@code firstRow..lastRow} and
     * columns {@code firstColumn} (inclusive) to {@code endColumn} (exclusive), which must hold all of its runs.
     */
    void readGaps(PlaneRuns mask, int firstRow, int lastRow, int firstColumn, int endColumn) {
        count = 0;
        for (int r = 0; r < rows; r++) {
            rowStart[r] = count;
            if (r < firstRow || r > lastRow) {
                continue;
            }
            int offset = r * columns, c = offset + firstColumn;
            for (int i = mask.firstOfRow(r); i < mask.endOfRow(r); i++) {
                if (mask.start[i] > c) {
                    add(c, mask.start[i]);
                }
                c = mask.end[i];
            }
            if (c < offset + endColumn) {
                add(c, offset + endColumn);
            }
        }
        rowStart[rows] = count;
    }

    private void add(int s, int e) {
        if (count == start.length) {
            start = Arrays.copyOf(start, count * 2);
            end = Arrays.copyOf(end, count * 2);
        }
        start[count] = s;
        end[count] = e;
        count++;
    }

    int count() {
        return count;
    }

    int start(int run) {
        return start[run];
    }

    int end(int run) {
        return end[run];
    }

    int length(int run) {
        return end[run] - start[run];
    }

    int firstOfRow(int row) {
        return rowStart[row];
    }

    /** One past the last run of the row. */
    int endOfRow(int row) {
        return rowStart[row + 1];
    }

    /** Receives pairs of runs that share at least one column. */
    interface OverlapSink {
        void overlap(int run, int otherRun);
    }

    /**
     * Calls {@code sink} for every run of row {@code row} here and run of row {@code otherRow} in {@code other}
     * that share a column (4-connected across the rows, or 6-connected across planes when the rows are the same),
     * in the order of the runs here.
     */
    void overlaps(int row, PlaneRuns other, int otherRow, OverlapSink sink) {
        int i = firstOfRow(row), iEnd = endOfRow(row);
        int j = other.firstOfRow(otherRow), jEnd = other.endOfRow(otherRow);
        int shift = (row - otherRow) * columns;
        while (i < iEnd && j < jEnd) {
            int otherStart = other.start[j] + shift, otherEnd = other.end[j] + shift;
            if (end[i] <= otherStart) {
                i++;
            } else if (otherEnd <= start[i]) {
                j++;
            } else {
                sink.overlap(i, j);
                if (end[i] < otherEnd) {
                    i++;
                } else {
                    j++;
                }
            }
        }
    }

    /**
     * Labels the 4-connected components of the plane's runs 1..n in raster order of their first pixel, into
     * {@code labels} (one per run; grown when too small and returned); {@code sizes} receives each component's pixel
     * count (index label - 1). Returns the labels array.
     */
    int[] label(int[] labels, Sizes sizes) {
        if (labels.length < count) {
            labels = new int[Math.max(count, labels.length * 2)];
        }
        UnionFind local = new UnionFind(count);
        for (int r = 1; r < rows; r++) {
            if (firstOfRow(r) < endOfRow(r) && firstOfRow(r - 1) < endOfRow(r - 1)) {
                overlaps(r, this, r - 1, local::union);
            }
        }
        // Roots are each set's first run, so numbering roots as they come is raster order of first pixels.
        sizes.clear();
        for (int run = 0; run < count; run++) {
            int root = local.find(run);
            if (root == run) {
                labels[run] = sizes.add(length(run));
            } else {
                labels[run] = labels[root];
                sizes.grow(labels[run], length(run));
            }
        }
        return labels;
    }

    /** Pixel counts of the components of one plane, by label 1..n. */
    static final class Sizes {
        private long[] sizes = new long[16];
        private int count;

        void clear() {
            count = 0;
        }

        /** A new component of {@code pixels}; returns its label. */
        int add(long pixels) {
            if (count == sizes.length) {
                sizes = Arrays.copyOf(sizes, count * 2);
            }
            sizes[count++] = pixels;
            return count;
        }

        void grow(int label, long pixels) {
            sizes[label - 1] += pixels;
        }

        int count() {
            return count;
        }

        long size(int label) {
            return sizes[label - 1];
        }
    }

    /**
     * Disjoint sets of 0..n-1 whose root is always the set's smallest member, so that "the first" of a set does
     * not depend on the order of the unions.
     */
    static final class UnionFind {
        private int[] parent;
        private long[] size;
        private int count;

        UnionFind(int capacity) {
            parent = new int[Math.max(capacity, 16)];
            size = new long[parent.length];
            for (int i = 0; i < capacity; i++) {
                parent[i] = i;
                size[i] = 1;
            }
            count = capacity;
        }

        int count() {
            return count;
        }

        /** A new set of one member, the next number, weighing {@code weight}. */
        void add(long weight) {
            if (count == parent.length) {
                parent = Arrays.copyOf(parent, count * 2);
                size = Arrays.copyOf(size, count * 2);
            }
            parent[count] = count;
            size[count] = weight;
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
            if (ra == rb) {
                return;
            }
            int root = Math.min(ra, rb), other = Math.max(ra, rb);
            parent[other] = root;
            size[root] += size[other];
        }

        /** The number of sets and the weight of all sets together but the one of {@code root}: what dropping them drops. */
        long[] othersThan(int root) {
            long sets = 0, weight = 0;
            for (int i = 0; i < count; i++) {
                if (parent[i] == i && i != root) {
                    sets++;
                    weight += size[i];
                }
            }
            return new long[] {sets, weight};
        }

        /** The root of the heaviest set, or -1 when there is none; ties go to the set with the smallest member. */
        int heaviestRoot() {
            int best = -1;
            for (int i = 0; i < count; i++) {
                if (parent[i] == i && (best < 0 || size[i] > size[best])) {
                    best = i;
                }
            }
            return best;
        }
    }
}
