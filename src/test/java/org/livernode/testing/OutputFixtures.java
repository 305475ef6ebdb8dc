package org.livernode.testing;

import java.time.LocalDateTime;
import org.livernode.dicom.CodedConcept;
import org.livernode.output.OutputIdentity;
import org.livernode.output.OutputUids;
import org.livernode.output.SegmentDescription;
import org.livernode.volume.CtVolume;

/** What the output writers' tests describe their objects with: the liver segment and a fixed identity. */
public final class OutputFixtures {
    public static final String MODEL_NAME = "livernode-liver";
    public static final String MODEL_VERSION = "1.0.0";
    /** Slicer's liver colour; dcmqi's reference SEG stores it as CIELab 41661\41167\40792. */
    public static final int[] LIVER_RGB = {221, 130, 101};

    private OutputFixtures() {}

    public static SegmentDescription liver() {
        return new SegmentDescription("Liver",
                new CodedConcept("123037004", "SCT", "Anatomical Structure"),
                new CodedConcept("10200004", "SCT", "Liver"),
                "AUTOMATIC", MODEL_NAME, MODEL_VERSION, LIVER_RGB);
    }

    /** UIDs derived as the node derives them, for an output of {@code type} ("SEG", "RTSTRUCT"). */
    public static OutputIdentity identity(CtVolume volume, String type, int seriesNumber, String seriesDescription) {
        OutputUids uids = OutputUids.forVolume(volume, MODEL_NAME, MODEL_VERSION, type);
        return new OutputIdentity(uids.seriesInstanceUid(), uids.sopInstanceUid(), seriesNumber, 1, seriesDescription,
                LocalDateTime.of(2026, 11, 27, 10, 42, 7), "0.1.0", "node-01");
    }
}
