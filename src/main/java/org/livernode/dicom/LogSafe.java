package org.livernode.dicom;

import java.util.regex.Pattern;

/**
 * Values from received data sets and peers, made fit for log lines and for the exception messages that end
 * up in them. Logs name series and instances by UID and peers by AE title and address; patient names and
 * IDs never appear in them unless {@code logging.patientIdentifiers} is set.
 *
 * <p>The risk is not a line that logs the patient's name (none does) but a value that is quoted because it
 * is wrong: in a corrupted data set a UID or a code string can swallow the elements after it, the patient's
 * name among them. So a value is quoted only when its syntax cannot hold a name, and described otherwise.
 */
public final class LogSafe {
    /** Code string (PS3.5 table 6.2-1): upper case letters, digits, space and underscore, at most 16 characters. */
    private static final Pattern CODE_STRING = Pattern.compile("[A-Z0-9 _]{0,16}");
    /** Longer text from a peer or a parser is cut: one log event stays one readable line. */
    static final int MAX_TEXT_LENGTH = 300;

    /** Set once at startup from {@code logging.patientIdentifiers}; tests may flip it back. */
    private static volatile boolean quoteMalformedValues;

    private LogSafe() {}

    /**
     * Whether malformed values are quoted as received (for debugging a sender with test data) rather than
     * described by their length. They may then carry patient names or IDs.
     */
    public static void quoteMalformedValues(boolean quote) {
        quoteMalformedValues = quote;
    }

    /** A UID as received: itself when well-formed, else a description such as "(not a UID: 80 characters)". */
    public static String uid(String value) {
        return UidSyntax.isUid(value, UidSyntax.Leniency.AS_RECEIVED) ? value : malformed(value, "a UID");
    }

    /** A code string (Modality, ImageType value) as received: itself when well-formed, else a description. */
    public static String codeString(String value) {
        return value != null && CODE_STRING.matcher(value).matches() ? value : malformed(value, "a code string");
    }

    private static String malformed(String value, String what) {
        if (value == null) {
            return "(absent)";
        }
        if (quoteMalformedValues) {
            return "'" + printable(value) + "'";
        }
        return "(not " + what + ": " + value.length() + " characters)";
    }

    /**
     * Text chosen by a peer (an AE title) or written by a parser about received bytes: control and non-ASCII
     * characters become '?', so that a peer cannot start a forged log line, and it is cut to a few hundred
     * characters.
     */
    public static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_TEXT_LENGTH + 3));
        for (int i = 0; i < text.length() && i < MAX_TEXT_LENGTH; i++) {
            char c = text.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            sb.append("...");
        }
        return sb.toString();
    }

    /**
     * An exception thrown while parsing received bytes (PixelMed's DicomException, an IOException), as its
     * class and message. PixelMed's parse messages name tags, VRs, lengths and offsets, not values; the message
     * is still made {@link #printable} since its text is not ours.
     */
    public static String parseFailure(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + printable(message));
    }
}
