package org.livernode.dimse;

import java.io.InputStream;

/**
 * A DIMSE message as it arrives: its command, and its data set as a stream read straight from the
 * association's P-DATA (empty when the command announces none). The data set stream is valid until the next
 * {@link Association#receive()}, which skips whatever of it was left unread.
 */
public record IncomingMessage(PresentationContext presentationContext, DimseCommand command, InputStream dataSet) {}
