package org.livernode.retention;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What the spool holds, as retention sees it: sizes and ages, read once per round.
 *
 * @param totalBytes every file under the spool folder, as {@code maxSpoolGiB} counts them
 */
public record SpoolContents(List<SeriesFolder> series, List<FailedFile> failedFiles, List<DeadLetter> deadLetters, long totalBytes) {

    public SpoolContents {
        series = List.copyOf(series);
        failedFiles = List.copyOf(failedFiles);
        deadLetters = List.copyOf(deadLetters);
    }

    /**
     * A folder {@code series/<uid>/}.
     *
     * @param currentJobId the job of the instances it holds now (see {@code JobStore.jobId}); no record may exist for it
     * @param lastWritten when its newest instance was written
     * @param bytes its instances and the outputs of every job of the series
     */
    public record SeriesFolder(String seriesInstanceUid, String currentJobId, Instant lastWritten, long bytes) {}

    /** A file in {@code failed/}. */
    public record FailedFile(Path file, Instant lastModified, long bytes) {}

    /**
     * A dead-letter entry {@code dead-letter/<destination>/<jobId>/}: the results of one job given up for one destination.
     *
     * @param lastModified when its newest file was written
     */
    public record DeadLetter(String destination, String jobId, Path folder, Instant lastModified, long bytes) {}
}
