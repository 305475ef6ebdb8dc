package org.livernode.volume;

/**
 * A series that cannot be made into a volume. {@link #notApplicable()} separates series the node is not
 * meant to process (localizers, non-axial reconstructions, other modalities) from series that should have
 * worked but are broken; in both cases the instances stay in the spool.
 */
public final class VolumeException extends Exception {
    private final boolean notApplicable;

    private VolumeException(String reason, boolean notApplicable) {
        super(reason);
        this.notApplicable = notApplicable;
    }

    /** The series is of a kind the node does not process; skipping it is normal operation. */
    public static VolumeException notApplicable(String reason) {
        return new VolumeException(reason, true);
    }

    /** The series should have been processed but cannot be assembled. */
    public static VolumeException invalid(String reason) {
        return new VolumeException(reason, false);
    }

    public boolean notApplicable() {
        return notApplicable;
    }
}
