package org.livernode.inference;

import java.util.List;
import org.livernode.volume.SegmentationMask;

/**
 * A volume's segmentation: the final mask on the volume's grid, what each slice's thresholded mask and CT held
 * ({@link SliceStatistics}, in the volume's slice order), and what the post-processing dropped.
 */
public record Segmentation(SegmentationMask mask, List<SliceStatistics> slices, MaskPostprocessing.Dropped dropped) {
    public Segmentation {
        if (slices.size() != mask.depth()) {
            throw new IllegalArgumentException(slices.size() + " slice statistics for a mask of " + mask.depth() + " slices");
        }
        slices = List.copyOf(slices);
    }
}
