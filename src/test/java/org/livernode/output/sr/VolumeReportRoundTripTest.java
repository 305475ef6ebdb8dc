package org.livernode.output.sr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.output.ReadBack;
import org.livernode.output.seg.DicomSegmentation;
import org.livernode.output.seg.EmptyFrames;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;

/** The reader, built on the encoder's content items, reads back what the report was made to state. */
class VolumeReportRoundTripTest {

    @TempDir
    Path folder;

    @Test
    void aReviewReadsBackWithItsReasonsVolumeAndSegment() throws Exception {
        CtVolume volume = OutputFixtures.volume(new CtPhantom().slices(6), folder.resolve("ct"));
        LiverVolume liver = new LiverVolume(1523.25, true);
        QualityAssessment review = QualityAssessment.review(ReportFixtures.REVIEW_REASONS);
        VolumeReport report = VolumeReport.read(ReportFixtures.write(volume, liver, review, folder.resolve("sr.dcm")));

        assertEquals(liver, report.volume());
        assertEquals(review, report.quality());
        assertEquals(new ContentValue.Image("1.2.840.10008.5.1.4.1.1.66.4", ReportFixtures.segmentation(volume).sopInstanceUid(),
                DicomSegmentation.SEGMENT_NUMBER), report.referencedSegment());
        assertEquals(volume.seriesInstanceUid(), report.sourceSeriesInstanceUid());
    }

    @Test
    void aPassOfTheWholeLiverReadsBackWithoutReasonsOrComment() throws Exception {
        CtVolume volume = OutputFixtures.volume(new CtPhantom().slices(6), folder.resolve("ct"));
        VolumeReport report = VolumeReport.read(ReportFixtures.write(volume, new LiverVolume(0, false), QualityAssessment.pass(),
                folder.resolve("sr.dcm")));

        assertEquals(new LiverVolume(0, false), report.volume());
        assertEquals(QualityAssessment.pass(), report.quality());
    }

    /** The SR Document General module: flags, and the evidence of every CT slice and the SEG, by series. */
    @Test
    void theEvidenceReferencesEveryCtSliceAndTheSeg() throws Exception {
        CtVolume volume = OutputFixtures.volume(new CtPhantom().slices(6), folder.resolve("ct"));
        Path file = ReportFixtures.write(volume, new LiverVolume(10, false), QualityAssessment.pass(), folder.resolve("sr.dcm"));
        AttributeList list = ReadBack.read(file);

        ReadBack.assertCommonModules(list, volume, ReportFixtures.identity(volume), "SR", "903");
        assertEquals("1.2.840.10008.5.1.4.1.1.88.34", ReadBack.value(list, TagFromName.SOPClassUID));
        assertEquals("COMPLETE", ReadBack.value(list, TagFromName.CompletionFlag));
        assertEquals("UNVERIFIED", ReadBack.value(list, TagFromName.VerificationFlag));
        assertFalse(list.containsKey(TagFromName.FrameOfReferenceUID), "an SR without spatial coordinates has no Frame of Reference");
        AttributeList study = ReadBack.only(list, TagFromName.CurrentRequestedProcedureEvidenceSequence);
        assertEquals(volume.studyInstanceUid(), ReadBack.value(study, TagFromName.StudyInstanceUID));
        List<AttributeList> series = ReadBack.items(study, TagFromName.ReferencedSeriesSequence);
        assertEquals(List.of(volume.seriesInstanceUid(), ReportFixtures.segmentation(volume).seriesInstanceUid()),
                series.stream().map(s -> ReadBack.value(s, TagFromName.SeriesInstanceUID)).toList());
        assertEquals(volume.slices().stream().map(CtSlice::sopInstanceUid).toList(),
                ReadBack.items(series.get(0), TagFromName.ReferencedSOPSequence).stream()
                        .map(i -> ReadBack.value(i, TagFromName.ReferencedSOPInstanceUID)).toList());
        AttributeList seg = ReadBack.only(series.get(1), TagFromName.ReferencedSOPSequence);
        assertEquals(ReportFixtures.segmentation(volume).sopInstanceUid(), ReadBack.value(seg, TagFromName.ReferencedSOPInstanceUID));
        assertEquals("1.2.840.10008.5.1.4.1.1.66.4", ReadBack.value(seg, TagFromName.ReferencedSOPClassUID));
        assertEquals(List.of(), ReadBack.uncleanValues(list));
    }

    @Test
    void theReaderRefusesAnotherDocumentNamingWhatItFound() throws Exception {
        CtVolume volume = OutputFixtures.volume(new CtPhantom().slices(3), folder.resolve("ct"));
        Path seg = folder.resolve("seg.dcm");
        new DicomSegmentation(volume, OutputFixtures.liverMask(new CtPhantom().slices(3), volume), OutputFixtures.liver(),
                OutputFixtures.segIdentity(volume), EmptyFrames.OMIT).write(seg);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> VolumeReport.read(seg));
        assertTrue(refused.getMessage().contains("not a CONTAINER"), refused.getMessage());
    }
}
