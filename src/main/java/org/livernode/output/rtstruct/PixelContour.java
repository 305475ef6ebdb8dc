package org.livernode.output.rtstruct;

import java.util.List;

/**
 * A closed polygon in a slice's pixel index space; the last point connects back to the first.
 * Contours from {@link ContourTracer} keep the mask on their left when the plane is drawn with columns
 * along x and rows along y (a right-handed x-y plane), so an outer boundary has positive {@link #signedArea}
 * and the boundary of a hole negative.
 */
record PixelContour(List<PixelPoint> points) {

    PixelContour {
        points = List.copyOf(points);
    }

    /** Shoelace area in pixels, with columns as x and rows as y: positive when the points run counter-clockwise. */
    double signedArea() {
        double twiceArea = 0;
        for (int i = 0; i < points.size(); i++) {
            PixelPoint a = points.get(i);
            PixelPoint b = points.get((i + 1) % points.size());
            twiceArea += a.column() * b.row() - b.column() * a.row();
        }
        return twiceArea / 2;
    }

    /** True for the boundary of a hole: it runs clockwise, with the mask outside. */
    boolean isHole() {
        return signedArea() < 0;
    }
}
