package org.livernode.output.rtstruct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tracer's convention, case by case: vertices halfway between inside and outside pixel centres, one
 * contour per 8-connected component, one hole contour per 4-connected background region enclosed, outer
 * contours counter-clockwise (columns as x, rows as y) and holes clockwise; the even-odd fill of the contours
 * gives back the mask, before and after simplification.
 */
class ContourTracerTest {

    /** A mask drawn with '#' for inside and '.' for outside. */
    private record Mask(byte[] plane, int rows, int columns) {
        /** A drawing in a text block, one line per row. */
        static Mask of(String drawing) {
            String[] lines = drawing.lines().toArray(String[]::new);
            int columns = lines[0].length();
            byte[] plane = new byte[lines.length * columns];
            for (int r = 0; r < lines.length; r++) {
                assertEquals(columns, lines[r].length(), "row " + r + " of the drawing");
                for (int c = 0; c < columns; c++) {
                    plane[r * columns + c] = (byte) (lines[r].charAt(c) == '#' ? 1 : 0);
                }
            }
            return new Mask(plane, lines.length, columns);
        }

        long count() {
            long n = 0;
            for (byte b : plane) {
                n += b;
            }
            return n;
        }

        List<PixelContour> trace() {
            return ContourTracer.trace(plane, rows, columns);
        }

        List<PixelContour> traceSimplified() {
            return ContourTracer.traceSimplified(plane, rows, columns);
        }
    }

    private static PixelPoint p(double row, double column) {
        return new PixelPoint(row, column);
    }

    /** Filled back, raw and simplified contours give exactly the mask. */
    private static void assertFillsBack(Mask mask) {
        assertArrayEquals(mask.plane(), EvenOddFill.fill(mask.trace(), mask.rows(), mask.columns()), "traced contours");
        assertArrayEquals(mask.plane(), EvenOddFill.fill(mask.traceSimplified(), mask.rows(), mask.columns()), "simplified contours");
    }

    private static long holes(List<PixelContour> contours) {
        return contours.stream().filter(PixelContour::isHole).count();
    }

    private static final Mask SINGLE_PIXEL = Mask.of("""
            ...
            .#.
            ...
            """);
    private static final Mask RECTANGLE = Mask.of("""
            ......
            .####.
            .####.
            .####.
            ......
            """);
    private static final Mask L_SHAPE = Mask.of("""
            .......
            .##....
            .##....
            .#####.
            .#####.
            .......
            """);
    private static final Mask SEPARATE_COMPONENTS = Mask.of("""
            ##.....
            ##..##.
            ....##.
            .#.....
            """);
    private static final Mask RING = Mask.of("""
            .......
            .#####.
            .#...#.
            .#...#.
            .#...#.
            .#####.
            .......
            """);
    private static final Mask ISLAND_IN_A_HOLE = Mask.of("""
            .........
            .#######.
            .#.....#.
            .#.....#.
            .#..#..#.
            .#.....#.
            .#.....#.
            .#######.
            .........
            """);
    private static final Mask DIAGONAL = Mask.of("""
            ....
            .#..
            ..#.
            ....
            """);
    /** The centre is background that touches the outside only at a corner: 4-connected background makes it a hole. */
    private static final Mask LEAKY_RING = Mask.of("""
            .##
            #.#
            ###
            """);
    private static final Mask FULL = Mask.of("""
            ###
            ###
            """);
    private static final Mask CORNERS = Mask.of("""
            #...#
            .....
            #...#
            """);

