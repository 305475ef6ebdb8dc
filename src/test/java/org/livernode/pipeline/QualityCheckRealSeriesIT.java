package org.livernode.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.inference.Device;
import org.livernode.inference.OnnxSegmenter;
import org.livernode.inference.StreamedSlices;
import org.livernode.output.OutputType;
import org.livernode.output.seg.EmptyFrames;
import org.livernode.output.seg.SegmentationFrames;
import org.livernode.qc.LiverMeasurements;
import org.livernode.qc.QcFinding;
import org.livernode.qc.QcOutcome;
import org.livernode.qc.QcReason;
import org.livernode.qc.QcReport;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.RealSeries;
import org.livernode.testing.StoredOrientation;
import org.livernode.testing.TestModels;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.SliceGeometry;
import org.livernode.volume.VolumeAssembler;

/**
 * The quality check on the real 3D-IRCADb series with the shipped model: the whole series passes and its SR says
 * the volume; a slab below the liver, a slab through it, the series mirrored without its header saying so, and a
 * model that returns noise each ask for review with the right reason.
 */
class QualityCheckRealSeriesIT {
    @TempDir
    static Path dir;
    @AutoClose
    static OnnxSegmenter shipped;
    static SeriesProcessor processor;
    static CtVolume series;

    @BeforeAll
    static void load() throws Exception {
        shipped = OnnxSegmenter.open(TestModels.SHIPPED, Device.CPU);
        processor = new SeriesProcessor(shipped, new NodeIdentity("test", "LIVERNODE"), EmptyFrames.OMIT,
                Set.of(OutputType.SEG, OutputType.SR));
        series = new VolumeAssembler().assemble(RealSeries.files());
    }

    private static SeriesProcessor.Result process(SeriesProcessor with, CtVolume volume, String name) throws Exception {
        SeriesProcessor.Result result = with.process(new SeriesProcessor.Assembled(volume, 0), Set.of(OutputType.SEG, OutputType.SR),
                dir.resolve(name), StreamedSlices.NONE);
        QcReport qc = result.qc();
        System.out.printf("IRCADb p1, %s: %s; %s%n", name, qc.summary(), qc.measurements());
        return result;
    }

    private static CtVolume slab(int from, int to) {
        return new CtVolume(series.seriesInstanceUid(), series.studyInstanceUid(), series.frameOfReferenceUid(), series.frameOfReferenceDerived(),
                series.slices().subList(from, to), series.header());
    }

    private static Set<QcReason> reasons(QcReport qc) {
        return Set.copyOf(qc.findings().stream().map(QcFinding::reason).toList());
    }

    @Test
    void theWholeSeriesPassesAndItsReportSaysTheVolumeOfTheSegmentedVoxels() throws Exception {
        SeriesProcessor.Result result = process(processor, series, "whole");
        assertEquals(QcOutcome.PASS, result.qc().outcome(), result.qc().findings().toString());

        SegmentationMask manual = RealSeries.manualMask(series, dir);
        SliceGeometry grid = series.slices().get(0).geometry();
        double voxelMl = grid.rowSpacing() * grid.columnSpacing() * series.sliceThicknesses()[1] / 1000;
        System.out.printf("IRCADb p1: the node's liver %.1f mL, the manual mask's %.1f mL%n", result.qc().measurements().volumeMl(),
                manual.count() * voxelMl);
        assertEquals(manual.count() * voxelMl, result.qc().measurements().volumeMl(), 0.05 * manual.count() * voxelMl);

        long segmented = 0;
        SegmentationFrames seg = SegmentationFrames.read(result.outputs().get(OutputType.SEG));
        for (int frame = 0; frame < seg.frames(); frame++) {
            for (byte voxel : seg.frame(frame)) {
                segmented += voxel;
            }
        }
        ExternalProgram.Result read = ExternalProgram.run(List.of("/usr/bin/python3", "src/test/python/read_sr_volume.py",
                result.outputs().get(OutputType.SR).toString()), 120);
        assertTrue(read.succeeded(), "read_sr_volume.py failed:\n" + read.output());
        JsonNode volumes = new ObjectMapper().readTree(read.output()).get("volumes");
        assertEquals(segmented * voxelMl, volumes.get(0).get("value").asDouble(), 0.01, "the SEG's voxels times the voxel volume, to the DS's digits");
    }

    @Test
    void aSlabBelowTheLiverHoldsNoLiverAndOneThroughItIsCut() throws Exception {
        SegmentationMask manual = RealSeries.manualMask(series, dir);
        int first = 0, last = series.depth() - 1;
        while (manual.isEmpty(first)) {
            first++;
        }
        while (manual.isEmpty(last)) {
            last--;
        }
        // IRCADb p1 runs from the pelvis up to the heart; the slices before the liver's lowest are pelvis and bowel.
        assertTrue(first >= 20, "this test needs 20 slices without liver below it; the liver starts at slice " + first);
        QcReport below = process(processor, slab(0, first - 2), "below the liver").qc();
        assertEquals(QcOutcome.REVIEW, below.outcome());
        assertTrue(reasons(below).contains(QcReason.NO_LIVER) || reasons(below).contains(QcReason.SMALL_LIVER), below.findings().toString());

        int middle = (first + last) / 2;
        QcReport through = process(processor, slab(middle - 15, middle + 15), "through the liver").qc();
        assertEquals(QcOutcome.REVIEW, through.outcome());
        assertTrue(reasons(through).contains(QcReason.CUT_BY_FIELD_OF_VIEW), through.findings().toString());
        assertEquals(Set.of(LiverMeasurements.Cut.FIRST_SLICE, LiverMeasurements.Cut.LAST_SLICE), through.measurements().cuts());
    }

    @Test
    void theSeriesMirroredWithoutItsHeaderSayingSoIsNotOnThePatientsRight() throws Exception {
        CtVolume mirrored = new VolumeAssembler().assemble(StoredOrientation.MIRRORED_WITHOUT_SAYING.write(RealSeries.files(), dir.resolve("mirrored")));
        QcReport qc = process(processor, mirrored, "mirrored").qc();
        assertEquals(QcOutcome.REVIEW, qc.outcome());
        assertTrue(reasons(qc).contains(QcReason.NOT_ON_PATIENT_RIGHT), qc.findings().toString());
        // The model, trained on the liver at the image's left, no longer finds it there and takes organs near the midline.
        assertTrue(qc.measurements().rightShare() < 0.7, "share on the patient's right: " + qc.measurements().rightShare());
    }

    @Test
    void aModelThatReturnsNoiseIsNotTrusted() throws Exception {
        try (OnnxSegmenter noise = OnnxSegmenter.open(TestModels.NOISE, Device.CPU)) {
            SeriesProcessor withNoise = new SeriesProcessor(noise, new NodeIdentity("test", "LIVERNODE"), EmptyFrames.OMIT,
                    Set.of(OutputType.SEG, OutputType.SR));
            QcReport qc = process(withNoise, series, "noise model").qc();
            assertEquals(QcOutcome.REVIEW, qc.outcome());
            assertTrue(reasons(qc).containsAll(Set.of(QcReason.UNCERTAIN, QcReason.CT_VALUES)), qc.findings().toString());
        }
    }
}
