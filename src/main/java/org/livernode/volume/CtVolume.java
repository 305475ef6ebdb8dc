package org.livernode.volume;

import java.util.List;
import org.livernode.dicom.InstanceHeader;

/**
 * A CT series assembled into a volume: slices sorted by ascending position along the slice normal, all on
 * the same grid. {@code header} is the first instance's header (without pixel data), from which
 * outputs copy the patient, study and equipment modules.
 *
 * @param frameOfReferenceDerived true when the source carried no FrameOfReferenceUID and the node derived one
 */
public record CtVolume(
        String seriesInstanceUid,
        String studyInstanceUid,
        String frameOfReferenceUid,
        boolean frameOfReferenceDerived,
        List<CtSlice> slices,
        InstanceHeader header) {

    public CtVolume {
        if (slices.isEmpty()) {
            throw new IllegalArgumentException("a volume needs at least one slice");
        }
        slices = List.copyOf(slices);
    }

    public int depth() {
        return slices.size();
    }

    public int rows() {
        return slices.get(0).geometry().rows();
    }

    public int columns() {
        return slices.get(0).geometry().columns();
    }

    /** Each slice's distance (mm) along the first slice's normal, in slice order, so ascending. */
    public double[] positionsAlongNormal() {
        Vec3 normal = slices.get(0).geometry().normal();
        return slices.stream().mapToDouble(slice -> slice.geometry().distanceAlong(normal)).toArray();
    }
}
