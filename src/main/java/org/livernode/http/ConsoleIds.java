package org.livernode.http;

import java.util.Optional;
import java.util.regex.Pattern;
import org.livernode.export.OperatorRequests;

/**
 * The ids in the console's URLs, checked before anything looks them up: a job id is what {@code JobStore.jobId}
 * makes (a UID, a dash and 16 hex digits); a dead letter's id is {@code <destination>/<jobId>/<file>} (sent
 * URL-encoded as one path segment), each part one folder or file name. Neither can name anything outside the
 * spool's folders, and the console then only acts on ids it finds in them.
 */
public final class ConsoleIds {
    private static final Pattern JOB_ID = Pattern.compile("[0-9]+(\\.[0-9]+)*-[0-9a-f]{16}");
    private static final int MAX_UID_LENGTH = 64;

    private ConsoleIds() {}

    public static boolean isJobId(String id) {
        return id != null && id.length() <= MAX_UID_LENGTH + 17 && JOB_ID.matcher(id).matches();
    }

    /** The id of the dead letter of {@code file} of job {@code jobId} for {@code destination}. */
    public static String deadLetterId(String destination, String jobId, String file) {
        return destination + "/" + jobId + "/" + file;
    }

    /** The dead letter an id names; empty when it is not of that form. */
    public static Optional<OperatorRequests.Item> deadLetter(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String[] parts = id.split("/", -1);
        if (parts.length != 3 || !isJobId(parts[1])) {
            return Optional.empty();
        }
        try {
            return Optional.of(new OperatorRequests.Item(parts[0], parts[1], parts[2]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
