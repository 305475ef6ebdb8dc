package org.livernode.dicom;

import java.util.regex.Pattern;

/**
 * The one rule for what is a UID (PS3.5 9.1): at most 64 characters, dot-separated numbers. How strict it is
 * about leading zeros is named by the caller: what the node writes follows the standard, what it receives may
 * not.
 */
public final class UidSyntax {

    /** How a UID is judged. */
    public enum Leniency {
        /**
         * PS3.5 exactly: no component has a leading zero. For every UID the node writes or references in an
         * object it writes.
         */
        STRICT,
        /**
         * Leading zeros in a component, which PS3.5 forbids but some devices send, are let through. For UIDs as
         * received: what may name a spool file and what may be quoted in a log line. Still only digits and dots, so
         * nothing that passes can name a parent or an absolute path, or carry a name.
         */
        AS_RECEIVED
    }

    private static final Pattern STRICT_UID = Pattern.compile("(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))+");
    private static final Pattern RECEIVED_UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final int MAX_LENGTH = 64;

    private UidSyntax() {}

    public static boolean isUid(String value, Leniency leniency) {
        if (value == null || value.length() > MAX_LENGTH) {
            return false;
        }
        return (leniency == Leniency.STRICT ? STRICT_UID : RECEIVED_UID).matcher(value).matches();
    }
}
