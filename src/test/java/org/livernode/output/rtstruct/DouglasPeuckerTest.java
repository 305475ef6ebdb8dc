package org.livernode.output.rtstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DouglasPeuckerTest {

    private static PixelPoint p(double row, double column) {
        return new PixelPoint(row, column);
    }

    @Test
    void pointsOnTheSidesOfASquareAreDroppedAndItsCornersKept() {
        List<PixelPoint> ring = List.of(p(0, 0), p(0, 1), p(0, 2), p(0, 3), p(1, 3), p(2, 3), p(3, 3), p(3, 2), p(3, 1), p(3, 0),
                p(2, 0), p(1, 0));
        assertEquals(List.of(p(0, 0), p(0, 3), p(3, 3), p(3, 0)), DouglasPeucker.simplifyClosed(ring, 0.25));
    }

    @Test
    void aBumpStaysWhenItIsHigherThanTheTolerance() {
        List<PixelPoint> low = List.of(p(0, 0), p(0, 2), p(-0.2, 4), p(0, 6), p(5, 6), p(5, 0));
        assertEquals(List.of(p(0, 0), p(0, 6), p(5, 6), p(5, 0)), DouglasPeucker.simplifyClosed(low, 0.25));
        List<PixelPoint> high = List.of(p(0, 0), p(0, 2), p(-0.3, 4), p(0, 6), p(5, 6), p(5, 0));
        assertEquals(List.of(p(0, 0), p(-0.3, 4), p(0, 6), p(5, 6), p(5, 0)), DouglasPeucker.simplifyClosed(high, 0.25));
    }

    @Test
    void theClosingSideIsSimplifiedToo() {
        // The last points lie on the side from the last corner back to the first point.
        List<PixelPoint> ring = List.of(p(0, 0), p(0, 4), p(4, 4), p(4, 0), p(3, 0), p(2, 0), p(1, 0));
        assertEquals(List.of(p(0, 0), p(0, 4), p(4, 4), p(4, 0)), DouglasPeucker.simplifyClosed(ring, 0.25));
    }

    @Test
    void triangleAndSmallerRingsStayAsTheyAre() {
        List<PixelPoint> triangle = List.of(p(0, 0), p(0, 0.1), p(0.1, 0));
        assertEquals(triangle, DouglasPeucker.simplifyClosed(triangle, 0.5));
    }

    @Test
    void aNegativeOrUndefinedToleranceIsRefused() {
        List<PixelPoint> square = List.of(p(0, 0), p(0, 1), p(1, 1), p(1, 0));
        assertThrows(IllegalArgumentException.class, () -> DouglasPeucker.simplifyClosed(square, -0.1));
        assertThrows(IllegalArgumentException.class, () -> DouglasPeucker.simplifyClosed(square, Double.NaN));
    }

    /**
     * On random polygons: the kept points are a subsequence of the ring that starts with its first point, and
     * every dropped point lies within the tolerance of the kept segment that replaces it.
     */
    @Test
    void distanceToASegmentIsToItsNearestPoint() {
        PixelPoint a = p(0, 0), b = p(0, 4);
        assertEquals(3, DouglasPeucker.distanceToSegment(p(3, 2), a, b), 1e-12, "perpendicular foot inside the segment");
        assertEquals(5, DouglasPeucker.distanceToSegment(p(3, 8), a, b), 1e-12, "beyond the end: distance to that end");
        assertEquals(5, DouglasPeucker.distanceToSegment(p(-3, -4), a, b), 1e-12, "before the start: distance to the start");
        assertEquals(5, DouglasPeucker.distanceToSegment(p(3, 4), a, a), 1e-12, "a segment of length zero is a point");
    }

    @Test
    void everyDroppedPointLiesWithinTheToleranceOfItsReplacement() {
        Random random = new Random(7);
        int dropped = 0;
        for (int trial = 0; trial < 200; trial++) {
            List<PixelPoint> ring = new ArrayList<>();
            int n = 4 + random.nextInt(60);
            for (int i = 0; i < n; i++) {
                double angle = 2 * Math.PI * i / n;
                double radius = 10 + random.nextGaussian();
                ring.add(p(radius * Math.sin(angle), radius * Math.cos(angle)));
            }
            double tolerance = random.nextDouble();
            List<PixelPoint> kept = DouglasPeucker.simplifyClosed(ring, tolerance);
            assertEquals(ring.get(0), kept.get(0));
            dropped += ring.size() - kept.size();
            List<Integer> keptIndices = new ArrayList<>();
            int next = 0;
            for (PixelPoint point : kept) {
                while (!ring.get(next).equals(point)) {
                    next++;
                }
                keptIndices.add(next++);
            }
            for (int k = 0; k < keptIndices.size(); k++) {
                int from = keptIndices.get(k);
                int to = k + 1 < keptIndices.size() ? keptIndices.get(k + 1) : n;
                for (int i = from + 1; i < to; i++) {
                    double distance = DouglasPeucker.distanceToSegment(ring.get(i), ring.get(from), ring.get(to % n));
                    assertTrue(distance <= tolerance, "point " + i + " was dropped " + distance + " from its replacement, tolerance " + tolerance);
                }
            }
        }
        assertTrue(dropped > 0, "the random rings must give the simplification something to drop");
    }
}
