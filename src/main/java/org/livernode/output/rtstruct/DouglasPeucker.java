package org.livernode.output.rtstruct;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Ramer-Douglas-Peucker reduction of closed polygons in pixel index space. Pure. */
final class DouglasPeucker {

    private DouglasPeucker() {}

    /**
     * The points of the closed polygon {@code ring} that Douglas-Peucker keeps: every dropped point lies
     * within {@code tolerance} (pixels) of the segment that replaces it, and the kept points stay in their
     * order. The ring is split at its first point and the point farthest from it, which both stay.
     */
    static List<PixelPoint> simplifyClosed(List<PixelPoint> ring, double tolerance) {
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("the tolerance must be zero or positive, got " + tolerance);
        }
        int n = ring.size();
        if (n <= 3) {
            return List.copyOf(ring);
        }
        int farthest = 0;
        double farthestDistance = -1;
        for (int i = 1; i < n; i++) {
            double d = distance(ring.get(0), ring.get(i));
            if (d > farthestDistance) {
                farthest = i;
                farthestDistance = d;
            }
        }
        boolean[] keep = new boolean[n];
        keep[0] = true;
        keep[farthest] = true;
        // Spans are index pairs along the ring; index n is point 0 again. A stack, not recursion: long
        // contours would otherwise recurse as deep as they have points.
        Deque<int[]> spans = new ArrayDeque<>();
        spans.push(new int[] {0, farthest});
        spans.push(new int[] {farthest, n});
        while (!spans.isEmpty()) {
            int[] span = spans.pop();
            PixelPoint a = ring.get(span[0]), b = ring.get(span[1] % n);
            int worst = -1;
            double worstDistance = tolerance;
            for (int i = span[0] + 1; i < span[1]; i++) {
                double d = distanceToSegment(ring.get(i), a, b);
                if (d > worstDistance) {
                    worst = i;
                    worstDistance = d;
                }
            }
            if (worst >= 0) {
                keep[worst] = true;
                spans.push(new int[] {span[0], worst});
                spans.push(new int[] {worst, span[1]});
            }
        }
        List<PixelPoint> kept = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                kept.add(ring.get(i));
            }
        }
        return kept;
    }

    private static double distance(PixelPoint p, PixelPoint q) {
        return Math.hypot(p.row() - q.row(), p.column() - q.column());
    }

    static double distanceToSegment(PixelPoint p, PixelPoint a, PixelPoint b) {
        double dr = b.row() - a.row(), dc = b.column() - a.column();
        double lengthSquared = dr * dr + dc * dc;
        if (lengthSquared == 0) {
            return distance(p, a);
        }
        double t = ((p.row() - a.row()) * dr + (p.column() - a.column()) * dc) / lengthSquared;
        t = Math.max(0, Math.min(1, t));
        return Math.hypot(p.row() - (a.row() + t * dr), p.column() - (a.column() + t * dc));
    }
}