    /** One contour per 8-connected component, one hole per enclosed 4-connected background region, raw and simplified. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("drawings")
    void eachDrawingHasItsContoursAndHolesAndFillsBack(String name, Mask mask, int contours, int holes) {
        for (List<PixelContour> traced : List.of(mask.trace(), mask.traceSimplified())) {
            assertEquals(contours, traced.size(), "contours");
            assertEquals(holes, holes(traced), "holes");
        }
        assertFillsBack(mask);
    }

    static Stream<Arguments> drawings() {
        return Stream.of(
                Arguments.of("single pixel", SINGLE_PIXEL, 1, 0),
                Arguments.of("rectangle", RECTANGLE, 1, 0),
                Arguments.of("L shape", L_SHAPE, 1, 0),
                Arguments.of("separate components", SEPARATE_COMPONENTS, 3, 0),
                Arguments.of("ring", RING, 2, 1),
                Arguments.of("island in a hole", ISLAND_IN_A_HOLE, 3, 1),
                Arguments.of("pixels touching at a corner (8-connected mask)", DIAGONAL, 1, 0),
                Arguments.of("background touching the outside at a corner only (4-connected background)", LEAKY_RING, 2, 1),
                Arguments.of("mask filling the image", FULL, 1, 0),
                Arguments.of("pixels in the image corners", CORNERS, 4, 0));
    }

    @Test
    void aSinglePixelIsADiamondThroughTheMidpointsToItsNeighbours() {
        PixelContour diamond = SINGLE_PIXEL.traceSimplified().get(0);
        assertEquals(Set.of(p(0.5, 1), p(1, 1.5), p(1.5, 1), p(1, 0.5)), Set.copyOf(diamond.points()));
        assertEquals(4, diamond.points().size());
        assertEquals(0.5, diamond.signedArea(), 1e-12, "counter-clockwise with columns as x and rows as y");
    }

    @Test
    void aRectangleIsAnOctagonWithItsCornersCut() {
        PixelContour octagon = RECTANGLE.traceSimplified().get(0);
        assertEquals(Set.of(p(0.5, 1), p(0.5, 4), p(1, 4.5), p(3, 4.5), p(3.5, 4), p(3.5, 1), p(3, 0.5), p(1, 0.5)),
                Set.copyOf(octagon.points()));
        assertEquals(8, octagon.points().size(), "collinear midpoints are simplified away");
        assertEquals(RECTANGLE.count() - 0.5, octagon.signedArea(), 1e-12, "an eighth of a pixel less at each corner");
    }

    @Test
    void anLShapesConcaveCornerGainsWhatAConvexOneLoses() {
        PixelContour contour = L_SHAPE.traceSimplified().get(0);
        // Five convex corners lose an eighth of a pixel each, the concave one gains an eighth.
        assertEquals(L_SHAPE.count() - 0.5, contour.signedArea(), 1e-12);
        assertEquals(12, contour.points().size(), "two points per corner");
    }

    @Test
    void aRingsHoleContourRunsClockwiseInsideIt() {
        List<PixelContour> contours = RING.traceSimplified();
        PixelContour outer = contours.stream().filter(c -> !c.isHole()).findFirst().orElseThrow();
        PixelContour hole = contours.stream().filter(PixelContour::isHole).findFirst().orElseThrow();
        assertEquals(25 - 0.5, outer.signedArea(), 1e-12);
        assertEquals(-(9 - 0.5), hole.signedArea(), 1e-12, "the hole's boundary runs clockwise round its 9 pixels");
        for (PixelPoint point : hole.points()) {
            assertTrue(point.row() > 1 && point.row() < 5 && point.column() > 1 && point.column() < 5,
                    "hole vertex " + point + " lies inside the ring");
        }
    }

    @Test
    void anIslandInAHoleIsAnotherOuterContour() {
        PixelContour island = ISLAND_IN_A_HOLE.traceSimplified().stream().filter(c -> !c.isHole() && c.signedArea() < 1)
                .findFirst().orElseThrow();
        assertEquals(Set.of(p(3.5, 4), p(4, 4.5), p(4.5, 4), p(4, 3.5)), Set.copyOf(island.points()));
    }

    @Test
    void pixelsTouchingAtACornerShareOneOuterContour() {
        assertFalse(DIAGONAL.trace().get(0).isHole());
    }

    @Test
    void aMaskAtTheBorderIsOutlinedAlongTheImageEdge() {
        assertEquals(Set.of(p(-0.5, 0), p(-0.5, 2), p(0, 2.5), p(1, 2.5), p(1.5, 2), p(1.5, 0), p(1, -0.5), p(0, -0.5)),
                Set.copyOf(FULL.traceSimplified().get(0).points()));
        for (PixelContour contour : CORNERS.trace()) {
            for (PixelPoint point : contour.points()) {
                assertTrue(point.row() >= -0.5 && point.row() <= 2.5 && point.column() >= -0.5 && point.column() <= 4.5,
                        point + " lies outside the image");
            }
        }
    }

    @Test
    void anEmptyMaskHasNoContours() {
        assertEquals(List.of(), Mask.of("...\n...").trace());
    }

    @Test
    void aPlaneOfTheWrongSizeIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ContourTracer.trace(new byte[5], 2, 3));
        assertTrue(e.getMessage().contains("needs 6 pixels, got 5"), e.getMessage());
    }

    /**
     * Random masks on odd matrices, dense enough for saddles, holes, islands and pixels on every border:
     * filled back they are the mask; the traced contours' signed areas add up to the pixel count less half a
     * pixel per outer contour plus half a pixel per hole (an eighth of a pixel per convex or concave turn);
     * and no two simplified contours touch or cross, nor does a contour cross itself.
     */
    @Test
    void randomMasksOnOddMatricesFillBackExactlyWithContoursThatNeverMeet() {
        Random random = new Random(20261127);
        int[][] sizes = {{1, 1}, {1, 7}, {7, 1}, {5, 3}, {9, 13}, {31, 17}, {63, 61}};
        for (int[] size : sizes) {
            for (double density : new double[] {0.2, 0.5, 0.8}) {
                int rows = size[0], columns = size[1];
                byte[] plane = new byte[rows * columns];
                for (int i = 0; i < plane.length; i++) {
                    plane[i] = (byte) (random.nextDouble() < density ? 1 : 0);
                }
                Mask mask = new Mask(plane, rows, columns);
                String which = rows + "x" + columns + " at density " + density;
                assertArrayEquals(plane, EvenOddFill.fill(mask.trace(), rows, columns), which + ", traced");
                List<PixelContour> simplified = mask.traceSimplified();
                assertArrayEquals(plane, EvenOddFill.fill(simplified, rows, columns), which + ", simplified");
                List<PixelContour> traced = mask.trace();
                double area = traced.stream().mapToDouble(PixelContour::signedArea).sum();
                long outer = traced.size() - holes(traced);
                assertEquals(mask.count() - 0.5 * (outer - holes(traced)), area, 1e-9, which + ": area of the traced contours");
                assertNoSegmentsMeet(simplified, which);
            }
        }
    }

