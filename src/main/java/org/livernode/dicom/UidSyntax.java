package org.livernode.dicom;

import java.util.regex.Pattern;

/** The shape of a UID (PS3.5 9.1), as received: what may name a spool file and what may be quoted in a log line. */
public final class UidSyntax {
    /**
     * Digits and dots; nothing that matches can name a parent or an absolute path, or carry a name. Leading
     * zeros in a component, which PS3.5 forbids but some devices send, are let through.
     */
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final int MAX_LENGTH = 64;

    private UidSyntax() {}

    /** Digits and dots, at most 64 characters. */
    public static boolean isWellFormed(String uid) {
        return uid != null && uid.length() <= MAX_LENGTH && UID.matcher(uid).matches();
    }
}
