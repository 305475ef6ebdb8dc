package org.livernode.volume;

import java.util.List;
import org.livernode.dicom.InstanceHeader;
import org.livernode.dicom.Tag;

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
    /**
     * The thickness each slice stands for along the normal: half the distance to each neighbouring slice (the distance
     * to the one neighbour at either end), which with even spacing is the spacing. A single slice counts with its
     * header's SliceThickness (0 when it has none).
     */
    public double[] sliceThicknesses() {
        if (depth() == 1) {
            return new double[] {Math.max(0, header.doubleOr(Tag.SliceThickness, 0))};
        }
        double[] along = positionsAlongNormal();
        int last = along.length - 1;
        double[] thickness = new double[along.length];
        for (int z = 0; z <= last; z++) {
            double below = Math.abs(z > 0 ? along[z] - along[z - 1] : along[1] - along[0]);
            double above = Math.abs(z < last ? along[z + 1] - along[z] : along[last] - along[last - 1]);
            thickness[z] = (below + above) / 2;
        }
        return thickness;
    }

    public double[] positionsAlongNormal() {
        Vec3 normal = slices.get(0).geometry().normal();
        return slices.stream().mapToDouble(slice -> slice.geometry().distanceAlong(normal)).toArray();
    }
}
