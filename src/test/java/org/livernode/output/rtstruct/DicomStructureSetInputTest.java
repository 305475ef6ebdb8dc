package org.livernode.output.rtstruct;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.testing.CtPhantom;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;

/** The structure set refuses inputs it cannot represent, and says what is wrong. */
class DicomStructureSetInputTest {

    private static CtVolume volume;

    @BeforeAll
    static void phantom(@TempDir Path folder) throws Exception {
        volume = StructureSetFixtures.volume(new CtPhantom().slices(4).matrix(8, 6).write(folder));
    }

    private static void refused(String expectedInMessage, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(e.getMessage().contains(expectedInMessage), "message \"" + e.getMessage() + "\" should name " + expectedInMessage);
    }

    private static DicomStructureSet structureSet(CtVolume v, SegmentationMask mask) {
        return new DicomStructureSet(v, mask, StructureSetFixtures.liver(), StructureSetFixtures.identity(volume));
    }

    private static CtVolume withSlice(int index, CtSlice replacement) {
        List<CtSlice> slices = new ArrayList<>(volume.slices());
        slices.set(index, replacement);
        return new CtVolume(volume.seriesInstanceUid(), volume.studyInstanceUid(), volume.frameOfReferenceUid(), false, slices,
                volume.header());
    }

    @Test
    void aMaskOfAnotherShapeIsRefusedNamingTheDifference() {
        refused("slices 3 vs 4", () -> structureSet(volume, new SegmentationMask(3, 8, 6)));
        refused("rows 6 vs 8, columns 8 vs 6", () -> structureSet(volume, new SegmentationMask(4, 6, 8)));
    }

    @Test
    void invalidOrRepeatedSourceUidsAreRefused() {
        CtSlice third = volume.slices().get(2);
        refused("SOPInstanceUID of slice 2", () -> structureSet(
                withSlice(2, new CtSlice(third.sopClassUid(), third.sopInstanceUid() + ".01", third.geometry(), third.file())),
                new SegmentationMask(4, 8, 6)));
        refused("slice 2 repeats", () -> structureSet(
                withSlice(2, new CtSlice(third.sopClassUid(), volume.slices().get(0).sopInstanceUid(), third.geometry(), third.file())),
                new SegmentationMask(4, 8, 6)));
        CtVolume badFrame = new CtVolume(volume.seriesInstanceUid(), volume.studyInstanceUid(), "", false, volume.slices(),
                volume.header());
        refused("FrameOfReferenceUID", () -> structureSet(badFrame, new SegmentationMask(4, 8, 6)));
    }

    @Test
    void aVolumeWithoutSourceAttributesIsRefused() {
        CtVolume bare = new CtVolume(volume.seriesInstanceUid(), volume.studyInstanceUid(), volume.frameOfReferenceUid(), false,
                volume.slices(), null);
        refused("source attributes", () -> structureSet(bare, new SegmentationMask(4, 8, 6)));
    }
}
