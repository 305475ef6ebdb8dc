package org.livernode.output.sr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.DicomInspection;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;

/**
 * Independent tools read the volume report: dicom3tools validates it, DCMTK's dsrdump renders its tree, pydicom finds
 * the volume, which is the phantom liver's voxel count times the voxel volume.
 */
class VolumeReportToolsTest {
    private static final CtPhantom PHANTOM = new CtPhantom().slices(12).pixelSpacing(1.5).sliceSpacing(2.5);
    /** 1.5 mm x 1.5 mm pixels, 2.5 mm between slices, in millilitres. */
    private static final double VOXEL_MILLILITRES = 1.5 * 1.5 * 2.5 / 1000;

    @TempDir
    Path folder;

    private Path reportOfThePhantomLiver(QualityAssessment quality) throws Exception {
        CtVolume volume = OutputFixtures.volume(PHANTOM, folder.resolve("ct"));
        SegmentationMask mask = OutputFixtures.liverMask(PHANTOM, volume);
        assertTrue(mask.count() > 1000, "the phantom's liver must lie in the volume for this test to mean anything");
        LiverVolume liver = new LiverVolume(mask.count() * VOXEL_MILLILITRES, true);
        return ReportFixtures.write(volume, liver, quality, folder.resolve("sr.dcm"));
    }

    @Test
    void dciodvfyReportsNoErrors() throws Exception {
        Path file = reportOfThePhantomLiver(QualityAssessment.review(ReportFixtures.REVIEW_REASONS));
        DicomInspection.Verdict verdict = DicomInspection.dciodvfy(file, "Comprehensive3DSR");
        verdict.warnings().forEach(w -> System.out.println("dciodvfy (volume report): " + w));
        assertEquals(List.of(), verdict.errors(), "dciodvfy said:\n" + verdict.output());
    }

    @Test
    void dsrdumpShowsTheVolumeInMillilitres() throws Exception {
        Path file = reportOfThePhantomLiver(QualityAssessment.pass());
        String program = ExternalProgram.require("dsrdump", "dcmtk");
        ExternalProgram.Result result = ExternalProgram.run(List.of(program, "+Pc", file.toString()), 60);
        assertTrue(result.succeeded(), "dsrdump failed:\n" + result.output());
        String volumeLine = result.output().lines().filter(line -> line.contains("NUM:(118565006,SCT,\"Volume\")")).findFirst()
                .orElseThrow(() -> new AssertionError("dsrdump shows no volume:\n" + result.output()));
        assertTrue(volumeLine.matches(".*=\"[0-9.]+\" \\(ml,UCUM,\"milliliter\"\\).*"), volumeLine);
    }

    @Test
    void pydicomReadsTheVoxelCountTimesTheVoxelVolume() throws Exception {
        CtVolume volume = OutputFixtures.volume(PHANTOM, folder.resolve("ct"));
        long voxels = OutputFixtures.liverMask(PHANTOM, volume).count();
        Path file = reportOfThePhantomLiver(QualityAssessment.pass());

        ExternalProgram.Result result = ExternalProgram.run(List.of("/usr/bin/python3", "src/test/python/read_sr_volume.py", file.toString()), 120);
        assertTrue(result.succeeded(), "read_sr_volume.py failed:\n" + result.output());
        JsonNode facts = new ObjectMapper().readTree(result.output());
        assertEquals("1.2.840.10008.5.1.4.1.1.88.34", facts.get("sopClassUid").asText());
        JsonNode volumes = facts.get("volumes");
        assertEquals(1, volumes.size(), facts.toString());
        assertEquals(voxels * VOXEL_MILLILITRES, volumes.get(0).get("value").asDouble(), 1e-9);
        assertEquals("[\"ml\",\"UCUM\",\"milliliter\"]", volumes.get(0).get("units").toString());
    }
}
