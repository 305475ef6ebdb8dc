package org.livernode.output.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.livernode.volume.SegmentationMask;

class EmptyFramesTest {

    @Test
    void omitKeepsOnlySlicesWithSegmentedPixels() {
        SegmentationMask mask = new SegmentationMask(5, 2, 2);
        mask.set(1, 0, 0, true);
        mask.set(3, 1, 1, true);
        assertEquals(List.of(1, 3), EmptyFrames.OMIT.framedSlices(mask));
        assertEquals(List.of(0, 1, 2, 3, 4), EmptyFrames.INCLUDE.framedSlices(mask));
    }

    @Test
    void anEntirelyEmptyMaskKeepsEveryFrame() {
        SegmentationMask empty = new SegmentationMask(3, 2, 2);
        assertEquals(List.of(0, 1, 2), EmptyFrames.OMIT.framedSlices(empty));
    }
}
