package org.livernode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContourMaskTest {
    private static final double[] X = {1, 0, 0};
    private static final double[] Y = {0, 1, 0};

    /** A closed square from (a, a) to (b, b) on the plane z. */
    private static double[] square(double a, double b, double z) {
        return new double[] {a, a, z, b, a, z, b, b, z, a, b, z};
    }

    private static String picture(byte[] mask, int columns) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < mask.length; i++) {
            text.append(mask[i] != 0 ? '#' : '.');
            if (i % columns == columns - 1) {
                text.append('\n');
            }
        }
        return text.toString();
    }

    @Test
    void pixelsWhoseCentresTheContourEnclosesAreInsideAndAHoleStaysEmpty() {
        ContourMask.Geometry grid = new ContourMask.Geometry(new double[] {0, 0, 0}, X, Y, 1, 1, 6, 6);
        assertEquals("""
                ......
                ......
                ..##..
                ..##..
                ......
                ......
                """, picture(ContourMask.rasterize(List.of(square(1.5, 3.5, 0)), grid), 6), "the contour runs halfway between pixel centres");
        assertEquals("""
                ......
                .####.
                .#..#.
                .#..#.
                .####.
                ......
                """, picture(ContourMask.rasterize(List.of(square(0.5, 4.5, 0), square(1.5, 3.5, 0)), grid), 6), "even-odd: a contour inside another is a hole");
    }

    @Test
    void patientCoordinatesGoThroughTheImagesPositionOrientationAndSpacing() {
        // Rows run along -x and columns along +y, 2 mm apart, the first pixel centred at (10, -4, 7).
        ContourMask.Geometry grid = new ContourMask.Geometry(new double[] {10, -4, 7}, Y, new double[] {-1, 0, 0}, 2, 2, 4, 5);
        // Columns 1 to 3 are y -2 to 2, rows 1 and 2 are x 8 and 6.
        double[] contour = {8.9, -3, 7, 8.9, 3, 7, 5.1, 3, 7, 5.1, -3, 7};
        assertEquals("""
                .....
                .###.
                .###.
                .....
                """, picture(ContourMask.rasterize(List.of(contour), grid), 5));
        assertEquals("....\n....\n", picture(ContourMask.rasterize(List.of(), new ContourMask.Geometry(new double[3], X, Y, 1, 1, 2, 4)), 4));
    }
}
