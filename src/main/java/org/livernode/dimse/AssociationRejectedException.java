package org.livernode.dimse;

import java.io.IOException;

/** An association request that the acceptor answered with A-ASSOCIATE-RJ. */
public final class AssociationRejectedException extends IOException {
    private final Pdu.AssociateRj rejection;

    public AssociationRejectedException(Pdu.AssociateRj rejection, String message) {
        super(message + ": " + rejection.describe());
        this.rejection = rejection;
    }

    public Pdu.AssociateRj rejection() {
        return rejection;
    }
}
