package org.livernode.inference;

import com.google.common.math.Quantiles;
import java.util.List;
import java.util.Map;

/**
 * Turns a scan's slices (HU) into the model's input tensor as the manifest's {@link ModelManifest.Preprocessing}
 * says, identically to training/preprocess.py (checked by a parity test). Pure computation, no I/O.
 */
public final class Preprocessor {
    private final ModelManifest manifest;

    public Preprocessor(ModelManifest manifest) {
        this.manifest = manifest;
    }

    /**
     * @param slices HU of each slice, row-major, all {@code rows} x {@code columns}, already in the model's orientation
     * @return float32 tensor [slices, channels, height, width], row-major
     */
    public float[] apply(List<short[]> slices, int rows, int columns) {
        ModelManifest.Input input = manifest.input();
        int height = input.height(), width = input.width(), plane = height * width;
        double lo = manifest.windowLow(), hi = manifest.windowHigh();
        BilinearResize resize = new BilinearResize(rows, columns, height, width);
        double[] windowed = new double[rows * columns];
        double[] resized = new double[plane];
        // Resized voxels of the whole scan, kept in double so that percentiles and statistics match numpy.
        double[] scan = new double[slices.size() * plane];
        for (int z = 0; z < slices.size(); z++) {
            short[] hu = slices.get(z);
            if (hu.length != rows * columns) {
                throw new IllegalArgumentException("slice " + z + " has " + hu.length + " pixels, expected " + rows + "x" + columns);
            }
            for (int i = 0; i < hu.length; i++) {
                windowed[i] = Math.min(hi, Math.max(lo, hu[i]));
            }
            resize.apply(windowed, resized);
            System.arraycopy(resized, 0, scan, z * plane, plane);
        }
        double low = lo, high = hi;
        List<Double> percentiles = manifest.preprocessing().percentiles();
        if (percentiles != null) {
            Map<Integer, Double> values = Quantiles.scale(10_000)
                    .indexes(percentileIndex(percentiles.get(0)), percentileIndex(percentiles.get(1)))
                    .compute(scan);
            double pLow = values.get(percentileIndex(percentiles.get(0)));
            double pHigh = values.get(percentileIndex(percentiles.get(1)));
            if (pHigh > pLow) {
                low = pLow;
                high = pHigh;
            }
        }
        double range = high - low;
        double sum = 0;
        for (int i = 0; i < scan.length; i++) {
            double v = (Math.min(high, Math.max(low, scan[i])) - low) / range;
            scan[i] = v;
            sum += v;
        }
        if (manifest.preprocessing().standardize()) {
            double mean = sum / scan.length;
            double squares = 0;
            for (double v : scan) {
                squares += (v - mean) * (v - mean);
            }
            double std = Math.sqrt(squares / scan.length);
            double divisor = std < 1e-6 ? 1 : std;
            for (int i = 0; i < scan.length; i++) {
                scan[i] = (scan[i] - mean) / divisor;
            }
        }
        int channels = input.channels();
        float[] tensor = new float[slices.size() * channels * plane];
        for (int z = 0; z < slices.size(); z++) {
            for (int ch = 0; ch < channels; ch++) {
                int target = (z * channels + ch) * plane;
                for (int i = 0; i < plane; i++) {
                    tensor[target + i] = (float) scan[z * plane + i];
                }
            }
        }
        return tensor;
    }

    /** Percentiles are given with up to two decimals (2.0, 97.5); Guava's scale 10000 represents them exactly. */
    private static int percentileIndex(double percentile) {
        return (int) Math.round(percentile * 100);
    }
}
