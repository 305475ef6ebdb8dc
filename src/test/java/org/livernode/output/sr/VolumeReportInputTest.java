package org.livernode.output.sr;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.dicom.CodedConcept;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtVolume;

/** Each rule on what a volume report states refuses a breach with a message that names it. */
class VolumeReportInputTest {
    private static final String SEG_CLASS = "1.2.840.10008.5.1.4.1.1.66.4";

    @TempDir
    Path folder;

    private static void refused(String expectedInMessage, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(e.getMessage().contains(expectedInMessage), () -> "message \"" + e.getMessage() + "\" lacks \"" + expectedInMessage + "\"");
    }

    @Test
    void aNegativeVolumeIsRefused() {
        refused("got -0.5", () -> new LiverVolume(-0.5, false));
    }

    @Test
    void aVolumeThatIsNotFiniteIsRefused() {
        refused("got NaN", () -> new LiverVolume(Double.NaN, false));
        refused("got Infinity", () -> new LiverVolume(Double.POSITIVE_INFINITY, false));
    }

    @Test
    void anUnknownOutcomeIsRefused() {
        refused("PASS or REVIEW, got FAIL", () -> new QualityAssessment("FAIL", List.of("too small")));
        refused("PASS or REVIEW, got pass", () -> new QualityAssessment("pass", List.of()));
    }

    @Test
    void aReviewWithoutReasonIsRefused() {
        refused("REVIEW needs at least one reason", () -> QualityAssessment.review(List.of()));
    }

    @Test
    void aPassWithReasonsIsRefused() {
        refused("PASS has no reasons", () -> new QualityAssessment("PASS", List.of("mask touches the first slice")));
    }

    @Test
    void aBlankReasonIsRefused() {
        refused("reason is blank", () -> QualityAssessment.review(List.of("too small", " ")));
    }

    @Test
    void anInvalidSegUidIsRefused() {
        refused("SEG's SOPInstanceUID is not a valid UID: 1.2.03", () -> new SegmentationReference("1.2.3", "1.2.03"));
        refused("SEG's SeriesInstanceUID is not a valid UID", () -> new SegmentationReference("", "1.2.3"));
    }

    @Test
    void aSourceWithAnInvalidUidIsRefused() throws Exception {
        CtVolume valid = OutputFixtures.volume(new CtPhantom().slices(2), folder.resolve("ct"));
        CtVolume invalid = new CtVolume("1.2.3.", valid.studyInstanceUid(), valid.frameOfReferenceUid(), false, valid.slices(), valid.header());
        refused("SeriesInstanceUID is not a valid UID", () -> new DicomVolumeReport(invalid, ReportFixtures.segmentation(valid),
                OutputFixtures.liver(), new LiverVolume(1, false), QualityAssessment.pass(), ReportFixtures.identity(valid)));
    }

    @Test
    void contentItemsRefuseValuesDicomCannotHold() {
        refused("finite value", () -> new ContentValue.Num(Double.NaN, new CodedConcept("ml", "UCUM", "milliliter")));
        refused("segment numbers start at 1", () -> new ContentValue.Image(SEG_CLASS, "1.2.3", 0));
        refused("UIDREF item is not a valid UID", () -> new ContentValue.UidRef("1.2.x"));
        refused("TEXT item needs text", () -> new ContentValue.Text(""));
        refused("\"SELECTED FROM\" is none of", () -> RelationshipType.of("SELECTED FROM"));
    }
}
