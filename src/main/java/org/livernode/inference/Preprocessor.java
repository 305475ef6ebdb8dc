package org.livernode.inference;

import java.util.List;

/**
 * Turns a scan's slices (HU) into the model's input as the manifest's {@link ModelManifest.Preprocessing} says,
 * identically (within 1e-5) to training/preprocess.py, which a parity test checks. Slices are added one at a
 * time and only their resized values are kept (float, {@code height x width} per slice), so the native pixels of
 * a long series never need to be in memory together. Pure computation, no I/O.
 */
public final class Preprocessor {
    private final ModelManifest manifest;

    public Preprocessor(ModelManifest manifest) {
        this.manifest = manifest;
    }

    /** Starts a scan of {@code slices} slices of {@code rows x columns} pixels, already in the model's orientation. */
    public Scan newScan(int slices, int rows, int columns) {
        return new Scan(slices, rows, columns);
    }

    /** A scan being filled slice by slice; {@link #finish} applies the scan-wide steps. */
    public final class Scan {
        private final int rows;
        private final int columns;
        private final float[] values;
        private final int plane;
        private final BilinearResize resize;
        private final double[] windowed;
        private final double[] resized;
        private int added;

        private Scan(int slices, int rows, int columns) {
            ModelManifest.Input input = manifest.input();
            this.rows = rows;
            this.columns = columns;
            this.plane = input.height() * input.width();
            this.values = new float[Math.multiplyExact(slices, plane)];
            this.resize = new BilinearResize(rows, columns, input.height(), input.width());
            this.windowed = new double[rows * columns];
            this.resized = new double[plane];
        }

        /** Clips the next slice's HU to the window and resizes it to the model's input size. */
        public void add(short[] hu) {
            if (hu.length != rows * columns) {
                throw new IllegalArgumentException("slice " + added + " has " + hu.length + " pixels, expected " + rows + "x" + columns);
            }
            if (added * plane >= values.length) {
                throw new IllegalStateException("the scan already has all its " + values.length / plane + " slices");
            }
            double lo = manifest.windowLow(), hi = manifest.windowHigh();
            for (int i = 0; i < hu.length; i++) {
                windowed[i] = Math.min(hi, Math.max(lo, hu[i]));
            }
            resize.apply(windowed, resized);
            int offset = added * plane;
            for (int i = 0; i < plane; i++) {
                values[offset + i] = (float) resized[i];
            }
            added++;
        }

        /**
         * Percentile clipping, scaling to [0, 1] and standardisation over the whole scan. Without scan-wide statistics
         * every slice is scaled on its own, so a scan may end before it has all the slices it was started with (the
         * last chunk of a series segmented while it arrives).
         */
        public ModelInput finish() {
            if (added == 0 || (manifest.needsScanStatistics() && added * plane != values.length)) {
                throw new IllegalStateException("the scan has " + added + " of its " + values.length / plane + " slices");
            }
            int length = added * plane;
            double low = manifest.windowLow(), high = manifest.windowHigh();
            List<Double> percentiles = manifest.preprocessing().percentiles();
            if (percentiles != null) {
                double pLow = OrderStatistics.percentile(values, percentiles.get(0));
                double pHigh = OrderStatistics.percentile(values, percentiles.get(1));
                if (pHigh > pLow) {
                    low = pLow;
                    high = pHigh;
                }
            }
            double range = high - low;
            double sum = 0;
            for (int i = 0; i < length; i++) {
                double v = (Math.min(high, Math.max(low, values[i])) - low) / range;
                values[i] = (float) v;
                sum += v;
            }
            if (manifest.preprocessing().standardize()) {
                double mean = sum / length;
                double squares = 0;
                for (int i = 0; i < length; i++) {
                    squares += (values[i] - mean) * (values[i] - mean);
                }
                double std = Math.sqrt(squares / length);
                double divisor = std < 1e-6 ? 1 : std;
                for (int i = 0; i < length; i++) {
                    values[i] = (float) ((values[i] - mean) / divisor);
                }
            }
            ModelManifest.Input input = manifest.input();
            return new ModelInput(values, added, input.channels(), input.height(), input.width());
        }
    }
}
