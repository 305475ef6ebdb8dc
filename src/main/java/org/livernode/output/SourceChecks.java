package org.livernode.output;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.livernode.dicom.UidSyntax;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;

/**
 * What every output made from a volume and its mask needs of them (SEG, RT Structure Set): a mask of the
 * volume's shape, valid and distinct UIDs to reference, and a source header to copy patient and study from.
 * Each check throws an IllegalArgumentException that says what is wrong.
 */
public final class SourceChecks {

    private SourceChecks() {}

    public static void requireMaskFitsVolume(CtVolume volume, SegmentationMask mask) {
        List<String> differences = new ArrayList<>();
        if (mask.depth() != volume.depth()) {
            differences.add("slices " + mask.depth() + " vs " + volume.depth());
        }
        if (mask.rows() != volume.rows()) {
            differences.add("rows " + mask.rows() + " vs " + volume.rows());
        }
        if (mask.columns() != volume.columns()) {
            differences.add("columns " + mask.columns() + " vs " + volume.columns());
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("the mask does not match the volume (mask vs volume): " + String.join(", ", differences));
        }
    }

    /** Series, study and frame of reference UIDs, and each slice's SOP class and distinct SOP instance UID. */
    public static void requireValidUids(CtVolume volume) {
        requireUid("the volume's SeriesInstanceUID", volume.seriesInstanceUid());
        requireUid("the volume's StudyInstanceUID", volume.studyInstanceUid());
        requireUid("the volume's FrameOfReferenceUID", volume.frameOfReferenceUid());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < volume.depth(); i++) {
            CtSlice slice = volume.slices().get(i);
            requireUid("the SOPClassUID of slice " + i, slice.sopClassUid());
            requireUid("the SOPInstanceUID of slice " + i, slice.sopInstanceUid());
            if (!seen.add(slice.sopInstanceUid())) {
                throw new IllegalArgumentException("slice " + i + " repeats SOPInstanceUID " + slice.sopInstanceUid());
            }
        }
    }

    public static void requireSourceAttributes(CtVolume volume) {
        if (volume.header() == null) {
            throw new IllegalArgumentException("the volume has no source attributes to copy patient and study from");
        }
    }

    private static void requireUid(String what, String uid) {
        if (!UidSyntax.isUid(uid, UidSyntax.Leniency.STRICT)) {
            throw new IllegalArgumentException(what + " is not a valid UID: " + uid);
        }
    }
}
