package org.livernode.dimse.service;

import java.io.IOException;
import java.io.InputStream;
import org.livernode.dicom.LogSafe;
import org.livernode.dicom.UidSyntax;
import org.livernode.dimse.DicomServiceException;
import org.livernode.dimse.DicomStatus;
import org.livernode.dimse.DimseCommand;
import org.livernode.dimse.PresentationContext;

/**
 * Storage SCP: checks that a C-STORE request names what it stores, and leaves keeping the data set to its
 * {@link Handler} (as dcm4che's BasicCStoreSCP leaves {@code store} to a subclass). A request that names no
 * valid instance fails before a byte of its data set is kept.
 */
public final class CStoreScp implements DimseService {

    /** Keeps the data sets of the C-STORE requests that {@link CStoreScp} accepted. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Keeps one instance. Returning normally means it is kept, and the peer is told success.
         *
         * @param sopClassUid as the request announced it, and the presentation context agreed
         * @param sopInstanceUid as the request announced it; a valid UID
         * @param transferSyntaxUid the transfer syntax of the data set bytes
         * @param dataSet the data set, streamed from the association
         * @throws DicomServiceException for a failure status sent back to the peer; the association goes on
         * @throws IOException when the association itself failed (reading the data set), which ends it
         */
        void store(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, InputStream dataSet)
                throws DicomServiceException, IOException;
    }

    private final Handler handler;

    public CStoreScp(Handler handler) {
        this.handler = handler;
    }

    @Override
    public void onRequest(PresentationContext context, DimseCommand request, InputStream dataSet) throws DicomServiceException, IOException {
        String sopClassUid = request.affectedSopClassUid();
        String sopInstanceUid = request.affectedSopInstanceUid();
        if (sopClassUid.isEmpty() || sopInstanceUid.isEmpty() || !request.hasDataSet()) {
            throw new DicomServiceException(DicomStatus.CANNOT_UNDERSTAND, "C-STORE-RQ without affected SOP class, instance or data set");
        }
        if (!sopClassUid.equals(context.abstractSyntax())) {
            throw new DicomServiceException(DicomStatus.SOP_CLASS_NOT_SUPPORTED, "SOP class " + LogSafe.uid(sopClassUid)
                    + " sent on the presentation context of " + context.abstractSyntax());
        }
        if (!UidSyntax.isUid(sopInstanceUid, UidSyntax.Leniency.AS_RECEIVED)) {
            // Refused before a byte is kept: it could name no file, and it must not be quoted in the log.
            throw new DicomServiceException(DicomStatus.INVALID_SOP_INSTANCE, "affected SOP Instance UID is not a UID");
        }
        handler.store(sopClassUid, sopInstanceUid, context.transferSyntax(), dataSet);
    }
}
