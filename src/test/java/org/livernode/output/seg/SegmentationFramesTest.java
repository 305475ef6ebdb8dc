package org.livernode.output.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.dicom.DicomReadException;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;

/** A SEG written by {@link DicomSegmentation}, read back by {@link SegmentationFrames}: each frame's mask and the slice it was derived from. */
class SegmentationFramesTest {
    @TempDir
    Path dir;

    @Test
    void eachFrameIsTheMaskOfTheSliceItNames() throws Exception {
        // 35 x 35 pixels: 1225 bits a frame, so frames after the first start in the middle of a byte.
        CtPhantom phantom = new CtPhantom().matrix(35, 35).pixelSpacing(7.3);
        CtVolume volume = OutputFixtures.volume(phantom, dir.resolve("ct"));
        SegmentationMask mask = OutputFixtures.liverMask(phantom, volume);
        assertTrue(mask.count() > 0 && mask.isEmpty(0), "liver on some slices, not on all");
        for (EmptyFrames emptyFrames : EmptyFrames.values()) {
            Path seg = dir.resolve("seg-" + emptyFrames + ".dcm");
            new DicomSegmentation(volume, mask, OutputFixtures.liver(), OutputFixtures.segIdentity(volume), emptyFrames).write(seg);
            SegmentationFrames frames = SegmentationFrames.read(seg);
            assertEquals(35, frames.rows());
            assertEquals(35, frames.columns());
            List<Integer> expectedSlices = new ArrayList<>();
            for (int z = 0; z < volume.depth(); z++) {
                if (emptyFrames == EmptyFrames.INCLUDE || !mask.isEmpty(z)) {
                    expectedSlices.add(z);
                }
            }
            assertEquals(expectedSlices.size(), frames.frames(), emptyFrames.toString());
            for (int f = 0; f < frames.frames(); f++) {
                int z = expectedSlices.get(f);
                CtSlice slice = volume.slices().get(z);
                FrameFunctionalGroups groups = frames.functionalGroups(f);
                assertEquals(slice.sopClassUid(), groups.sourceSopClassUid(), "frame " + f);
                assertEquals(slice.sopInstanceUid(), groups.sourceSopInstanceUid(), "frame " + f);
                assertEquals(0, groups.position().minus(slice.geometry().position()).length(), 1e-6, "frame " + f + " lies on slice " + z);
                assertEquals(1, groups.segmentNumber(), "frame " + f);
                assertEquals(f + 1, groups.positionIndex(), "frame " + f);
                assertArrayEquals(mask.plane(z), frames.frame(f), "frame " + f + " is slice " + z + "'s mask");
                assertEquals(mask.isEmpty(z), frames.isEmpty(f), "frame " + f);
            }
        }
    }

    @Test
    void aFileThatIsNotABinarySegmentationIsRefused() throws Exception {
        Path ct = new CtPhantom().slices(1).matrix(8, 8).write(dir.resolve("ct")).get(0);
        DicomReadException notSeg = assertThrows(DicomReadException.class, () -> SegmentationFrames.read(ct));
        assertTrue(notSeg.getMessage().contains(ct.toString()) && notSeg.getMessage().contains("not a binary segmentation of 0 frame(s) of 8x8 pixels"),
                notSeg.getMessage());
        Path garbage = Files.writeString(dir.resolve("garbage.dcm"), "not DICOM");
        DicomReadException notDicom = assertThrows(DicomReadException.class, () -> SegmentationFrames.read(garbage));
        assertTrue(notDicom.getMessage().contains(garbage.toString()), notDicom.getMessage());
    }
}
