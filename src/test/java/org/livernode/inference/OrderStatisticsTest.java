package org.livernode.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OrderStatisticsTest {

    private static double numpyPercentile(float[] values, double p) {
        float[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = p / 100 * (sorted.length - 1);
        int lower = (int) Math.floor(rank);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (rank - lower) * ((double) sorted[upper] - sorted[lower]);
    }

    @Test
    void matchesSortingOnContinuousValues() {
        Random random = new Random(3);
        float[] values = new float[200_001];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 50 + 40);
        }
        for (double p : new double[] {0, 0.5, 2, 50, 66.5, 98, 99.5, 100}) {
            assertEquals(numpyPercentile(values, p), OrderStatistics.percentile(values, p), 1e-9, "percentile " + p);
        }
    }

    @Test
    void matchesSortingWhenMostValuesAreClippedToTheWindow() {
        // A windowed CT scan: most voxels are air or bone clipped to the window's ends, the rest in between.
        Random random = new Random(5);
        float[] values = new float[3_000_000];
        for (int i = 0; i < values.length; i++) {
            double u = random.nextDouble();
            values[i] = u < 0.6 ? -40f : u < 0.7 ? 160f : (float) (-40 + 200 * random.nextDouble());
        }
        for (double p : new double[] {2, 59.99, 60, 69.99, 98}) {
            assertEquals(numpyPercentile(values, p), OrderStatistics.percentile(values, p), 1e-9, "percentile " + p);
        }
    }

    @Test
    void narrowsWhenOneBinHoldsMoreThanItSorts() {
        // Two million distinct values packed into a sliver of the range force a second histogram.
        float[] values = new float[2_000_002];
        for (int i = 0; i < 2_000_000; i++) {
            values[i] = 1f + i * 1e-7f;
        }
        values[2_000_000] = -1000f;
        values[2_000_001] = 1000f;
        for (double p : new double[] {10, 50, 90}) {
            assertEquals(numpyPercentile(values, p), OrderStatistics.percentile(values, p), 1e-9, "percentile " + p);
        }
    }

    @Test
    void constantValues() {
        float[] values = new float[1000];
        Arrays.fill(values, 7f);
        assertEquals(7.0, OrderStatistics.percentile(values, 98), 0);
    }
}
