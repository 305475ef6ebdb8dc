package org.livernode.inference;

/** The model cannot be loaded or run; the message says what to do. */
public final class InferenceException extends Exception {
    public InferenceException(String message) {
        super(message);
    }

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
