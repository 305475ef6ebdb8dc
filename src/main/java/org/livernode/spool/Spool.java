package org.livernode.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where received instances are kept until they are processed. Layout under the root, all on one filesystem so
 * that renames are atomic:
 * <ul>
 *   <li>{@code incoming/} — {@code .part} files being received;</li>
 *   <li>{@code series/<SeriesInstanceUID>/<SOPInstanceUID>.dcm} — complete, fsync'ed instances;</li>
 *   <li>{@code failed/} — data sets that arrived but could not be filed (unparseable, inconsistent).</li>
 * </ul>
 * Safe for concurrent use by several associations.
 */
public final class Spool {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    /**
     * PS3.5 9.1: digits and dots, at most 64 characters; nothing that matches can name a parent or an absolute
     * path. Leading zeros in a component, which PS3.5 forbids but some devices send, are let through.
     */
    private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
    private static final int UID_MAX_LENGTH = 64;
    static final String PART_SUFFIX = ".part";

    private final Path root;
    private final Path incoming;
    private final Path series;
    private final Path failed;

    private Spool(Path root) {
        this.root = root;
        this.incoming = root.resolve("incoming");
        this.series = root.resolve("series");
        this.failed = root.resolve("failed");
    }

    /**
     * Opens (creating if needed) the spool at {@code root}. Partial files left in {@code incoming/} by an earlier
     * run are deleted: their senders never got a success and will send them again.
     */
    public static Spool open(Path root) throws IOException {
        Spool spool = new Spool(root.toAbsolutePath().normalize());
        Files.createDirectories(spool.incoming);
        Files.createDirectories(spool.series);
        Files.createDirectories(spool.failed);
        int stale = 0;
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(spool.incoming, "*" + PART_SUFFIX)) {
            for (Path part : parts) {
                Files.delete(part);
                stale++;
            }
        }
        if (stale > 0) {
            log.info("Spool {}: deleted {} partial file(s) left by an earlier run", spool.root, stale);
        }
        return spool;
    }

    public Path root() {
        return root;
    }

    /** The folder that holds (or will hold) a series. */
    public Path seriesFolder(String seriesInstanceUid) {
        if (!isValidUid(seriesInstanceUid)) {
            throw new IllegalArgumentException("not a valid UID: '" + seriesInstanceUid + "'");
        }
        return series.resolve(seriesInstanceUid);
    }

    /** The series that have instances in the spool. */
    public List<String> seriesInstanceUids() throws IOException {
        try (Stream<Path> folders = Files.list(series)) {
            return folders.filter(Files::isDirectory).map(f -> f.getFileName().toString()).filter(Spool::isValidUid).sorted().toList();
        }
    }

    /** The stored instances of a series, in file name order; none when the series is unknown. */
    public List<Path> instances(String seriesInstanceUid) throws IOException {
        Path folder = seriesFolder(seriesInstanceUid);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".dcm")).sorted().toList();
        }
    }

    /** True for a syntactically valid UID, which is also safe as a file or folder name. */
    public static boolean isValidUid(String uid) {
        return uid != null && uid.length() <= UID_MAX_LENGTH && UID.matcher(uid).matches();
    }

    /**
     * Starts receiving an instance into a new {@code .part} file, which already holds the file meta information.
     *
     * @param sopClassUid as the sender announced it; the data set must agree
     * @param sopInstanceUid as the sender announced it; the data set must agree
     * @param transferSyntaxUid the transfer syntax of the data set bytes that will be written
     * @param callingAeTitle recorded as SourceApplicationEntityTitle
     */
    public IncomingInstance begin(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, String callingAeTitle)
            throws IOException {
        Path part = Files.createTempFile(incoming, "instance-", PART_SUFFIX);
        return new IncomingInstance(this, part, sopClassUid, sopInstanceUid, transferSyntaxUid, callingAeTitle);
    }

    Path seriesRoot() {
        return series;
    }

    Path failedFolder() {
        return failed;
    }

    /** Makes a directory's entries (a rename into it, a new subfolder) durable. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
