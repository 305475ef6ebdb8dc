package org.livernode.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The mask that closed planar contours enclose on one image: each pixel whose centre lies inside an odd number of
 * contours (even-odd, so a hole drawn as a contour of its own stays empty). Pure: the image's geometry and the
 * contours' patient coordinates in, the mask out.
 */
public final class ContourMask {
    private ContourMask() {}

    /**
     * Where an image lies: ImagePositionPatient (the centre of its first pixel), ImageOrientationPatient (the
     * direction of increasing column, then of increasing row) and PixelSpacing (between rows, between columns).
     */
    public record Geometry(double[] position, double[] rowDirection, double[] columnDirection, double rowSpacing, double columnSpacing,
            int rows, int columns) {}

    /** @param contours each x y z in turn, in mm */
    public static byte[] rasterize(List<double[]> contours, Geometry g) {
        List<double[][]> polygons = new ArrayList<>();
        for (double[] points : contours) {
            int n = points.length / 3;
            double[][] pixels = new double[n][];
            for (int i = 0; i < n; i++) {
                double dx = points[3 * i] - g.position()[0];
                double dy = points[3 * i + 1] - g.position()[1];
                double dz = points[3 * i + 2] - g.position()[2];
                double column = (dx * g.rowDirection()[0] + dy * g.rowDirection()[1] + dz * g.rowDirection()[2]) / g.columnSpacing();
                double row = (dx * g.columnDirection()[0] + dy * g.columnDirection()[1] + dz * g.columnDirection()[2]) / g.rowSpacing();
                pixels[i] = new double[] {column, row};
            }
            polygons.add(pixels);
        }
        byte[] mask = new byte[g.rows() * g.columns()];
        for (int row = 0; row < g.rows(); row++) {
            List<Double> crossings = new ArrayList<>();
            for (double[][] polygon : polygons) {
                for (int i = 0; i < polygon.length; i++) {
                    double[] a = polygon[i];
                    double[] b = polygon[(i + 1) % polygon.length];
                    // Half-open in y, so a vertex on the scan line counts once.
                    if ((a[1] <= row) != (b[1] <= row)) {
                        crossings.add(a[0] + (row - a[1]) / (b[1] - a[1]) * (b[0] - a[0]));
                    }
                }
            }
            Collections.sort(crossings);
            for (int k = 0; k + 1 < crossings.size(); k += 2) {
                int from = Math.max(0, (int) Math.ceil(crossings.get(k)));
                int to = Math.min(g.columns() - 1, (int) Math.ceil(crossings.get(k + 1)) - 1);
                for (int column = from; column <= to; column++) {
                    mask[row * g.columns() + column] = 1;
                }
            }
        }
        return mask;
    }
}
