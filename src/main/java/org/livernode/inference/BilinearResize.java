package org.livernode.inference;

/**
 * Bilinear resampling of a 2-D image with half-pixel centres, exactly as PyTorch's
 * {@code F.interpolate(mode='bilinear', align_corners=False)} without antialiasing: the source coordinate of
 * output index o is (o + 0.5) * in / out - 0.5, negative coordinates clamp to 0, and the upper neighbour
 * clamps at the last row or column. Training uses the same definition, so the model sees the same pixels.
 */
public final class BilinearResize {
    private final int inHeight;
    private final int inWidth;
    private final int outHeight;
    private final int outWidth;
    private final int[] row0;
    private final int[] row1;
    private final double[] rowWeight;
    private final int[] col0;
    private final int[] col1;
    private final double[] colWeight;

    public BilinearResize(int inHeight, int inWidth, int outHeight, int outWidth) {
        if (inHeight < 1 || inWidth < 1 || outHeight < 1 || outWidth < 1) {
            throw new IllegalArgumentException("image sizes must be positive: " + inHeight + "x" + inWidth + " -> " + outHeight + "x" + outWidth);
        }
        this.inHeight = inHeight;
        this.inWidth = inWidth;
        this.outHeight = outHeight;
        this.outWidth = outWidth;
        row0 = new int[outHeight];
        row1 = new int[outHeight];
        rowWeight = new double[outHeight];
        axis(inHeight, outHeight, row0, row1, rowWeight);
        col0 = new int[outWidth];
        col1 = new int[outWidth];
        colWeight = new double[outWidth];
        axis(inWidth, outWidth, col0, col1, colWeight);
    }

    private static void axis(int in, int out, int[] lower, int[] upper, double[] weight) {
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            double source = Math.max(0, scale * (o + 0.5) - 0.5);
            int i = (int) source;
            lower[o] = i;
            upper[o] = i < in - 1 ? i + 1 : i;
            weight[o] = source - i;
        }
    }

    /** Resamples {@code in} (row-major, inHeight x inWidth) into {@code out} (row-major, outHeight x outWidth). */
    public void apply(double[] in, double[] out) {
        if (in.length != inHeight * inWidth || out.length != outHeight * outWidth) {
            throw new IllegalArgumentException("buffer sizes do not match " + inHeight + "x" + inWidth + " -> " + outHeight + "x" + outWidth);
        }
        for (int r = 0; r < outHeight; r++) {
            int top = row0[r] * inWidth, bottom = row1[r] * inWidth;
            double wb = rowWeight[r], wt = 1 - wb;
            int base = r * outWidth;
            for (int c = 0; c < outWidth; c++) {
                double wr = colWeight[c], wl = 1 - wr;
                int left = col0[c], right = col1[c];
                out[base + c] = wt * (wl * in[top + left] + wr * in[top + right]) + wb * (wl * in[bottom + left] + wr * in[bottom + right]);
            }
        }
    }

    /**
     * Float variant for model outputs, computed in double, over the output window of rows [{@code rowFrom},
     * {@code rowTo}) and columns [{@code columnFrom}, {@code columnTo}) only; the rest of {@code out} is left as it was.
     */
    public void apply(float[] in, int inOffset, double[] out, int rowFrom, int rowTo, int columnFrom, int columnTo) {
        if (in.length - inOffset < inHeight * inWidth || out.length != outHeight * outWidth) {
            throw new IllegalArgumentException("buffer sizes do not match " + inHeight + "x" + inWidth + " -> " + outHeight + "x" + outWidth);
        }
        for (int r = rowFrom; r < rowTo; r++) {
            int top = inOffset + row0[r] * inWidth, bottom = inOffset + row1[r] * inWidth;
            double wb = rowWeight[r], wt = 1 - wb;
            int base = r * outWidth;
            for (int c = columnFrom; c < columnTo; c++) {
                double wr = colWeight[c], wl = 1 - wr;
                int left = col0[c], right = col1[c];
                out[base + c] = wt * (wl * in[top + left] + wr * in[top + right]) + wb * (wl * in[bottom + left] + wr * in[bottom + right]);
            }
        }
    }

    /** Output rows whose value depends on an input row in [{@code from}, {@code to}]: [first, last + 1), empty as [0, 0). */
    public int[] outputRows(int from, int to) {
        return window(row0, row1, from, to);
    }

    /** Output columns whose value depends on an input column in [{@code from}, {@code to}]: [first, last + 1). */
    public int[] outputColumns(int from, int to) {
        return window(col0, col1, from, to);
    }

    private static int[] window(int[] lower, int[] upper, int from, int to) {
        int first = -1, last = -1;
        for (int o = 0; o < lower.length; o++) {
            if (upper[o] >= from && lower[o] <= to) {
                if (first < 0) {
                    first = o;
                }
                last = o;
            }
        }
        return first < 0 ? new int[] {0, 0} : new int[] {first, last + 1};
    }
}
