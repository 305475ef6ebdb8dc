package org.livernode.cli;

import org.livernode.config.ConfigException;
import org.livernode.inference.InferenceException;

/** Exit codes that scripts can rely on. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int CONFIGURATION = 3;

    private ExitCodes() {}

    static int of(Throwable e) {
        if (e instanceof ConfigException || e instanceof InferenceException) {
            return CONFIGURATION;
        }
        if (e instanceof picocli.CommandLine.ParameterException) {
            return USAGE;
        }
        return FAILED;
    }

    /** One line for the operator: the message, or the exception's name when there is none. */
    static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
