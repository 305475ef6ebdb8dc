package org.livernode.volume;

/**
 * A binary mask on the grid of a {@link CtVolume}: one plane per slice, in the volume's slice order, each plane
 * row by row with 1 for inside and 0 for outside. A plane is allocated when something is set on it, so the
 * mask of a long series costs memory only for the slices that hold the segment.
 */
public final class SegmentationMask {
    private final int rows;
    private final int columns;
    private final byte[][] planes;

    public SegmentationMask(int depth, int rows, int columns) {
        this.rows = rows;
        this.columns = columns;
        this.planes = new byte[depth][];
    }

    public int depth() {
        return planes.length;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public boolean get(int slice, int row, int column) {
        byte[] plane = planes[slice];
        return plane != null && plane[row * columns + column] != 0;
    }

    public void set(int slice, int row, int column, boolean inside) {
        if (inside || planes[slice] != null) {
            plane(slice)[row * columns + column] = (byte) (inside ? 1 : 0);
        }
    }

    /** The plane of one slice, row by row; changes write through to the mask (the plane is allocated if need be). */
    public byte[] plane(int slice) {
        if (planes[slice] == null) {
            planes[slice] = new byte[rows * columns];
        }
        return planes[slice];
    }

    /** Sets a whole plane, row by row (null: nothing inside); the mask keeps the array. */
    public void put(int slice, byte[] plane) {
        if (plane != null && plane.length != rows * columns) {
            throw new IllegalArgumentException("plane of " + plane.length + " pixels for a mask of " + rows + "x" + columns);
        }
        planes[slice] = plane;
    }

    /** True when nothing is set on the slice; cheap, and allocates nothing. */
    public boolean isEmpty(int slice) {
        byte[] plane = planes[slice];
        if (plane != null) {
            // Stops at the first voxel set: callers ask this of every slice, several times per output.
            for (byte b : plane) {
                if (b != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    public long count(int slice) {
        byte[] plane = planes[slice];
        if (plane == null) {
            return 0;
        }
        long n = 0;
        for (byte b : plane) {
            n += b;
        }
        return n;
    }

    public long count() {
        long n = 0;
        for (int z = 0; z < planes.length; z++) {
            n += count(z);
        }
        return n;
    }
}
