package org.livernode.output.sr;

import java.nio.file.Path;
import java.util.List;
import org.livernode.output.OutputIdentity;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtVolume;

/** What the volume report tests build their reports of: the SEG of the phantom's volume and a fixed identity. */
final class ReportFixtures {
    static final List<String> REVIEW_REASONS = List.of("liver volume below 800 ml", "mask touches the last slice");

    private ReportFixtures() {}

    static OutputIdentity identity(CtVolume volume) {
        return OutputFixtures.identity(volume, "SR", 903, "Liver volume (livernode)");
    }

    /** The SEG the node writes of {@code volume}, as the report references it. */
    static SegmentationReference segmentation(CtVolume volume) {
        OutputIdentity seg = OutputFixtures.segIdentity(volume);
        return new SegmentationReference(seg.seriesInstanceUid(), seg.sopInstanceUid());
    }

    /** Writes a report of {@code volume} stating {@code liver} and {@code quality} to {@code file}. */
    static Path write(CtVolume volume, LiverVolume liver, QualityAssessment quality, Path file) throws Exception {
        new DicomVolumeReport(volume, segmentation(volume), OutputFixtures.liver(), liver, quality, identity(volume)).write(file);
        return file;
    }
}
