package org.livernode.http;

import java.io.IOException;

/**
 * The console's way to ask the node for a job's re-run; the node's rules decide (org.livernode.pipeline.JobRerun), the
 * console turns their answer into the HTTP response.
 */
@FunctionalInterface
public interface RerunRequests {

    /** What the node made of a request. */
    enum Answer {
        /** The re-run is queued (202). */
        QUEUED,
        /** There is no such job (404). */
        NO_SUCH_JOB,
        /** Not now, and why (409). */
        REFUSED
    }

    /** @param message for the operator: what happens, or why not */
    record Outcome(Answer answer, String message) {}

    Outcome request(String jobId) throws IOException;
}
