package org.livernode.volume;

/**
 * Where one image slice lies in the patient: the centre of its first pixel (ImagePositionPatient), the
 * direction of increasing column index and of increasing row index (ImageOrientationPatient), and the
 * pixel spacing. {@code rowSpacing} is PixelSpacing[0], the distance between adjacent rows (measured along
 * {@code columnDirection}); {@code columnSpacing} is PixelSpacing[1], the distance between adjacent
 * columns (measured along {@code rowDirection}).
 */
public record SliceGeometry(
        Vec3 position, Vec3 rowDirection, Vec3 columnDirection, double rowSpacing, double columnSpacing, int rows, int columns) {

    /** Direction cosines must be unit length and orthogonal within this tolerance. */
    public static final double ORIENTATION_TOLERANCE = 1e-3;

    public SliceGeometry {
        if (rows <= 0 || columns <= 0) {
            throw new IllegalArgumentException("rows and columns must be positive, got " + rows + "x" + columns);
        }
        if (!(rowSpacing > 0) || !(columnSpacing > 0)) {
            throw new IllegalArgumentException("pixel spacing must be positive, got " + rowSpacing + "\\" + columnSpacing);
        }
        if (Math.abs(rowDirection.length() - 1) > ORIENTATION_TOLERANCE
                || Math.abs(columnDirection.length() - 1) > ORIENTATION_TOLERANCE
                || Math.abs(rowDirection.dot(columnDirection)) > ORIENTATION_TOLERANCE) {
            throw new IllegalArgumentException("ImageOrientationPatient is not two orthogonal unit vectors: "
                    + rowDirection + ", " + columnDirection);
        }
    }

    /** Unit normal of the slice plane, rowDirection x columnDirection. */
    public Vec3 normal() {
        return rowDirection.cross(columnDirection).normalized();
    }

    /** Signed distance of this slice's plane from the origin along {@code normal}. */
    public double distanceAlong(Vec3 normal) {
        return position.dot(normal);
    }

    /** Patient coordinates (mm) of the centre of the pixel at ({@code row}, {@code column}); indices may be fractional. */
    public Vec3 patientPoint(double row, double column) {
        return position.plus(rowDirection.times(column * columnSpacing)).plus(columnDirection.times(row * rowSpacing));
    }

    /** True when both slices have the same matrix, spacing and orientation (positions may differ). */
    public boolean sameGridAs(SliceGeometry other, double tolerance) {
        return rows == other.rows && columns == other.columns
                && Math.abs(rowSpacing - other.rowSpacing) <= tolerance
                && Math.abs(columnSpacing - other.columnSpacing) <= tolerance
                && rowDirection.closeTo(other.rowDirection, ORIENTATION_TOLERANCE)
                && columnDirection.closeTo(other.columnDirection, ORIENTATION_TOLERANCE);
    }
}
