package org.livernode.output.seg;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.livernode.testing.DicomInspection;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;

/** An independent reader (pydicom) finds exactly the mask, frame by frame, on exactly the source slices. */
class PydicomReadBackTest {

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}, empty frames {1}")
    @MethodSource("org.livernode.output.seg.SegFixtures#phantomCasesAndEmptyFrames")
    void pydicomReadsBackTheMaskOnItsSourceSlices(OutputFixtures.PhantomCase phantomCase, EmptyFrames emptyFrames) throws Exception {
        CtVolume volume = OutputFixtures.volume(phantomCase.phantom(), folder.resolve("ct"));
        SegmentationMask mask = phantomCase.mask(volume);
        Path file = folder.resolve("seg.dcm");
        new DicomSegmentation(volume, mask, OutputFixtures.liver(), OutputFixtures.segIdentity(volume), emptyFrames).write(file);

        DicomInspection.PydicomView view = DicomInspection.readWithPydicom(file, folder.resolve("pydicom"));
        SegFixtures.assertPydicomSees(volume, mask, emptyFrames.framedSlices(mask), view);
        if (!phantomCase.emptyMask()) {
            assertTrue(mask.count() > 0, "the phantom's liver must lie in the volume for this test to mean anything");
        }
    }
}
