package org.livernode.spool;

/**
 * A received data set that the spool will not file under its series; it was moved to {@code <root>/failed/}
 * for a person to look at, and the message says where.
 */
public final class RejectedInstanceException extends Exception {

    public enum Reason {
        /** The data set cannot be parsed. */
        UNREADABLE,
        /** The data set ends before its pixel data does. */
        TRUNCATED,
        /** The pixel data is shorter than the image its header describes. */
        PIXEL_DATA_TOO_SHORT,
        /** A UID that names a folder or file (Series, SOP Instance) is absent or not digits and dots. */
        INVALID_UID,
        /** The data set's SOP Class UID differs from the one the sender announced. */
        SOP_CLASS_MISMATCH,
        /** The data set's SOP Instance UID differs from the one the sender announced. */
        SOP_INSTANCE_MISMATCH
    }

    private final Reason reason;

    public RejectedInstanceException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
