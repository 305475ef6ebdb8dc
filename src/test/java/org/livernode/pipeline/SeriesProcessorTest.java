package org.livernode.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.dicom.CodedConcept;
import org.livernode.inference.InferenceException;
import org.livernode.inference.ModelManifest;
import org.livernode.output.SegmentDescription;
import org.livernode.qc.LiverMeasurements;
import org.livernode.qc.QcFinding;
import org.livernode.qc.QcReason;
import org.livernode.qc.QcReport;
import org.livernode.spool.Spool;
import org.livernode.testing.CtPhantom;
import org.livernode.volume.CtVolume;
import org.livernode.volume.VolumeAssembler;

/** The segment the outputs describe is built here from the model manifest's own values; a volume's chunks are named as its job. */
class SeriesProcessorTest {
    static final Path BAND_MANIFEST = Path.of("src/test/resources/models/hu-band.json");

    @TempDir
    Path dir;

    @Test
    void theSegmentIsTheManifestsMadeByTheModel() throws Exception {
        SegmentDescription segment = SeriesProcessor.segmentDescription(ModelManifest.read(BAND_MANIFEST));
        assertEquals("Liver", segment.label());
        assertEquals(new CodedConcept("123037004", "SCT", "Anatomical Structure"), segment.category());
        assertEquals(new CodedConcept("10200004", "SCT", "Liver"), segment.type());
        assertEquals("AUTOMATIC", segment.algorithmType());
        assertEquals("hu-band", segment.algorithmName());
        assertEquals("1", segment.algorithmVersion());
        assertArrayEquals(new int[] {221, 130, 101}, segment.recommendedDisplayRgb());
    }

    @Test
    void theSeriesDescriptionSaysWhetherTheResultNeedsReviewAndFitsAnLo() {
        LiverMeasurements measured = new LiverMeasurements(1500, Set.of(), 60, 0.9, 0, 0, 0.05, 100, 25, 0, 0.1);
        assertEquals("Liver segmentation (livernode)", SeriesProcessor.seriesDescription("Liver segmentation", QcReport.of(List.of(), measured)));
        QcReport cut = QcReport.of(List.of(new QcFinding(QcReason.CUT_BY_FIELD_OF_VIEW, "liver cut by the first slice")), measured);
        assertEquals("Liver segmentation (REVIEW: cut by field of view)", SeriesProcessor.seriesDescription("Liver segmentation", cut));
        QcReport many = QcReport.of(List.of(new QcFinding(QcReason.CUT_BY_FIELD_OF_VIEW, "a"), new QcFinding(QcReason.NOT_ON_PATIENT_RIGHT, "b"),
                new QcFinding(QcReason.UNCERTAIN, "c")), measured);
        String description = SeriesProcessor.seriesDescription("Liver contours", many);
        assertEquals("Liver contours (REVIEW: cut by field of view, not on patient...)", description);
        assertTrue(description.length() <= 64, description);
    }

    @Test
    void aLabelThatDoesNotFitDicomNamesTheManifestsSegment() throws Exception {
        ModelManifest m = ModelManifest.read(BAND_MANIFEST);
        ModelManifest.Segment s = m.segment();
        ModelManifest longLabel = new ModelManifest(m.name(), m.version(), m.input(), m.output(), m.preprocessing(), m.orientation(),
                m.postprocessing(), new ModelManifest.Segment("L".repeat(65), s.category(), s.type(), s.algorithmType(), s.color()), m.qc());
        InferenceException e = assertThrows(InferenceException.class, () -> SeriesProcessor.segmentDescription(longLabel));
        assertTrue(e.getMessage().startsWith("model manifest of hu-band 1: segment: segment label is not a valid LO value"), e.getMessage());
    }

    @Test
    void aVolumeWithoutLocalizersIsKeyedByTheJobOfItsSpoolVersion() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(4);
        List<Path> written = phantom.write(dir.resolve("written"));
        Spool spool = Spool.open(dir.resolve("spool"));
        Path folder = Files.createDirectories(spool.seriesFolder(phantom.seriesInstanceUid()));
        for (int z = 0; z < written.size(); z++) {
            Files.move(written.get(z), folder.resolve(phantom.sopInstanceUid(z) + ".dcm"));
        }
        CtVolume volume = new VolumeAssembler().assemble(spool.instances(phantom.seriesInstanceUid()));
        assertEquals(spool.currentVersion(phantom.seriesInstanceUid()).jobId(), SeriesProcessor.volumeKey(volume));
    }
}
