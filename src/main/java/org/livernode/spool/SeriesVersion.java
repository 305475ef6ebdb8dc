package org.livernode.spool;

import java.nio.file.Path;
import java.util.List;
import org.livernode.state.JobStore;

/**
 * A series as the spool holds it at one moment: its instance files, the digest of their SOP Instance UIDs and the job
 * that processes exactly these instances (see {@link JobStore#jobId}). Instances that arrive later make another
 * version of the series, and so another job. The job runner, a re-run and retention all ask the spool for it
 * ({@link Spool#currentVersion}), so that they name a version the same way.
 *
 * @param instances in file name order; none when the spool holds nothing of the series
 */
public record SeriesVersion(String seriesInstanceUid, List<Path> instances, String digest, String jobId) {

    public SeriesVersion {
        instances = List.copyOf(instances);
    }

    /** The version made of these files, as {@link Spool#instances} lists them (each named after its SOP Instance UID). */
    static SeriesVersion of(String seriesInstanceUid, List<Path> instances) {
        String digest = JobStore.instanceSetDigest(instances.stream().map(Spool::sopInstanceUid).toList());
        return new SeriesVersion(seriesInstanceUid, instances, digest, JobStore.jobId(seriesInstanceUid, digest));
    }
}
