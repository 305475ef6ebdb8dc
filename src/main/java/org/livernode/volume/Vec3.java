package org.livernode.volume;

/** A 3-vector in the DICOM patient coordinate system (LPS, millimetres). */
public record Vec3(double x, double y, double z) {

    public static Vec3 of(double[] values) {
        if (values == null || values.length != 3) {
            throw new IllegalArgumentException("a 3-vector needs exactly 3 values");
        }
        return new Vec3(values[0], values[1], values[2]);
    }

    public Vec3 plus(Vec3 o) {
        return new Vec3(x + o.x, y + o.y, z + o.z);
    }

    public Vec3 minus(Vec3 o) {
        return new Vec3(x - o.x, y - o.y, z - o.z);
    }

    public Vec3 times(double s) {
        return new Vec3(x * s, y * s, z * s);
    }

    public double dot(Vec3 o) {
        return x * o.x + y * o.y + z * o.z;
    }

    public Vec3 cross(Vec3 o) {
        return new Vec3(y * o.z - z * o.y, z * o.x - x * o.z, x * o.y - y * o.x);
    }

    public double length() {
        return Math.sqrt(dot(this));
    }

    public Vec3 normalized() {
        double length = length();
        if (length == 0) {
            throw new IllegalArgumentException("cannot normalise a zero vector");
        }
        return times(1 / length);
    }

    /** True when every component differs from the other's by at most {@code tolerance}. */
    public boolean closeTo(Vec3 o, double tolerance) {
        return Math.abs(x - o.x) <= tolerance && Math.abs(y - o.y) <= tolerance && Math.abs(z - o.z) <= tolerance;
    }

    public double[] toArray() {
        return new double[] {x, y, z};
    }
}
