package org.livernode.volume;

/**
 * A binary mask on the grid of a {@link CtVolume}: one plane per slice, in the volume's slice order,
 * each plane row by row with 1 for inside and 0 for outside.
 */
public final class SegmentationMask {
    private final int rows;
    private final int columns;
    private final byte[][] planes;

    public SegmentationMask(int depth, int rows, int columns) {
        this.rows = rows;
        this.columns = columns;
        this.planes = new byte[depth][rows * columns];
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
        return planes[slice][row * columns + column] != 0;
    }

    public void set(int slice, int row, int column, boolean inside) {
        planes[slice][row * columns + column] = (byte) (inside ? 1 : 0);
    }

    /** The plane of one slice, row by row; changes write through to the mask. */
    public byte[] plane(int slice) {
        return planes[slice];
    }

    public long count(int slice) {
        long n = 0;
        for (byte b : planes[slice]) {
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
