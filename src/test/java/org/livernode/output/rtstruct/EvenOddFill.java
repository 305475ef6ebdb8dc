package org.livernode.output.rtstruct;

import java.util.List;

/**
 * The region that polygons in pixel index space enclose, as a receiver fills it: a pixel is inside when a
 * ray from its centre crosses the polygons' edges an odd number of times. Plain point-in-polygon tests,
 * sharing nothing with the tracer.
 */
final class EvenOddFill {

    private EvenOddFill() {}

    static byte[] fill(List<PixelContour> contours, int rows, int columns) {
        byte[] plane = new byte[rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int crossings = 0;
                for (PixelContour contour : contours) {
                    crossings += crossingsRightOf(contour.points(), r, c);
                }
                plane[r * columns + c] = (byte) (crossings % 2);
            }
        }
        return plane;
    }

    /** Edges crossing the horizontal ray from (row, column) towards increasing columns. */
    private static int crossingsRightOf(List<PixelPoint> points, double row, double column) {
        int crossings = 0;
        for (int i = 0; i < points.size(); i++) {
            PixelPoint a = points.get(i), b = points.get((i + 1) % points.size());
            if ((a.row() > row) != (b.row() > row)) {
                double atRow = a.column() + (row - a.row()) * (b.column() - a.column()) / (b.row() - a.row());
                if (atRow > column) {
                    crossings++;
                }
            }
        }
        return crossings;
    }
}
