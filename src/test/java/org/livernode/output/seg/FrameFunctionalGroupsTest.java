package org.livernode.output.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.livernode.dicom.DataSet;
import org.livernode.dicom.SopClasses;
import org.livernode.dicom.Tag;
import org.livernode.volume.Vec3;

/** The per-frame item of a SEG, built and parsed by one description. */
class FrameFunctionalGroupsTest {
    private static final FrameFunctionalGroups FRAME =
            new FrameFunctionalGroups(SopClasses.CT_IMAGE_STORAGE, "1.2.3.4", new Vec3(-120.5, 80.25, -3.5), 1, 7);

    @Test
    void theItemItBuildsParsesBackToTheSameFrame() {
        assertEquals(FRAME, FrameFunctionalGroups.fromDataSet(FRAME.toDataSet()));
    }

    @Test
    void aFrameWithoutItsSourceImageIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FrameFunctionalGroups(SopClasses.CT_IMAGE_STORAGE, "", new Vec3(0, 0, 0), 1, 1));
        assertTrue(e.getMessage().contains("source image needs a SOP Class UID and a SOP Instance UID"), e.getMessage());
    }

    @Test
    void anItemIndexedUnderAnotherSegmentIsRefused() {
        DataSet item = FRAME.toDataSet().putSequence(Tag.FrameContentSequence, new DataSet().put(Tag.DimensionIndexValues, "2", "7"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrameFunctionalGroups.fromDataSet(item));
        assertEquals("a frame of segment 1 is indexed as one of segment 2", e.getMessage());
    }
}
