package org.livernode.inference;

import java.nio.FloatBuffer;

/**
 * A pre-processed scan, one channel per slice, handed to the model in chunks [n, channels, height, width]; a
 * model with more than one input channel gets the slice repeated in each.
 */
public final class ModelInput {
    private final float[] values;
    private final int slices;
    private final int channels;
    private final int height;
    private final int width;

    ModelInput(float[] values, int slices, int channels, int height, int width) {
        this.values = values;
        this.slices = slices;
        this.channels = channels;
        this.height = height;
        this.width = width;
    }

    public int slices() {
        return slices;
    }

    /** Slices {@code start} to {@code start + n - 1} as a float32 tensor [n, channels, height, width], row-major. */
    public FloatBuffer chunk(int start, int n) {
        if (start < 0 || n < 1 || start + n > slices) {
            throw new IndexOutOfBoundsException("slices " + start + " to " + (start + n - 1) + " of " + slices);
        }
        int plane = height * width;
        if (channels == 1) {
            return FloatBuffer.wrap(values, start * plane, n * plane).slice();
        }
        float[] repeated = new float[n * channels * plane];
        for (int z = 0; z < n; z++) {
            for (int c = 0; c < channels; c++) {
                System.arraycopy(values, (start + z) * plane, repeated, (z * channels + c) * plane, plane);
            }
        }
        return FloatBuffer.wrap(repeated);
    }
}
