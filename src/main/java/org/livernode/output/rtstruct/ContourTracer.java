package org.livernode.output.rtstruct;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The outlines of a binary mask on one slice, as closed polygons in the slice's pixel index space
 * ({@link PixelPoint}). Pure: no I/O, no DICOM.
 *
 * <p>Convention: marching squares at level one half on the grid of pixel centres. A vertex lies halfway
 * between two 4-adjacent pixel centres of which one is in the mask and the other is not; pixels beyond the
 * image count as outside, so a mask that touches the border gets vertices on the image edge. Consequently,
 * under the even-odd rule, every pixel centre of the mask lies inside the polygons and every other centre
 * outside, each at least &radic;2/4 pixel from any edge. The polygons cut the mask's convex pixel corners
 * and fill its concave ones by an eighth of a pixel each, so their area is the mask's pixel area less half
 * a pixel per outer contour and plus half a pixel per hole.
 *
 * <p>Connectivity: the mask is 8-connected and the background 4-connected. Pixels that touch only at a
 * corner belong to one contour (the contour passes between them, around the two background pixels of
 * that corner), separate 8-connected components get separate contours, and a hole is a 4-connected
 * background region that does not reach the image border. This is the pairing under which the pipeline's
 * hole filling ({@code MaskPostprocessing.fillHolesPerSlice}, 4-connected background) leaves no hole. Contours never touch or cross one another.
 *
 * <p>Orientation: every contour keeps the mask on its left in the x-y plane with columns along x and rows
 * along y, so outer boundaries run counter-clockwise and hole boundaries clockwise there; a region inside
 * a hole is an outer boundary again.
 */
final class ContourTracer {

    /**
     * Douglas-Peucker tolerance of {@link #traceSimplified}, in pixels. Below &radic;2/4, the distance of
     * the nearest pixel centre from a traced contour, simplification cannot move any pixel centre across
     * a contour; a quarter pixel leaves a tenth of a pixel of margin for the receiver's arithmetic.
     */
    static final double SIMPLIFICATION_TOLERANCE = 0.25;

    /**
     * For each of the 16 cases (bit k set when corner k is inside), pairs of cell edges (from, to) by which
     * a contour crosses the cell. Going round the corners in order, a contour enters the cell by an edge from
     * an inside to an outside corner and leaves by the next edge from an outside to an inside corner. That
     * keeps the mask on its left and, in the two saddle cases, cuts off the outside corners, which joins
     * diagonal mask pixels (8-connected mask). Corners are numbered in cyclic order from the cell's
     * top-left pixel centre: 0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left; cell edge e joins
     * corner e to corner e + 1.
     */
    private static final int[][] SEGMENTS = new int[16][];

