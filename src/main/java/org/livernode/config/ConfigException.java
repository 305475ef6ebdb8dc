package org.livernode.config;

/** A configuration that cannot be used; the message is one line that names the key and what to do. */
public final class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
