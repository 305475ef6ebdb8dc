package org.livernode.dimse.service;

import java.io.IOException;
import java.io.InputStream;
import org.livernode.dimse.DicomServiceException;
import org.livernode.dimse.DimseCommand;
import org.livernode.dimse.PresentationContext;

/** Serves one kind of DIMSE request on an association; the caller sends the response. */
public interface DimseService {

    /**
     * Handles a request. Returning normally means success.
     *
     * @param dataSet the request's data set, streamed from the association; whatever is left unread is skipped
     * @throws DicomServiceException for a failure status sent back to the peer; the association goes on
     * @throws IOException when the association itself failed (reading the data set), which ends it
     */
    void onRequest(PresentationContext context, DimseCommand request, InputStream dataSet) throws DicomServiceException, IOException;
}
