package org.livernode.spool;

import com.google.common.util.concurrent.Striped;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.livernode.dicom.LogSafe;
import org.livernode.dicom.UidSyntax;
import org.livernode.state.DurableFiles;
import org.livernode.state.StateRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where received instances are kept until they are processed. Its folders under the {@link StateRoot}, all on
 * one filesystem so that renames are atomic:
 * <ul>
 *   <li>{@code incoming/} — {@code .part} files being received;</li>
 *   <li>{@code series/<SeriesInstanceUID>/<SOPInstanceUID>.dcm} — complete, fsync'ed instances;</li>
 *   <li>{@code failed/} — data sets that arrived but could not be filed (unparseable, inconsistent).</li>
 * </ul>
 * The {@link SpoolLimits} are enforced on every instance. Safe for concurrent use by several associations.
 */
public final class Spool {
    private static final Logger log = LoggerFactory.getLogger(Spool.class);

    static final String PART_SUFFIX = ".part";
    static final String INSTANCE_SUFFIX = ".dcm";

    private final Path root;
    private final Path incoming;
    private final Path series;
    private final Path failed;
    private final SpoolLimits limits;
    private final Durability durability;
    private final FileStore fileStore;
    /** Counting a series' instances and filing one more happen under its lock, so that two associations cannot both take the last place. */
    private final Striped<Lock> seriesLocks = Striped.lock(64);
    /** Instances per series folder, counted on disk the first time a series is seen and kept up to date under its lock. */
    private final Map<String, Long> seriesCounts = new ConcurrentHashMap<>();
    /** Distinguishes this run's partial files from any an earlier run left (they are deleted at open anyway). */
    private final long partNames = System.nanoTime();
    private final AtomicLong parts = new AtomicLong();

    private Spool(Path root, SpoolLimits limits, Durability durability) throws IOException {
        this.root = root;
        StateRoot layout = new StateRoot(root);
        this.incoming = layout.incoming();
        this.series = layout.series();
        this.failed = layout.failed();
        this.limits = limits;
        this.durability = durability;
        Files.createDirectories(incoming);
        Files.createDirectories(series);
        Files.createDirectories(failed);
        this.fileStore = Files.getFileStore(root);
    }

    /** Opens the spool at {@code root} without limits, fsync'ing; see {@link #open(Path, SpoolLimits, Durability)}. */
    public static Spool open(Path root) throws IOException {
        return open(root, SpoolLimits.NONE, Durability.FSYNC);
    }

    /**
     * Opens (creating if needed) the spool at {@code root}. Partial files left in {@code incoming/} by an earlier
     * run are deleted: their senders never got a success and will send them again.
     */
    public static Spool open(Path root, SpoolLimits limits, Durability durability) throws IOException {
        Spool spool = new Spool(root.toAbsolutePath().normalize(), limits, durability);
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

    /**
     * The bytes of every file under the root (instances, job outputs, dead letters), for the spool gauge. Files that
     * vanish while it counts (a {@code .part} renamed into place) are passed over.
     */
    public long bytes() throws IOException {
        long[] total = {0};
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                total[0] += attributes.size();
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    /** The folder that holds (or will hold) a series. */
    public Path seriesFolder(String seriesInstanceUid) {
        if (!UidSyntax.isUid(seriesInstanceUid, UidSyntax.Leniency.AS_RECEIVED)) {
            throw new IllegalArgumentException("not a valid UID: " + LogSafe.uid(seriesInstanceUid));
        }
        return series.resolve(seriesInstanceUid);
    }

    /** The series that have instances in the spool. */
    public List<String> seriesInstanceUids() throws IOException {
        try (Stream<Path> folders = Files.list(series)) {
            return folders.filter(Files::isDirectory).map(f -> f.getFileName().toString()).filter(uid -> UidSyntax.isUid(uid, UidSyntax.Leniency.AS_RECEIVED)).sorted().toList();
        }
    }

    /** The stored instances of a series, in file name order; none when the series is unknown. */
    public List<Path> instances(String seriesInstanceUid) throws IOException {
        Path folder = seriesFolder(seriesInstanceUid);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(INSTANCE_SUFFIX)).sorted().toList();
        }
    }

    /** The series as the spool holds it now: its instances, their digest and its job; no instances when the series is unknown. */
    public SeriesVersion currentVersion(String seriesInstanceUid) throws IOException {
        return SeriesVersion.of(seriesInstanceUid, instances(seriesInstanceUid));
    }