    static {
        for (int cell = 0; cell < 16; cell++) {
            List<Integer> pairs = new ArrayList<>();
            for (int from = 0; from < 4; from++) {
                if (inside(cell, from) && !inside(cell, from + 1)) {
                    int to = from + 1;
                    while (inside(cell, to) || !inside(cell, to + 1)) {
                        to++;
                    }
                    pairs.add(from);
                    pairs.add(to % 4);
                }
            }
            SEGMENTS[cell] = pairs.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    private static boolean inside(int cell, int corner) {
        return (cell >> (corner % 4) & 1) != 0;
    }

    private ContourTracer() {}

    /** The contours of {@code plane} (row by row, non-zero = in the mask) with a vertex on every crossed pixel-centre link. */
    static List<PixelContour> trace(byte[] plane, int rows, int columns) {
        if (rows <= 0 || columns <= 0 || plane.length != rows * columns) {
            throw new IllegalArgumentException("a " + rows + "x" + columns + " plane needs " + rows * columns
                    + " pixels, got " + plane.length);
        }
        // Only cells next to mask pixels can be crossed: most slices have none, the others a few.
        int firstRow = rows, lastRow = -1, firstColumn = columns, lastColumn = -1;
        byte[] emptyRow = new byte[columns];
        for (int r = 0; r < rows; r++) {
            // Arrays.mismatch compares many bytes at a time: most rows are empty.
            int first = Arrays.mismatch(plane, r * columns, (r + 1) * columns, emptyRow, 0, columns);
            if (first < 0) {
                continue;
            }
            int last = columns - 1;
            while (plane[r * columns + last] == 0) {
                last--;
            }
            firstRow = Math.min(firstRow, r);
            lastRow = r;
            firstColumn = Math.min(firstColumn, first);
            lastColumn = Math.max(lastColumn, last);
        }
        if (lastRow < 0) {
            return List.of();
        }
        Vertices vertices = new Vertices(firstRow, firstColumn, lastRow - firstRow + 1, lastColumn - firstColumn + 1);
        int[] next = new int[vertices.count()];
        Arrays.fill(next, -1);
        // Cells lie between four pixel centres; those along the border have outside corners beyond the image.
        // Beyond the bounding box every pixel is outside. Going right along a row of cells, a cell's left
        // corners are the previous cell's right ones, so each pixel is read once per row of cells.
        Box box = new Box(firstRow, lastRow, firstColumn, lastColumn);
        for (int row = firstRow - 1; row <= lastRow; row++) {
            int topLeft = 0, bottomLeft = 0;
            for (int column = firstColumn - 1; column <= lastColumn; column++) {
                int topRight = box.inside(plane, columns, row, column + 1);
                int bottomRight = box.inside(plane, columns, row + 1, column + 1);
                int cell = topLeft | topRight << 1 | bottomRight << 2 | bottomLeft << 3;
                topLeft = topRight;
                bottomLeft = bottomRight;
                int[] segments = SEGMENTS[cell];
                for (int i = 0; i < segments.length; i += 2) {
                    next[vertices.onEdge(row, column, segments[i])] = vertices.onEdge(row, column, segments[i + 1]);
                }
            }
        }
        // Every crossed link has exactly one outgoing segment, so following them closes each contour.
        List<PixelContour> contours = new ArrayList<>();
        for (int start = 0; start < next.length; start++) {
            if (next[start] < 0) {
                continue;
            }
            List<PixelPoint> points = new ArrayList<>();
            int vertex = start;
            do {
                points.add(vertices.point(vertex));
                int following = next[vertex];
                next[vertex] = -1;
                vertex = following;
            } while (vertex != start);
            contours.add(new PixelContour(points));
        }
        return contours;
    }

    /** {@link #trace} with each contour reduced by Douglas-Peucker at {@link #SIMPLIFICATION_TOLERANCE}. */
    static List<PixelContour> traceSimplified(byte[] plane, int rows, int columns) {
        return trace(plane, rows, columns).stream()
                .map(contour -> new PixelContour(DouglasPeucker.simplifyClosed(contour.points(), SIMPLIFICATION_TOLERANCE)))
                .toList();
    }

    /** The rows and columns (first and last) that hold every mask pixel of a plane. */
    private record Box(int firstRow, int lastRow, int firstColumn, int lastColumn) {
        /** 1 when pixel (row, column) is in the mask, 0 when not or beyond the plane. */
        int inside(byte[] plane, int columns, int row, int column) {
            return row >= firstRow && row <= lastRow && column >= firstColumn && column <= lastColumn
                    && plane[row * columns + column] != 0 ? 1 : 0;
        }
    }

    /**
     * Numbers the possible vertices around the mask's bounding box (rows {@code firstRow} on, {@code rows} of
     * them, likewise columns): the midpoints of horizontal links, between centres (r, c) and (r, c + 1) for c
     * from firstColumn - 1 to the box's last column, then of vertical links, between (r, c) and (r + 1, c) for
     * r from firstRow - 1 to the box's last row. Numbers grow as over the whole plane (row by row, horizontal
     * links first), so contours start and come out in the same order, and only the box costs memory.
     */
    private record Vertices(int firstRow, int firstColumn, int rows, int columns) {

        int count() {
            return horizontalCount() + (rows + 1) * columns;
        }

        private int horizontalCount() {
            return rows * (columns + 1);
        }

        private int horizontal(int row, int column) {
            return (row - firstRow) * (columns + 1) + column - firstColumn + 1;
        }

        private int vertical(int row, int column) {
            return horizontalCount() + (row - firstRow + 1) * columns + column - firstColumn;
        }

        /**
         * The vertex on edge {@code edge} (0 top, 1 right, 2 bottom, 3 left) of the cell whose top-left centre
         * is (row, column). Only edges with a mask pixel at one end are crossed, and those lie in the box.
         */
        int onEdge(int row, int column, int edge) {
            return switch (edge) {
                case 0 -> horizontal(row, column);
                case 1 -> vertical(row, column + 1);
                case 2 -> horizontal(row + 1, column);
                default -> vertical(row, column);
            };
        }

        PixelPoint point(int vertex) {
            if (vertex < horizontalCount()) {
                return new PixelPoint(firstRow + vertex / (columns + 1), firstColumn + vertex % (columns + 1) - 1 + 0.5);
            }
            int v = vertex - horizontalCount();
            return new PixelPoint(firstRow + v / columns - 1 + 0.5, firstColumn + v % columns);
        }
    }
}
