package org.livernode.dimse;

import java.io.IOException;

/** The peer sent A-ABORT. */
public final class AssociationAbortedException extends IOException {
    private final Pdu.Abort abort;

    public AssociationAbortedException(Pdu.Abort abort) {
        super("association " + abort.describe());
        this.abort = abort;
    }

    public Pdu.Abort abort() {
        return abort;
    }
}
