package org.livernode.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreprocessorTest {

    private static final int SIZE = 224;

    private static ModelManifest manifest(int channels, List<Double> percentiles, boolean standardize) {
        ModelManifest.Code code = new ModelManifest.Code("10200004", "SCT", "Liver");
        return new ModelManifest("test", "1",
                new ModelManifest.Input("image", channels, SIZE, SIZE),
                new ModelManifest.Output("probability", "probability", 0.5),
                new ModelManifest.Preprocessing(List.of(-40.0, 160.0), percentiles, standardize),
                new ModelManifest.Orientation(List.of(1.0, 0.0, 0.0), List.of(0.0, 1.0, 0.0)),
                new ModelManifest.Postprocessing(false, false),
                new ModelManifest.Segment("Liver", code, code, "AUTOMATIC", null),
                ModelManifests.shippedQualityLimits());
    }

    private static float[] preprocess(ModelManifest manifest, List<short[]> slices) {
        Preprocessor.Scan scan = new Preprocessor(manifest).newScan(slices.size(), SIZE, SIZE);
        slices.forEach(scan::add);
        java.nio.FloatBuffer chunk = scan.finish().chunk(0, slices.size());
        float[] tensor = new float[chunk.remaining()];
        chunk.get(tensor);
        return tensor;
    }

    /** Slices already at the model's size, so the resize is the identity and expected values are simple. */
    private static List<short[]> ramp(int slices) {
        List<short[]> volume = new ArrayList<>();
        for (int z = 0; z < slices; z++) {
            short[] s = new short[SIZE * SIZE];
            for (int i = 0; i < s.length; i++) {
                s[i] = (short) (-300 + (i + z * 7) % 700);
            }
            volume.add(s);
        }
        return volume;
    }

    @Test
    void windowOnlyScalesTheWindowToUnitRange() {
        List<short[]> volume = ramp(2);
        float[] t = preprocess(manifest(1, null, false), volume);
        assertEquals(2 * SIZE * SIZE, t.length);
        for (int z = 0; z < 2; z++) {
            for (int i = 0; i < SIZE * SIZE; i += 97) {
                double hu = Math.min(160, Math.max(-40, volume.get(z)[i]));
                assertEquals((hu + 40) / 200, t[z * SIZE * SIZE + i], 1e-6);
            }
        }
    }

    @Test
    void percentilesClipAndStandardizationCentres() {
        List<short[]> volume = ramp(3);
        float[] t = preprocess(manifest(1, List.of(2.0, 98.0), true), volume);
        // Reference by sorting, independent of the implementation's selection algorithm.
        double[] all = new double[3 * SIZE * SIZE];
        for (int z = 0; z < 3; z++) {
            for (int i = 0; i < SIZE * SIZE; i++) {
                all[z * SIZE * SIZE + i] = Math.min(160, Math.max(-40, volume.get(z)[i]));
            }
        }
        double[] sorted = all.clone();
        Arrays.sort(sorted);
        double lo = numpyPercentile(sorted, 2), hi = numpyPercentile(sorted, 98);
        double[] scaled = Arrays.stream(all).map(v -> (Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)).toArray();
        double mean = Arrays.stream(scaled).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(scaled).map(v -> (v - mean) * (v - mean)).sum() / scaled.length);
        for (int i = 0; i < all.length; i += 101) {
            assertEquals((scaled[i] - mean) / std, t[i], 1e-5, "voxel " + i);
        }
        double tensorMean = 0;
        for (float v : t) {
            tensorMean += v;
        }
        assertEquals(0, tensorMean / t.length, 1e-5);
    }

    private static double numpyPercentile(double[] sorted, double q) {
        double position = q / 100 * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    @Test
    void constantScanIsNotDividedByZero() {
        short[] flat = new short[SIZE * SIZE];
        Arrays.fill(flat, (short) 50);
        float[] t = preprocess(manifest(1, List.of(2.0, 98.0), true), List.of(flat, flat.clone()));
        for (float v : t) {
            // Only the mean is subtracted (values are kept as float, hence not exactly 0); no division by a zero std.
            assertEquals(0, v, 1e-6);
        }
    }

    @Test
    void channelsRepeatTheSlice() {
        List<short[]> volume = ramp(2);
        float[] one = preprocess(manifest(1, null, false), volume);
        float[] three = preprocess(manifest(3, null, false), volume);
        int plane = SIZE * SIZE;
        for (int z = 0; z < 2; z++) {
            for (int ch = 0; ch < 3; ch++) {
                for (int i = 0; i < plane; i += 89) {
                    assertEquals(one[z * plane + i], three[(z * 3 + ch) * plane + i]);
                }
            }
        }
    }
}
