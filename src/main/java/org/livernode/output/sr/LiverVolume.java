package org.livernode.output.sr;

import org.livernode.output.SourceChecks;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.SliceGeometry;

/**
 * The volume of the segmented liver, as the report states it.
 *
 * @param withinScannedRangeOnly true when the liver reaches the edge of the scanned range, so that the volume
 *     counts only the part inside it
 */
public record LiverVolume(double millilitres, boolean withinScannedRangeOnly) {

    public LiverVolume {
        if (!Double.isFinite(millilitres) || millilitres < 0) {
            throw new IllegalArgumentException("a volume is a finite number of millilitres, 0 or more, got " + millilitres);
        }
    }

    /**
     * The mask's volume in millilitres: each set voxel counts its pixel area times the thickness of its slice along
     * the normal, half the distance to each neighbouring slice (the distance to the one neighbour at either end),
     * which with even spacing is the distance between adjacent slice positions.
     *
     * @throws IllegalArgumentException when the mask does not fit the volume, the volume has one slice (no spacing),
     *     or two slices lie at the same position
     */
    public static double millilitres(CtVolume volume, SegmentationMask mask) {
        SourceChecks.requireMaskFitsVolume(volume, mask);
        if (volume.depth() < 2) {
            throw new IllegalArgumentException("a volume of one slice has no slice spacing to measure a volume with");
        }
        double[] along = volume.positionsAlongNormal();
        for (int z = 1; z < along.length; z++) {
            if (!(along[z] > along[z - 1])) {
                throw new IllegalArgumentException("slices " + (z - 1) + " and " + z + " lie at the same position along the normal");
            }
        }
        double cubicMillimetres = 0;
        int last = along.length - 1;
        for (int z = 0; z <= last; z++) {
            double below = z > 0 ? along[z] - along[z - 1] : along[1] - along[0];
            double above = z < last ? along[z + 1] - along[z] : along[last] - along[last - 1];
            double thickness = (below + above) / 2;
            SliceGeometry grid = volume.slices().get(z).geometry();
            cubicMillimetres += mask.count(z) * grid.rowSpacing() * grid.columnSpacing() * thickness;
        }
        return cubicMillimetres / 1000;
    }
}
