package org.livernode.dimse;

/**
 * A DIMSE request that cannot be served: the service answers with {@link #status()} (a failure code from
 * {@link DicomStatus}) and the message as ErrorComment, and the association goes on with the next message.
 */
public final class DicomServiceException extends Exception {
    private final int status;

    public DicomServiceException(int status, String comment) {
        super(comment);
        this.status = status;
    }

    public DicomServiceException(int status, String comment, Throwable cause) {
        super(comment, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
