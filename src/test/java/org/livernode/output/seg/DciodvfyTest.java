package org.livernode.output.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.livernode.testing.DicomInspection;
import org.livernode.volume.CtVolume;

/** dicom3tools' IOD validator finds no error in the SEG of any phantom series. */
class DciodvfyTest {

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}, empty frames {1}")
    @MethodSource("org.livernode.output.seg.SegFixtures#phantomCasesAndEmptyFrames")
    void dciodvfyReportsNoErrors(SegFixtures.PhantomCase phantomCase, EmptyFrames emptyFrames) throws Exception {
        CtVolume volume = phantomCase.volume();
        Path file = folder.resolve("seg.dcm");
        new DicomSegmentation(volume, phantomCase.mask(volume), SegFixtures.liver(), SegFixtures.identity(volume), emptyFrames).write(file);
        DicomInspection.Verdict verdict = DicomInspection.dciodvfy(file);
        verdict.warnings().forEach(w -> System.out.println("dciodvfy (" + phantomCase + "): " + w));
        assertEquals(List.of(), verdict.errors(), "dciodvfy said:\n" + verdict.output());
    }
}
