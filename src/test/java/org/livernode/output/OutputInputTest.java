package org.livernode.output;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.SliceGeometry;

/** Every writer refuses inputs it cannot represent, and says what is wrong. */
class OutputInputTest {

    private static CtVolume volume;

    @BeforeAll
    static void phantom(@TempDir Path folder) throws Exception {
        volume = OutputFixtures.volume(new CtPhantom().slices(4).matrix(8, 6), folder);
    }

    private static void refused(String expectedInMessage, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(e.getMessage().contains(expectedInMessage), "message \"" + e.getMessage() + "\" should name " + expectedInMessage);
    }

    private static void refused(String expectedInMessage, OutputWriter writer, CtVolume v, SegmentationMask mask) {
        refused(expectedInMessage, () -> writer.build(v, mask, writer.identity(volume)));
    }

    private static SegmentationMask mask() {
        return new SegmentationMask(4, 8, 6);
    }

    private static CtVolume withSlice(int index, CtSlice replacement) {
        List<CtSlice> slices = new ArrayList<>(volume.slices());
        slices.set(index, replacement);
        return new CtVolume(volume.seriesInstanceUid(), volume.studyInstanceUid(), volume.frameOfReferenceUid(), false, slices,
                volume.header());
    }

    @ParameterizedTest
    @EnumSource(OutputWriter.class)
    void aMaskOfAnotherShapeIsRefusedNamingTheDifference(OutputWriter writer) {
        refused("slices 3 vs 4", writer, volume, new SegmentationMask(3, 8, 6));
        refused("rows 6 vs 8, columns 8 vs 6", writer, volume, new SegmentationMask(4, 6, 8));
    }

    @ParameterizedTest
    @EnumSource(OutputWriter.class)
    void invalidOrRepeatedSourceUidsAreRefused(OutputWriter writer) {
        CtSlice third = volume.slices().get(2);
        refused("SOPInstanceUID of slice 2", writer,
                withSlice(2, new CtSlice(third.sopClassUid(), third.sopInstanceUid() + ".01", third.geometry(), third.file())), mask());
        refused("slice 2 repeats", writer,
                withSlice(2, new CtSlice(third.sopClassUid(), volume.slices().get(0).sopInstanceUid(), third.geometry(), third.file())),
                mask());
        refused("StudyInstanceUID", writer, new CtVolume(volume.seriesInstanceUid(), "1.2.3 ", volume.frameOfReferenceUid(), false,
                volume.slices(), volume.header()), mask());
        refused("FrameOfReferenceUID", writer, new CtVolume(volume.seriesInstanceUid(), volume.studyInstanceUid(), "", false,
                volume.slices(), volume.header()), mask());
    }

    @ParameterizedTest
    @EnumSource(OutputWriter.class)
    void aVolumeWithoutSourceAttributesIsRefused(OutputWriter writer) {
        refused("source attributes", writer, new CtVolume(volume.seriesInstanceUid(), volume.studyInstanceUid(),
                volume.frameOfReferenceUid(), false, volume.slices(), null), mask());
    }

    /** A SEG's frames share one grid; a structure set's contours each lie in their own slice. */
    @Test
    void aSegmentationRefusesSlicesOnAnotherGrid() {
        CtSlice second = volume.slices().get(1);
        SliceGeometry g = second.geometry();
        SliceGeometry finer = new SliceGeometry(g.position(), g.rowDirection(), g.columnDirection(), 2.0, g.columnSpacing(), g.rows(), g.columns());
        refused("slice 1", OutputWriter.SEG_WITH_EMPTY_FRAMES,
                withSlice(1, new CtSlice(second.sopClassUid(), second.sopInstanceUid(), finer, second.file())), mask());
    }
}
