package org.livernode.dimse.service;

import java.nio.file.Path;
import java.util.OptionalInt;
import org.livernode.dimse.DicomStatus;

/**
 * What became of one file sent with C-STORE.
 *
 * @param sopInstanceUid empty when the file could not even be read
 * @param status the peer's DIMSE status; empty when no response came (not sent, or the association broke)
 * @param comment the peer's ErrorComment, or why the file was not sent; empty on success
 * @param associationLost true when the association broke before the peer answered for this file (a timeout, a
 *        reset, a peer that went down): whether it kept the file is unknown, and sending it again may succeed
 */
public record StoreResult(Path file, String sopInstanceUid, OptionalInt status, String comment, boolean associationLost) {

    public StoreResult(Path file, String sopInstanceUid, OptionalInt status, String comment) {
        this(file, sopInstanceUid, status, comment, false);
    }

    static StoreResult notSent(Path file, String sopInstanceUid, String reason) {
        return new StoreResult(file, sopInstanceUid, OptionalInt.empty(), reason);
    }

    static StoreResult lost(Path file, String sopInstanceUid, String reason) {
        return new StoreResult(file, sopInstanceUid, OptionalInt.empty(), reason, true);
    }

    /** True when the peer confirmed that it stored the instance (success, or a warning such as coercion). */
    public boolean stored() {
        return status.isPresent() && (DicomStatus.isSuccess(status.getAsInt()) || DicomStatus.isWarning(status.getAsInt()));
    }

    /** One line for logs: the file, its status and any comment. */
    public String describe() {
        String outcome = status.isPresent() ? DicomStatus.describe(status.getAsInt()) : "not stored";
        return file.getFileName() + ": " + outcome + (comment.isEmpty() ? "" : ": " + comment);
    }
}
