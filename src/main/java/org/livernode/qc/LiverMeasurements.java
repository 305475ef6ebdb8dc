package org.livernode.qc;

import java.util.Locale;
import java.util.Set;

/**
 * What the quality check measured of one segmentation.
 *
 * @param volumeMl the mask's volume; within the scanned range only when {@code cuts} is not empty
 * @param cuts where the mask meets the end of the scanned range
 * @param rightOfBodyMm how far the mask's centroid lies to the patient's right of the body's (negative: to the left);
 *     NaN for an empty mask or a slice without body
 * @param rightShare share of the mask's voxels on the patient's right of the body's midline, slice by slice (NaN
 *     when no slice with mask has a body)
 * @param droppedComponents components the post-processing removed
 * @param droppedShare their voxels' share of the mask before removal
 * @param uncertainShare share of the thresholded mask's voxels with a probability in the uncertain band
 * @param meanHu mean CT value of the thresholded mask (NaN when empty)
 * @param huSpread standard deviation of those CT values (NaN when empty)
 * @param gapSlices empty slices between the first and the last slice with mask
 * @param largestAreaJump the largest change of the mask's area between neighbouring slices, as a share of its largest area
 */
public record LiverMeasurements(
        double volumeMl,
        Set<Cut> cuts,
        double rightOfBodyMm,
        double rightShare,
        long droppedComponents,
        double droppedShare,
        double uncertainShare,
        double meanHu,
        double huSpread,
        int gapSlices,
        double largestAreaJump) {

    /** Where a mask can run out of the scanned range. */
    public enum Cut {
        FIRST_SLICE,
        LAST_SLICE,
        IMAGE_BORDER;

        /** "first slice", "image border". */
        public String words() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    public LiverMeasurements {
        cuts = Set.copyOf(cuts);
    }

    /** Whether the volume is the whole liver's, or only the part within the scanned range. */
    public boolean withinScannedRangeOnly() {
        return !cuts.isEmpty();
    }
}
