package org.livernode.dicom;

import java.nio.file.Path;

/**
 * A file that cannot be parsed as DICOM. The message names the file and the parser's complaint as
 * {@link LogSafe#parseFailure} writes it (class and message, never values), so it can go into a log line.
 */
public final class DicomReadException extends Exception {
    public DicomReadException(Path file, Throwable cause) {
        super("instance " + file + " cannot be read: " + LogSafe.parseFailure(cause), cause);
    }

    /** The parser's complaint alone, without the file. */
    public String parseFailure() {
        return LogSafe.parseFailure(getCause());
    }
}