    /** Segments of the contours share no point, except consecutive segments of one contour at their common vertex. */
    private static void assertNoSegmentsMeet(List<PixelContour> contours, String which) {
        List<PixelPoint[]> segments = new ArrayList<>();
        List<int[]> owners = new ArrayList<>();
        for (int k = 0; k < contours.size(); k++) {
            List<PixelPoint> points = contours.get(k).points();
            for (int i = 0; i < points.size(); i++) {
                segments.add(new PixelPoint[] {points.get(i), points.get((i + 1) % points.size())});
                owners.add(new int[] {k, i, points.size()});
            }
        }
        for (int a = 0; a < segments.size(); a++) {
            for (int b = a + 1; b < segments.size(); b++) {
                int[] oa = owners.get(a), ob = owners.get(b);
                boolean neighbours = oa[0] == ob[0] && (Math.abs(oa[1] - ob[1]) == 1 || Math.abs(oa[1] - ob[1]) == oa[2] - 1);
                if (!neighbours && intersect(segments.get(a), segments.get(b))) {
                    throw new AssertionError(which + ": segments " + List.of(segments.get(a)) + " and " + List.of(segments.get(b)) + " meet");
                }
            }
        }
    }

    private static boolean intersect(PixelPoint[] s, PixelPoint[] t) {
        double d1 = cross(t[0], t[1], s[0]), d2 = cross(t[0], t[1], s[1]);
        double d3 = cross(s[0], s[1], t[0]), d4 = cross(s[0], s[1], t[1]);
        if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) {
            return true;
        }
        return (d1 == 0 && onSegment(t, s[0])) || (d2 == 0 && onSegment(t, s[1]))
                || (d3 == 0 && onSegment(s, t[0])) || (d4 == 0 && onSegment(s, t[1]));
    }

    private static double cross(PixelPoint o, PixelPoint a, PixelPoint b) {
        return (a.column() - o.column()) * (b.row() - o.row()) - (a.row() - o.row()) * (b.column() - o.column());
    }

    private static boolean onSegment(PixelPoint[] s, PixelPoint p) {
        return Math.min(s[0].column(), s[1].column()) <= p.column() && p.column() <= Math.max(s[0].column(), s[1].column())
                && Math.min(s[0].row(), s[1].row()) <= p.row() && p.row() <= Math.max(s[0].row(), s[1].row());
    }
}
