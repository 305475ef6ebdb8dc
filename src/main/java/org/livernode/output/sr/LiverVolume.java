package org.livernode.output.sr;


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
}
