package org.livernode.broker;

/** A message that {@link ChunkMessages} cannot read, and which {@link FailureReason} that is. */
public final class MalformedMessageException extends Exception {
    private final FailureReason reason;

    public MalformedMessageException(FailureReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public FailureReason reason() {
        return reason;
    }
}
