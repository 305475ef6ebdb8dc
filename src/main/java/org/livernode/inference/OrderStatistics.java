package org.livernode.inference;

import java.util.Arrays;

/**
 * Exact percentiles of a large float array without copying or sorting it: histograms narrow the search to a
 * small range of values, which alone is sorted. Memory stays at a few bins and one small buffer however
 * many slices a scan has.
 */
final class OrderStatistics {
    private static final int BINS = 1 << 16;
    /** A bin holding at most this many values is collected and sorted; a fuller one is narrowed again. */
    private static final int SORT_LIMIT = 1 << 20;

    private OrderStatistics() {}

    /**
     * The {@code percentile}-th percentile with linear interpolation between order statistics, as numpy's default:
     * rank {@code r = p / 100 * (n - 1)}, value {@code a[floor r] + (r - floor r) * (a[floor r + 1] - a[floor r])}.
     */
    static double percentile(float[] values, double percentile) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double rank = percentile / 100 * (values.length - 1);
        long lower = (long) Math.floor(rank);
        double fraction = rank - lower;
        double a = kth(values, lower);
        if (fraction == 0 || lower + 1 >= values.length) {
            return a;
        }
        double b = kth(values, lower + 1);
        return a + fraction * (b - a);
    }

    /** The value of rank {@code k} (0-based) in ascending order. */
    static float kth(float[] values, long k) {
        float low = Float.POSITIVE_INFINITY, high = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            low = Math.min(low, v);
            high = Math.max(high, v);
        }
        long below = 0; // values smaller than low, i.e. ranked before the range being searched
        while (true) {
            if (low == high) {
                return low;
            }
            long[] counts = new long[BINS];
            double scale = BINS / ((double) high - low);
            for (float v : values) {
                if (v >= low && v <= high) {
                    counts[bin(v, low, scale)]++;
                }
            }
            long target = k - below;
            int bin = 0;
            long before = 0;
            while (before + counts[bin] <= target) {
                before += counts[bin];
                bin++;
            }
            // The bin's value range, exactly as bin() assigns values to it.
            float binLow = Float.POSITIVE_INFINITY, binHigh = Float.NEGATIVE_INFINITY;
            for (float v : values) {
                if (v >= low && v <= high && bin(v, low, scale) == bin) {
                    binLow = Math.min(binLow, v);
                    binHigh = Math.max(binHigh, v);
                }
            }
            if (binLow == binHigh) {
                return binLow;
            }
            // The smallest value goes to the first bin and the largest to the last, so a bin never holds all
            // values of a range with two distinct ones, and narrowing always progresses.
            if (counts[bin] <= SORT_LIMIT) {
                float[] members = new float[(int) counts[bin]];
                int n = 0;
                for (float v : values) {
                    if (v >= binLow && v <= binHigh) {
                        members[n++] = v;
                    }
                }
                Arrays.sort(members);
                return members[(int) (target - before)];
            }
            below += before;
            low = binLow;
            high = binHigh;
        }
    }

    private static int bin(float v, float low, double scale) {
        return (int) Math.min(BINS - 1, (v - (double) low) * scale);
    }
}
