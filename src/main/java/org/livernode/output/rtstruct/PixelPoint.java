package org.livernode.output.rtstruct;

/**
 * A point in one slice's pixel index space: {@code row} along the column direction, {@code column} along the
 * row direction, both in pixels, with the centre of pixel (r, c) at (r, c). Fractional values lie between
 * pixel centres; {@link org.livernode.volume.SliceGeometry#patientPoint} maps a point to patient coordinates.
 */
record PixelPoint(double row, double column) {}
