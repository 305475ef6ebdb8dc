package org.livernode.output.sr;

import org.livernode.dicom.UidSyntax;

/** The SEG whose segment the report measures: its series and instance. */
public record SegmentationReference(String seriesInstanceUid, String sopInstanceUid) {
    public SegmentationReference {
        if (!UidSyntax.isUid(seriesInstanceUid, UidSyntax.Leniency.STRICT)) {
            throw new IllegalArgumentException("the SEG's SeriesInstanceUID is not a valid UID: " + seriesInstanceUid);
        }
        if (!UidSyntax.isUid(sopInstanceUid, UidSyntax.Leniency.STRICT)) {
            throw new IllegalArgumentException("the SEG's SOPInstanceUID is not a valid UID: " + sopInstanceUid);
        }
    }
}
