package org.livernode.dimse;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a data set, encoded in the presentation context's transfer syntax, to the stream it is given. */
@FunctionalInterface
public interface DataSetWriter {
    void writeTo(OutputStream out) throws IOException;
}
