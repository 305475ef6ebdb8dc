package org.livernode.receive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.livernode.dimse.DicomServiceException;
import org.livernode.dimse.DicomStatus;
import org.livernode.dimse.service.CStoreScp;
import org.livernode.spool.IncomingInstance;
import org.livernode.spool.RejectedInstanceException;
import org.livernode.spool.Spool;
import org.livernode.spool.SpoolLimitException;
import org.livernode.spool.SpooledInstance;

/**
 * What the storage SCP does with an instance on one association: streams its data set into the spool, and
 * returns (success) only once the instance is fsync'ed, filed and the listener told. Anything that keeps it from
 * the spool becomes a failure status: never a success for an instance we do not hold.
 */
final class SpoolingStoreHandler implements CStoreScp.Handler {
    private static final int COPY_BUFFER = 64 * 1024;

    private final Spool spool;
    private final SpoolListener listener;
    private final String callingAeTitle;
    private final long association;
    private final List<SpooledInstance> stored = new ArrayList<>();

    SpoolingStoreHandler(Spool spool, SpoolListener listener, String callingAeTitle, long association) {
        this.association = association;
        this.spool = spool;
        this.listener = listener;
        this.callingAeTitle = callingAeTitle;
    }

    /** The instances this association stored, in order. */
    List<SpooledInstance> stored() {
        return List.copyOf(stored);
    }

    @Override
    public void store(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, InputStream dataSet)
            throws DicomServiceException, IOException {
        IncomingInstance incoming;
        try {
            incoming = spool.begin(sopClassUid, sopInstanceUid, transferSyntaxUid, callingAeTitle);
        } catch (IOException e) {
            throw outOfResources(e);
        }
        try (incoming) {
            OutputStream file = incoming.dataSet();
            byte[] buffer = new byte[COPY_BUFFER];
            // A read failure is the association's and ends it; a write failure is the spool's and fails this C-STORE.
            for (int n; (n = dataSet.read(buffer)) != -1; ) {
                try {
                    file.write(buffer, 0, n);
                } catch (IOException e) {
                    throw outOfResources(e);
                }
            }
            SpooledInstance instance = commit(incoming);
            try {
                listener.instanceStored(instance, association);
            } catch (RuntimeException e) {
                throw new DicomServiceException(DicomStatus.PROCESSING_FAILURE, "stored but not queued for processing: " + e, e);
            }
            stored.add(instance);
        }
    }

    private static SpooledInstance commit(IncomingInstance incoming) throws DicomServiceException {
        try {
            return incoming.commit();
        } catch (IOException e) {
            throw outOfResources(e);
        } catch (RejectedInstanceException e) {
            throw new DicomServiceException(status(e.reason()), e.getMessage(), e);
        }
    }

    /** A900 for a data set that is not a valid instance of its SOP class, C000 for one that cannot be parsed or filed. */
    static int status(RejectedInstanceException.Reason reason) {
        return switch (reason) {
            case SOP_CLASS_MISMATCH, PIXEL_DATA_TOO_SHORT -> DicomStatus.DATA_SET_DOES_NOT_MATCH_SOP_CLASS;
            case UNREADABLE, TRUNCATED, INVALID_UID, SOP_INSTANCE_MISMATCH -> DicomStatus.CANNOT_UNDERSTAND;
        };
    }

    /** A limit of the spool speaks for itself (and fits the ErrorComment); other failures say where they happened. */
    private static DicomServiceException outOfResources(IOException e) {
        String comment = e instanceof SpoolLimitException ? e.getMessage() : "spool cannot store the instance: " + e.getMessage();
        return new DicomServiceException(DicomStatus.OUT_OF_RESOURCES, comment, e);
    }
}
