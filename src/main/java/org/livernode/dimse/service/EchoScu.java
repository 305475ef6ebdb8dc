package org.livernode.dimse.service;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.livernode.dicom.SopClasses;
import org.livernode.dicom.TransferSyntaxes;
import org.livernode.dimse.Association;
import org.livernode.dimse.DimseCommand;
import org.livernode.dimse.IncomingMessage;
import org.livernode.dimse.Pdu.PresentationContextRq;

/** Verification SCU: checks that a destination answers C-ECHO, e.g. at startup or from the CLI. */
public final class EchoScu {
    private final Requestor requestor;

    public EchoScu(String callingAeTitle, Duration connectTimeout, Duration readTimeout) {
        this.requestor = new Requestor(callingAeTitle, connectTimeout, readTimeout);
    }

    /**
     * Sends one C-ECHO on a new association.
     *
     * @return the DIMSE status of the C-ECHO-RSP (see {@link org.livernode.dimse.DicomStatus})
     * @throws IOException when no association could be made (connection refused, rejected) or it broke
     */
    public int echo(RemoteAe destination) throws IOException {
        int contextId = 1;
        Association association = requestor.open(destination,
                List.of(new PresentationContextRq(contextId, SopClasses.VERIFICATION, List.of(TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN))));
        try {
            if (association.acceptedPresentationContexts().isEmpty()) {
                throw new IOException(destination + " does not accept the Verification SOP class");
            }
            association.send(contextId, DimseCommand.cEchoRq(1), null);
            IncomingMessage response = association.receive()
                    .orElseThrow(() -> new IOException(destination + " released the association instead of answering C-ECHO"));
            if (response.command().commandField() != DimseCommand.C_ECHO_RSP) {
                throw new IOException(destination + " answered C-ECHO with " + response.command().name());
            }
            association.release();
            return response.command().status();
        } catch (IOException e) {
            association.abort();
            throw e;
        }
    }
}
