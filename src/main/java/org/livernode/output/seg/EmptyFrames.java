package org.livernode.output.seg;

import java.util.List;
import java.util.stream.IntStream;
import org.livernode.volume.SegmentationMask;

/**
 * Whether slices without any segmented pixel get a frame. Omitting them (the default, as dcmqi and highdicom
 * do) makes the object smaller and faster to send; including them lets viewers that expect one frame per
 * source slice show an empty overlay on every slice. Either way ReferencedSeriesSequence lists every source
 * instance, and a mask that is empty everywhere keeps all its frames, so the object says explicitly that no
 * slice holds the segment.
 */
public enum EmptyFrames {
    OMIT,
    INCLUDE;

    /** The slices that get a frame, in volume order. */
    public List<Integer> framedSlices(SegmentationMask mask) {
        List<Integer> all = IntStream.range(0, mask.depth()).boxed().toList();
        if (this == INCLUDE) {
            return all;
        }
        List<Integer> nonEmpty = all.stream().filter(z -> mask.count(z) > 0).toList();
        return nonEmpty.isEmpty() ? all : nonEmpty;
    }
}
