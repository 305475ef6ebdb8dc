package org.livernode.dimse;

import java.io.IOException;

/**
 * The peer broke the upper layer protocol (a malformed or unexpected PDU, a length beyond our bounds). The
 * association cannot continue: the receiver answers with an A-ABORT carrying {@link #abortReason()}.
 */
public final class DicomProtocolException extends IOException {
    private final int abortReason;

    public DicomProtocolException(int abortReason, String message) {
        super(message);
        this.abortReason = abortReason;
    }

    /** One of the {@code Pdu.Abort.REASON_*} codes. */
    public int abortReason() {
        return abortReason;
    }
}
