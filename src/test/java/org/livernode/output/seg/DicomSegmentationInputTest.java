package org.livernode.output.seg;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.livernode.testing.CtPhantom;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.SliceGeometry;

/** The segmentation refuses inputs it cannot represent, and says what is wrong. */
class DicomSegmentationInputTest {

    private static CtVolume volume;

    @BeforeAll
    static void phantom() throws Exception {
        volume = SegFixtures.volume(new CtPhantom().slices(4).matrix(8, 6));
    }

    private static void refused(String expectedInMessage, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(e.getMessage().contains(expectedInMessage), "message \"" + e.getMessage() + "\" should name " + expectedInMessage);
    }

    private static DicomSegmentation segmentation(CtVolume v, SegmentationMask mask) {
        return new DicomSegmentation(v, mask, SegFixtures.liver(), SegFixtures.identity(volume), EmptyFrames.INCLUDE);
    }

    private static CtVolume withSlice(int index, CtSlice replacement) {
        List<CtSlice> slices = new ArrayList<>(volume.slices());
        slices.set(index, replacement);
        return new CtVolume(volume.seriesInstanceUid(), volume.studyInstanceUid(), volume.frameOfReferenceUid(), false, slices,
                volume.header());
    }

    @Test
    void aMaskOfAnotherShapeIsRefusedNamingTheDifference() {
        refused("slices 3 vs 4", () -> segmentation(volume, new SegmentationMask(3, 8, 6)));
        refused("rows 6 vs 8, columns 8 vs 6", () -> segmentation(volume, new SegmentationMask(4, 6, 8)));
    }

    @Test
    void slicesOnAnotherGridAreRefused() {
        CtSlice second = volume.slices().get(1);
        SliceGeometry g = second.geometry();
        SliceGeometry finer = new SliceGeometry(g.position(), g.rowDirection(), g.columnDirection(), 2.0, g.columnSpacing(), g.rows(), g.columns());
        refused("slice 1", () -> segmentation(withSlice(1, new CtSlice(second.sopClassUid(), second.sopInstanceUid(), finer, second.file())),
                new SegmentationMask(4, 8, 6)));
    }

    @Test
    void invalidOrRepeatedSourceUidsAreRefused() {
        CtSlice third = volume.slices().get(2);
        refused("SOPInstanceUID of slice 2", () -> segmentation(
                withSlice(2, new CtSlice(third.sopClassUid(), third.sopInstanceUid() + ".01", third.geometry(), third.file())),
                new SegmentationMask(4, 8, 6)));
        refused("slice 2 repeats", () -> segmentation(
                withSlice(2, new CtSlice(third.sopClassUid(), volume.slices().get(0).sopInstanceUid(), third.geometry(), third.file())),
                new SegmentationMask(4, 8, 6)));
        CtVolume badStudy = new CtVolume(volume.seriesInstanceUid(), "1.2.3 ", volume.frameOfReferenceUid(), false, volume.slices(),
                volume.header());
        refused("StudyInstanceUID", () -> segmentation(badStudy, new SegmentationMask(4, 8, 6)));
    }

    @Test
    void aVolumeWithoutSourceAttributesIsRefused() {
        CtVolume bare = new CtVolume(volume.seriesInstanceUid(), volume.studyInstanceUid(), volume.frameOfReferenceUid(), false,
                volume.slices(), null);
        refused("source attributes", () -> segmentation(bare, new SegmentationMask(4, 8, 6)));
    }
}
