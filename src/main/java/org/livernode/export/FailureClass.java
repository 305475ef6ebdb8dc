package org.livernode.export;

import org.livernode.dimse.DicomStatus;
import org.livernode.dimse.service.StoreResult;

/**
 * Whether a failed store is worth trying again. Out of resources and processing failures are states of the
 * peer that pass (a full disk, a busy database); a refused SOP class, a data set the peer cannot understand or
 * one it was never sent (no accepted presentation context) will fail the same way every time.
 */
public enum FailureClass {
    TRANSIENT,
    PERMANENT;

    /** Classifies a failure status (PS3.4 B.2.3, PS3.7 C). */
    public static FailureClass ofStatus(int status) {
        if (!DicomStatus.isFailure(status)) {
            throw new IllegalArgumentException(DicomStatus.describe(status) + " is not a failure");
        }
        boolean outOfResources = (status & 0xFF00) == 0xA700;
        boolean peerBusy = status == DicomStatus.PROCESSING_FAILURE || status == 0x0213 /* resource limitation */;
        return outOfResources || peerBusy ? TRANSIENT : PERMANENT;
    }

    /**
     * A store result that is not stored(). Without a status, an association that broke (the peer timed out, went
     * down or reset the connection) passes; a file that was never sent (no accepted presentation context, a
     * transfer syntax it cannot be converted to) would not be sent the next time either.
     */
    public static FailureClass of(StoreResult result) {
        if (result.status().isPresent()) {
            return ofStatus(result.status().getAsInt());
        }
        return result.associationLost() ? TRANSIENT : PERMANENT;
    }
}
