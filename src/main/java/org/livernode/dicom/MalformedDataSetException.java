package org.livernode.dicom;

/** A data set whose structure does not hold together; {@link #problem()} says how. */
public final class MalformedDataSetException extends Exception {
    private final DataSetProblem problem;

    MalformedDataSetException(DataSetProblem.Kind kind, String message) {
        super(message, null, false, false);
        this.problem = new DataSetProblem(kind, message);
    }

    public DataSetProblem problem() {
        return problem;
    }
}
