package org.livernode.inference;

import org.livernode.volume.SegmentationMask;

/**
 * A segmented volume and where the time went, in milliseconds: decoding the slices' pixels, pre-processing
 * them (reorientation, window, resize, scan statistics), running the model, and turning probabilities into the
 * final mask (resampling, threshold, post-processing).
 */
public record Segmentation(SegmentationMask mask, long decodeMillis, long preprocessMillis, long modelMillis, long postprocessMillis) {}
