package org.livernode.output;

import java.util.List;
import org.livernode.dicom.DataSet;
import org.livernode.dicom.Tag;
import org.livernode.volume.CtVolume;

/** Items that reference the source slices of an output: each slice's ReferencedSOPClassUID and ReferencedSOPInstanceUID. */
public final class SourceReferences {

    private SourceReferences() {}

    /** An item that references the image of these UIDs; callers may add to it. */
    public static DataSet image(String sopClassUid, String sopInstanceUid) {
        return new DataSet()
                .put(Tag.ReferencedSOPClassUID, sopClassUid)
                .put(Tag.ReferencedSOPInstanceUID, sopInstanceUid);
    }

    /** One item per slice of {@code volume}, in the volume's order. */
    public static List<DataSet> everySlice(CtVolume volume) {
        return volume.slices().stream().map(slice -> image(slice.sopClassUid(), slice.sopInstanceUid())).toList();
    }
}
