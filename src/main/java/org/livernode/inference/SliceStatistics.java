package org.livernode.inference;

/**
 * What the quality check needs of one slice beyond its final mask, gathered where the slice's HU and probabilities
 * are at hand (while it is segmented), so that nothing is decoded twice. Counts are of source-grid pixels; the
 * mask here is the thresholded one, before the 3-D post-processing.
 *
 * @param maskPixels pixels above the output threshold
 * @param uncertainPixels of those, pixels whose probability lies below the manifest's {@code qc.uncertainProbabilityBelow}
 * @param maskHuSum sum of the HU of the mask's pixels, each clipped to [{@link #HU_LOW}, {@link #HU_HIGH}]
 * @param maskHuSquares sum of their squares
 * @param bodyPixels pixels above {@link #BODY_HU} (the patient, not the air around or the lungs)
 * @param bodyRowSum sum of the source-grid row indices of the body's pixels
 * @param bodyColumnSum sum of their column indices
 */
public record SliceStatistics(long maskPixels, long uncertainPixels, double maskHuSum, double maskHuSquares,
                              long bodyPixels, double bodyRowSum, double bodyColumnSum) {

    /** Soft tissue and bone lie above, air and lung below. */
    public static final int BODY_HU = -500;

    /**
     * The mask's CT values count clipped to this range: during an ablation the needles lie in the liver, and a
     * hundred pixels of steel at 3,000 HU would move the spread of a million more than all the liver's tissue does
     * (measured: 114-158 HU instead of 36-49 on the robustness variants with needles). A mask over bone, fat or air
     * still shows, at the ends of the range.
     */
    public static final int HU_LOW = -200, HU_HIGH = 400;

    /** A mask pixel's CT value as the statistics count it. */
    static double clipped(short hu) {
        return Math.max(HU_LOW, Math.min(HU_HIGH, hu));
    }

    /** The body's part of a slice with nothing in its mask. */
    static SliceStatistics body(short[] sourceHu, int sourceColumns) {
        long pixels = 0;
        double rowSum = 0, columnSum = 0;
        for (int i = 0; i < sourceHu.length; i++) {
            if (sourceHu[i] > BODY_HU) {
                pixels++;
                rowSum += i / sourceColumns;
                columnSum += i % sourceColumns;
            }
        }
        return new SliceStatistics(0, 0, 0, 0, pixels, rowSum, columnSum);
    }

    /** This slice's body statistics with the mask's. */
    SliceStatistics withMask(long maskPixels, long uncertainPixels, double maskHuSum, double maskHuSquares) {
        return new SliceStatistics(maskPixels, uncertainPixels, maskHuSum, maskHuSquares, bodyPixels, bodyRowSum, bodyColumnSum);
    }
}
