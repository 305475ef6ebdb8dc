package org.livernode.volume;

/**
 * One slice of a CT volume: which instance it came from, where it lies, and its pixels in Hounsfield
 * units (rescale applied, clamped to the short range), row by row.
 */
public record CtSlice(String sopClassUid, String sopInstanceUid, SliceGeometry geometry, short[] hu) {

    public CtSlice {
        if (hu.length != geometry.rows() * geometry.columns()) {
            throw new IllegalArgumentException("slice " + sopInstanceUid + " has " + hu.length + " pixels, expected "
                    + geometry.rows() + "x" + geometry.columns());
        }
    }
}
