package org.livernode.output.rtstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.livernode.testing.DicomInspection;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;

/** dicom3tools' IOD validator finds no error in the structure set of any phantom series. */
class StructureSetDciodvfyTest {

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.livernode.output.rtstruct.StructureSetFixtures#phantomCases")
    void dciodvfyReportsNoErrors(StructureSetFixtures.PhantomCase phantomCase) throws Exception {
        CtVolume volume = StructureSetFixtures.volume(phantomCase.phantom().write(folder.resolve("ct")));
        SegmentationMask mask = phantomCase.emptyMask()
                ? new SegmentationMask(volume.depth(), volume.rows(), volume.columns())
                : StructureSetFixtures.liverByValue(volume);
        Path file = folder.resolve("rtstruct.dcm");
        new DicomStructureSet(volume, mask, StructureSetFixtures.liver(), StructureSetFixtures.identity(volume)).write(file);
        DicomInspection.Verdict verdict = DicomInspection.dciodvfy(file, "RTStructureSet");
        verdict.warnings().forEach(w -> System.out.println("dciodvfy (" + phantomCase + "): " + w));
        assertEquals(List.of(), verdict.errors(), "dciodvfy said:\n" + verdict.output());
    }
}
