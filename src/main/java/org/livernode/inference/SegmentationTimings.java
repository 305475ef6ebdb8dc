package org.livernode.inference;

/**
 * Where the time of segmenting volumes went, added up by {@link VolumeSegmenter} as it works: decoding the
 * slices' pixels, pre-processing them (reorientation, window, resize, scan statistics), running the model, and
 * turning probabilities into the final mask (resampling, threshold, post-processing). Kept apart from the mask,
 * which is the result; one per series, used by one thread.
 */
public final class SegmentationTimings {
    long decodeNanos;
    long preprocessNanos;
    long modelNanos;
    long postprocessNanos;

    public long decodeMillis() {
        return decodeNanos / 1_000_000;
    }

    public long preprocessMillis() {
        return preprocessNanos / 1_000_000;
    }

    public long modelMillis() {
        return modelNanos / 1_000_000;
    }

    public long postprocessMillis() {
        return postprocessNanos / 1_000_000;
    }
}
