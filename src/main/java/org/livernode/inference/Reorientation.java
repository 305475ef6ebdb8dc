package org.livernode.inference;

import java.util.Objects;
import org.livernode.volume.SliceGeometry;
import org.livernode.volume.Vec3;

/**
 * The flip or transposition that brings a slice's pixel grid into the orientation the model was trained on
 * (its manifest's row and column directions), and back. Prone, feet-first and decubitus scans are stored
 * flipped or rotated by multiples of 90 degrees relative to the usual supine head-first axial view; a model
 * that has only seen that view segments them badly unless it sees them that way too. For in-plane angles in
 * between, the nearest of the eight flips and rotations is used.
 *
 * <p>The reoriented grid has {@link #rows()} x {@link #columns()} pixels; reoriented pixel (r, c) is source
 * pixel {@link #sourceIndex(int, int)}.
 */
public final class Reorientation {
    private final boolean transpose;
    private final boolean flipRows;
    private final boolean flipColumns;
    private final int sourceRows;
    private final int sourceColumns;

    private Reorientation(boolean transpose, boolean flipRows, boolean flipColumns, int sourceRows, int sourceColumns) {
        this.transpose = transpose;
        this.flipRows = flipRows;
        this.flipColumns = flipColumns;
        this.sourceRows = sourceRows;
        this.sourceColumns = sourceColumns;
    }

    /**
     * @param modelRowDirection patient direction in which the model's column index grows (along a row)
     * @param modelColumnDirection patient direction in which the model's row index grows (down a column)
     */
    public static Reorientation of(SliceGeometry slice, Vec3 modelRowDirection, Vec3 modelColumnDirection) {
        Vec3 r = slice.rowDirection(), c = slice.columnDirection();
        // Which source axis runs closest to the model's row direction: the source rows (no transpose) or columns.
        boolean transpose = Math.abs(c.dot(modelRowDirection)) > Math.abs(r.dot(modelRowDirection));
        Vec3 alongNewColumns = transpose ? c : r;
        Vec3 alongNewRows = transpose ? r : c;
        return new Reorientation(transpose,
                alongNewRows.dot(modelColumnDirection) < 0,
                alongNewColumns.dot(modelRowDirection) < 0,
                slice.rows(), slice.columns());
    }

    public boolean isIdentity() {
        return !transpose && !flipRows && !flipColumns;
    }

    public int rows() {
        return transpose ? sourceColumns : sourceRows;
    }

    public int columns() {
        return transpose ? sourceRows : sourceColumns;
    }

    public int sourceColumns() {
        return sourceColumns;
    }

    /** Row-major index in the source grid of reoriented pixel ({@code row}, {@code column}). */
    public int sourceIndex(int row, int column) {
        int r = flipRows ? rows() - 1 - row : row;
        int c = flipColumns ? columns() - 1 - column : column;
        return transpose ? c * sourceColumns + r : r * sourceColumns + c;
    }

    /** The source slice's pixels in the model's orientation. */
    public short[] toModel(short[] source) {
        if (isIdentity()) {
            return source;
        }
        short[] out = new short[source.length];
        int columns = columns();
        for (int row = 0, i = 0; row < rows(); row++) {
            for (int column = 0; column < columns; column++, i++) {
                out[i] = source[sourceIndex(row, column)];
            }
        }
        return out;
    }

    /** A plane in the model's orientation written back onto the source grid. */
    public void toSource(byte[] reoriented, byte[] source) {
        int columns = columns();
        for (int row = 0, i = 0; row < rows(); row++) {
            for (int column = 0; column < columns; column++, i++) {
                source[sourceIndex(row, column)] = reoriented[i];
            }
        }
    }

    /** The same flips and transposition of the same source grid. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Reorientation o && transpose == o.transpose && flipRows == o.flipRows && flipColumns == o.flipColumns
                && sourceRows == o.sourceRows && sourceColumns == o.sourceColumns;
    }

    @Override
    public int hashCode() {
        return Objects.hash(transpose, flipRows, flipColumns, sourceRows, sourceColumns);
    }

    @Override
    public String toString() {
        return isIdentity() ? "as stored" : (transpose ? "transposed" : "") + (flipRows ? " rows flipped" : "") + (flipColumns ? " columns flipped" : "");
    }
}
