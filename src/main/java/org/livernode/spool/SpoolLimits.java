package org.livernode.spool;

import java.util.Optional;

/**
 * What the spool keeps free on its file system and how many instances one series may hold there. The
 * decisions are pure, so they are tested without a disk.
 *
 * @param minFreeMiB below this much usable space the spool takes no new instance (and the server no new
 *     association): the node's own files, logs and results need room too
 * @param maxInstancesPerSeries a series folder never holds more; a sender that loops, or a series UID reused
 *     across studies, cannot fill the disk through one series
 */
public record SpoolLimits(long minFreeMiB, int maxInstancesPerSeries) {
    /** No free space kept and no series limit, for tests and tools that spool without the node. */
    public static final SpoolLimits NONE = new SpoolLimits(0, Integer.MAX_VALUE);

    private static final long MIB = 1024 * 1024;

    public SpoolLimits {
        if (minFreeMiB < 0 || minFreeMiB > Long.MAX_VALUE / MIB) {
            throw new IllegalArgumentException("minFreeMiB must be 0 to " + Long.MAX_VALUE / MIB + ", not " + minFreeMiB);
        }
        if (maxInstancesPerSeries < 1) {
            throw new IllegalArgumentException("maxInstancesPerSeries must be at least 1, not " + maxInstancesPerSeries);
        }
    }

    /**
     * Why nothing new can be spooled when the file system has {@code usableBytes} left; empty when there is
     * room. Worded to fit a 64-character ErrorComment.
     */
    public Optional<String> freeSpaceShortfall(long usableBytes) {
        if (usableBytes >= minFreeMiB * MIB) {
            return Optional.empty();
        }
        return Optional.of("spool disk has " + usableBytes / MIB + " MiB free, below node.minFreeSpaceMiB " + minFreeMiB);
    }

    /** Whether a series folder that holds {@code instances} may take one more. */
    public boolean seriesHasRoom(long instances) {
        return instances < maxInstancesPerSeries;
    }
}