    /** The SOP Instance UID of a file that {@link #instances} lists, which is named after it. */
    public static String sopInstanceUid(Path instance) {
        String name = instance.getFileName().toString();
        return name.substring(0, name.length() - INSTANCE_SUFFIX.length());
    }

    /**
     * Moves a series' folder out of {@code series/} to {@code target} (on the same file system) in one atomic rename,
     * under the series' lock so that no instance is filed into it meanwhile, and only when {@code unchanged} accepts
     * its version as it is at that moment; both directories are fsync'ed (as the spool's durability says). An instance of the series that arrives
     * afterwards starts a new folder. Returns false, moving nothing, when the folder is gone or {@code unchanged} refuses.
     */
    public boolean moveSeriesOut(String seriesInstanceUid, Predicate<SeriesVersion> unchanged, Path target) throws IOException {
        Path folder = seriesFolder(seriesInstanceUid);
        Lock lock = seriesLock(seriesInstanceUid);
        lock.lock();
        try {
            if (!Files.isDirectory(folder) || !unchanged.test(currentVersion(seriesInstanceUid))) {
                return false;
            }
            Files.move(folder, target, StandardCopyOption.ATOMIC_MOVE);
            seriesCounts.remove(seriesInstanceUid);
        } finally {
            lock.unlock();
        }
        syncDirectory(series);
        syncDirectory(target.toAbsolutePath().getParent());
        return true;
    }

    SpoolLimits limits() {
        return limits;
    }

    /** Why the spool takes nothing new now (its file system is below the free space it keeps); empty when it does. */
    public Optional<String> freeSpaceShortfall() throws IOException {
        return limits.freeSpaceShortfall(fileStore.getUsableSpace());
    }

    /**
     * Starts receiving an instance into a new {@code .part} file, which already holds the file meta information.
     *
     * @param sopClassUid as the sender announced it; the data set must agree
     * @param sopInstanceUid as the sender announced it; the data set must agree
     * @param transferSyntaxUid the transfer syntax of the data set bytes that will be written
     * @param callingAeTitle recorded as SourceApplicationEntityTitle
     * @throws SpoolLimitException when the file system is below the free space the spool keeps
     */
    public IncomingInstance begin(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, String callingAeTitle)
            throws IOException {
        Optional<String> shortfall = freeSpaceShortfall();
        if (shortfall.isPresent()) {
            throw new SpoolLimitException(shortfall.get());
        }
        // A counter, not createTempFile's secure random names: nobody else writes here, and it costs a tenth.
        Path part = Files.createFile(incoming.resolve("instance-" + partNames + "-" + parts.incrementAndGet() + PART_SUFFIX));
        return new IncomingInstance(this, part, sopClassUid, sopInstanceUid, transferSyntaxUid, callingAeTitle);
    }

    Path seriesRoot() {
        return series;
    }

    Lock seriesLock(String seriesInstanceUid) {
        return seriesLocks.get(seriesInstanceUid);
    }

    /**
     * The instances filed in a series, counted on disk when the series is first seen (so that the count holds
     * across restarts) and then kept in memory; call with the series' lock held.
     */
    long instancesIn(String seriesInstanceUid) throws IOException {
        Long known = seriesCounts.get(seriesInstanceUid);
        if (known != null) {
            return known;
        }
        long counted = countOnDisk(seriesFolder(seriesInstanceUid));
        seriesCounts.put(seriesInstanceUid, counted);
        return counted;
    }

    /** One more instance was filed in the series; call with the series' lock held. */
    void instanceAdded(String seriesInstanceUid) throws IOException {
        seriesCounts.put(seriesInstanceUid, instancesIn(seriesInstanceUid) + 1);
    }

    private static long countOnDisk(Path seriesFolder) throws IOException {
        if (!Files.isDirectory(seriesFolder)) {
            return 0;
        }
        long count = 0;
        try (DirectoryStream<Path> instances = Files.newDirectoryStream(seriesFolder, "*" + INSTANCE_SUFFIX)) {
            for (Path ignored : instances) {
                count++;
            }
        }
        return count;
    }

    Path failedFolder() {
        return failed;
    }

    /** Flushes a file's data to disk, unless the spool acknowledges after the write alone. */
    void sync(FileChannel channel) throws IOException {
        if (durability == Durability.FSYNC) {
            channel.force(true);
        }
    }

    /** Flushes a directory's entries (a rename into it, a new subfolder) to disk, unless the spool acknowledges after the write alone. */
    void syncDirectory(Path directory) throws IOException {
        if (durability == Durability.FSYNC) {
            DurableFiles.syncDirectory(directory);
        }
    }
}
