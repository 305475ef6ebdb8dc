package org.livernode.broker;

import java.util.Locale;

/** Why a request was not answered with probabilities; named in failure replies, dead letters, metrics and the audit log. */
public enum FailureReason {
    /** Not a livernode request at all: wrong magic, a header that cannot be read. */
    GARBAGE,
    /** A livernode request of a format version this worker does not read. */
    VERSION,
    /** The tensor is shorter or longer than the header says, or does not inflate. */
    TRUNCATED,
    /** Prepared for another model (name, version or file) than the worker runs. */
    MODEL_MISMATCH,
    /** The model failed on a well-formed request. */
    INFERENCE,
    /** Workers died running it too often; it is not tried again. */
    DELIVERY_LIMIT,
    /** No worker answered it within the receiver's {@code broker.replyTimeoutSeconds}; it expires on the queue. */
    NO_REPLY;

    /** The name in metrics tags and audit lines. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
