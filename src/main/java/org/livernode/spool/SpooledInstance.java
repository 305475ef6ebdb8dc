package org.livernode.spool;

import java.nio.file.Path;

/**
 * An instance safely in the spool: fsync'ed, renamed to {@code <root>/series/<SeriesInstanceUID>/<SOPInstanceUID>.dcm}
 * and its directory entry fsync'ed. A Part 10 file whose meta information carries the transfer syntax it was
 * received in and the sender's AE title.
 *
 * @param modality empty when the data set has none
 * @param studyInstanceUid empty when the data set has none
 */
public record SpooledInstance(Path path, String sopClassUid, String sopInstanceUid, String seriesInstanceUid,
        String studyInstanceUid, String modality, String callingAeTitle, String transferSyntaxUid) {}
