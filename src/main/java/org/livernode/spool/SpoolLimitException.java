package org.livernode.spool;

import java.io.IOException;

/**
 * The spool refuses an instance because of one of its {@link SpoolLimits}, not because anything is broken: the
 * sender may try again later. The message is short enough for a DIMSE ErrorComment.
 */
public final class SpoolLimitException extends IOException {
    public SpoolLimitException(String message) {
        super(message);
    }
}
