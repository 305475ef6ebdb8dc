package org.livernode.dimse.service;

import java.io.InputStream;
import org.livernode.dimse.DimseCommand;
import org.livernode.dimse.PresentationContext;

/** Verification SCP: a C-ECHO succeeds whenever the association is up. */
public final class CEchoScp implements DimseService {
    @Override
    public void onRequest(PresentationContext context, DimseCommand request, InputStream dataSet) {
        // Nothing to do: the success response is the whole service.
    }
}
