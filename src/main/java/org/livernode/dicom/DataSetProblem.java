package org.livernode.dicom;

/**
 * What is wrong with a received data set, found by {@link DataSetStructure} or {@link PixelDataCheck}.
 *
 * @param message says what is wrong, short enough for a DIMSE ErrorComment's log line
 */
public record DataSetProblem(Kind kind, String message) {

    public enum Kind {
        /** The data set cannot be parsed. */
        UNREADABLE,
        /** The data set ends before its pixel data does. */
        TRUNCATED,
        /** The pixel data is shorter than the image its header describes. */
        PIXEL_DATA_TOO_SHORT
    }
}
