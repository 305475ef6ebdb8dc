package org.livernode.state;

import java.nio.file.Path;

/**
 * The folder that holds everything the node keeps on disk ({@code node.spoolDir}), all on one filesystem so that
 * renames between its folders are atomic; a restart picks up from here what an earlier run left unfinished.
 *
 * @param root the folder, as the caller names it (relative paths stay relative)
 */
public record StateRoot(Path root) {

    /** {@code .part} files of instances being received. */
    public Path incoming() {
        return root.resolve("incoming");
    }

    /** Received instances, {@code <SeriesInstanceUID>/<SOPInstanceUID>.dcm}. */
    public Path series() {
        return root.resolve("series");
    }

    /** Data sets that arrived but could not be filed, for a person to look at. */
    public Path failed() {
        return root.resolve("failed");
    }

    /** Job records and the outputs of each job, {@code <jobId>/}. */
    public Path jobs() {
        return root.resolve("jobs");
    }

    /** Results the node gave up delivering, {@code <destination>/<jobId>/}. */
    public Path deadLetters() {
        return root.resolve("dead-letter");
    }

    /**
     * Operators' requests for the outbox to take up: dead letters to send again ({@code livernode resend}, the console),
     * held results released or discarded (the console). The folder keeps the name it had when it held resends only.
     */
    public Path operatorRequests() {
        return root.resolve("resend");
    }

    /**
     * Series folders and dead letters being deleted by retention: each moved here in one atomic rename before its files
     * are deleted, so that no other part of the node sees it half-deleted; what a crash leaves here is deleted at start.
     */
    public Path purging() {
        return root.resolve("purging");
    }

    /** The audit log, unless {@code audit.file} puts it elsewhere. */
    public Path auditLog() {
        return root.resolve("audit.jsonl");
    }
}
