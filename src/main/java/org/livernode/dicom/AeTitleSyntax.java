package org.livernode.dicom;

/**
 * The one rule for what is an AE title (PS3.5 6.2, value representation AE): 1 to 16 characters of the default
 * repertoire, no control characters or backslash, not only spaces (leading and trailing spaces are padding). For
 * the titles the node is configured with and for those it is called with.
 */
public final class AeTitleSyntax {
    /** What {@link #isAeTitle} accepts, for messages. */
    public static final String RULE = "1 to 16 printable ASCII characters without backslash";

    private AeTitleSyntax() {}

    public static boolean isAeTitle(String value) {
        return value != null && !value.isBlank() && value.length() <= 16 && value.chars().allMatch(c -> c >= 0x20 && c < 0x7F && c != '\\');
    }
}
