package org.livernode.retention;

import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.livernode.audit.AuditLog;
import org.livernode.metrics.NodeMetrics;
import org.livernode.retention.RetentionPlan.KeepReason;
import org.livernode.retention.RetentionPlan.SeriesPurge;
import org.livernode.retention.SpoolContents.DeadLetter;
import org.livernode.retention.SpoolContents.FailedFile;
import org.livernode.retention.SpoolContents.SeriesFolder;
import org.livernode.spool.SeriesVersion;
import org.livernode.spool.Spool;
import org.livernode.state.DurableFiles;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.livernode.state.StateRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes from the spool what {@link RetentionRules} lets go, every {@code retention.intervalMinutes}, on a thread of
 * its own. Crash-safe: each series folder (and each dead-letter entry) first moves, in one atomic rename, into a purge
 * folder under {@code purging/}, beside a list of the job outputs that go with it; only then are the outputs and the
 * purge folder deleted. A kill at any point leaves each series either whole in {@code series/} or in
 * {@code purging/}, where no other part of the node looks; {@link #finishInterruptedPurges()} completes those at the
 * next start, before the spool is scanned for unprocessed series. The rename happens under the series' spool lock and
 * only if the folder still holds the instances of the job the plan was made for, so an instance that arrives during a
 * round is never deleted. One arriving after its series was purged starts a new folder: a new series version, made a
 * job of its own when it completes, as late instances are. Job records are never deleted.
 */
public final class Retention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    /** In a purge folder: the moved series folder, or the moved dead-letter entry. Either one means the purge is committed. */
    static final String SERIES = "series";
    static final String DEAD_LETTER = "dead-letter";
    /** In a purge folder: the job outputs that go with the series, a {@code <jobId>/<file>} per line, written before the move. */
    static final String OUTPUTS = "outputs.txt";
    private static final double MIB = 1 << 20;

    private final StateRoot state;
    private final Spool spool;
    private final JobStore jobs;
    private final RetentionRules rules;
    private final RetentionConfig config;
    private final Supplier<Set<String>> inFlight;
    private final NodeMetrics metrics;
    private final AuditLog audit;
    private final Clock clock;
    private final AtomicLong overLimitBytes = new AtomicLong();
    /** Distinguishes the purge folders of this run; those of an earlier run are gone after {@link #finishInterruptedPurges()}. */
    private final long purgeNames = System.nanoTime();
    private final AtomicLong purges = new AtomicLong();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "retention");
        t.setDaemon(true);
        return t;
    });

    /** @param inFlight series still receiving, waiting for completion, queued or in processing */
    public Retention(Spool spool, JobStore jobs, RetentionConfig config, Supplier<Set<String>> inFlight, NodeMetrics metrics,
            AuditLog audit, Clock clock) {
        this.state = new StateRoot(spool.root());
        this.spool = spool;
        this.jobs = jobs;
        this.rules = new RetentionRules(config);
        this.config = config;
        this.inFlight = inFlight;
        this.metrics = metrics;
        this.audit = audit;
        this.clock = clock;
        metrics.watchRetention(overLimitBytes::get);
    }

    /**
     * Completes the purges a crash interrupted: a purge folder holding its series (or dead letter) is committed, so its
     * listed outputs and the folder are deleted; one holding only its list was not, so only the list goes. Call at
     * start, before anything reads the spool.
     */
    public void finishInterruptedPurges() throws IOException {
        Path purging = Files.createDirectories(state.purging());
        List<Path> folders;
        try (Stream<Path> list = Files.list(purging)) {
            folders = list.sorted().toList();
        }
        int finished = 0;
        for (Path folder : folders) {
            if (Files.exists(folder.resolve(SERIES)) || Files.exists(folder.resolve(DEAD_LETTER))) {
                reclaim(folder);
                finished++;
            } else {
                MoreFiles.deleteRecursively(folder);
            }
        }
        if (!folders.isEmpty()) {
            DurableFiles.syncDirectory(purging);
            log.info("Retention: finished {} purge(s) interrupted by the last stop, and dropped {} that had not begun", finished,
                    folders.size() - finished);
        }
    }

    /** Runs a round every {@code retention.intervalMinutes}, the first one interval after now. */
    public void start() {
        long interval = config.interval().toMillis();
        timer.scheduleWithFixedDelay(this::runRoundLogged, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void runRoundLogged() {
        try {
            runRound();
        } catch (IOException | RuntimeException e) {
            log.error("Retention round failed ({}); trying again in {} min", e.getMessage(), config.interval().toSeconds() / 60.0, e);
        }
    }

    /** One round: looks at the spool, decides, and deletes; returns the plan it carried out. */
    public RetentionPlan runRound() throws IOException {
        List<JobRecord> records = jobs.all();
        Set<String> busy = inFlight.get();
        SpoolContents contents = contents(records);
        RetentionPlan plan = rules.plan(contents, records, busy, clock.instant());
        overLimitBytes.set(plan.overLimitBytes());

        // Everything is moved into purging/ first, then deleted: a kill in between leaves only committed purges behind.
        List<Path> committed = new ArrayList<>();
        List<String> purgedSeries = new ArrayList<>();
        long seriesBytes = 0;
        int letters = 0;
        long letterBytes = 0;
        long failedBytes = 0;
        try {
            for (SeriesPurge purge : plan.series()) {
                Path folder = moveSeriesOut(purge);
                if (folder != null) {
                    committed.add(folder);
                    purgedSeries.add(purge.seriesInstanceUid());
                    seriesBytes += purge.bytes();
                }
            }
            for (DeadLetter letter : plan.deadLetters()) {
                Path folder = moveDeadLetterOut(letter);
                if (folder != null) {
                    committed.add(folder);
                    letters++;
                    letterBytes += letter.bytes();
                }
            }
            for (FailedFile failed : plan.failedFiles()) {
                Files.deleteIfExists(failed.file());
                failedBytes += failed.bytes();
            }
        } finally {
            // Also when a move failed: what is committed is deleted now rather than at the next start.
            for (Path folder : committed) {
                reclaim(folder);
            }
            if (!committed.isEmpty() || !plan.failedFiles().isEmpty()) {
                DurableFiles.syncDirectory(state.purging());
                DurableFiles.syncDirectory(state.failed());
            }
        }
        metrics.purged(NodeMetrics.Purged.SERIES, purgedSeries.size(), seriesBytes);
        metrics.purged(NodeMetrics.Purged.DEAD_LETTER, letters, letterBytes);
        metrics.purged(NodeMetrics.Purged.FAILED_FILE, plan.failedFiles().size(), failedBytes);
        long bytes = seriesBytes + letterBytes + failedBytes;
        boolean deleted = !committed.isEmpty() || !plan.failedFiles().isEmpty();
        if (deleted) {
            log.info("Retention: deleted {} series, {} dead letter(s) and {} file(s) from failed/: {} MiB", purgedSeries.size(), letters,
                    plan.failedFiles().size(), mib(bytes));
        }
        if (plan.overLimitBytes() > 0) {
            Map<KeepReason, Integer> kept = new HashMap<>();
            plan.kept().forEach(k -> kept.merge(k.reason(), 1, Integer::sum));
            log.warn("Retention: the spool stays {} MiB above retention.maxSpoolGiB ({} MiB) and nothing more may be deleted;"
                    + " series kept: {} (failed series and dead letters go only after failedDays and deadLetterDays)",
                    mib(plan.overLimitBytes()), mib(config.maxSpoolBytes().getAsLong()), kept);
        }
        if (deleted || plan.overLimitBytes() > 0) {
            audit.retention(purgedSeries, plan.failedFiles().size(), letters, bytes, plan.overLimitBytes());
        }
        return plan;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / MIB);
    }

    /** The folder of a committed purge of the series, or null when the series changed since the plan and stays. */
    private Path moveSeriesOut(SeriesPurge purge) throws IOException {
        Path folder = newPurgeFolder();
        StringBuilder outputs = new StringBuilder();
        purge.outputs().forEach(o -> outputs.append(o.jobId()).append('/').append(o.file()).append('\n'));
        DurableFiles.write(folder.resolve(OUTPUTS), outputs.toString().getBytes(StandardCharsets.UTF_8));
        String uid = purge.seriesInstanceUid();
        boolean moved;
        try {
            moved = spool.moveSeriesOut(uid, version -> version.jobId().equals(purge.currentJobId()), folder.resolve(SERIES));
        } catch (IOException e) {
            MoreFiles.deleteRecursively(folder);
            throw e;
        }
        if (!moved) {
            log.info("Series {}: changed since retention looked at it; kept", uid);
            MoreFiles.deleteRecursively(folder);
            return null;
        }
        log.info("Series {}: deleting its instances and the outputs of its jobs ({})", uid, purge.reason());
        return folder;
    }

    /** The folder of a committed purge of the dead letter, or null when it was resent (moved back) since the plan. */
    private Path moveDeadLetterOut(DeadLetter letter) throws IOException {
        Path folder = newPurgeFolder();
        try {
            Files.move(letter.folder(), folder.resolve(DEAD_LETTER), StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            MoreFiles.deleteRecursively(folder);
            return null;
        }
        DurableFiles.syncDirectory(letter.folder().getParent());
        DurableFiles.syncDirectory(folder);
        log.info("Dead letter {}: older than retention.deadLetterDays; deleting it", state.deadLetters().relativize(letter.folder()));
        return folder;
    }

    private Path newPurgeFolder() throws IOException {
        Path folder = Files.createDirectories(state.purging().resolve(purgeNames + "-" + purges.incrementAndGet()));
        DurableFiles.syncDirectory(state.purging());
        return folder;
    }

    /** Deletes a committed purge: the job outputs it lists, then the folder, its list last. */
    private void reclaim(Path folder) throws IOException {
        Path outputs = folder.resolve(OUTPUTS);
        if (Files.isRegularFile(outputs)) {
            for (String line : Files.readAllLines(outputs, StandardCharsets.UTF_8)) {
                Path output = state.jobs().resolve(line).normalize();
                // A list edited by hand must not reach outside jobs/ (nor a job record).
                if (!line.isBlank() && output.startsWith(state.jobs()) && output.getNameCount() == state.jobs().getNameCount() + 2
                        && !output.getFileName().toString().equals("job.json")) {
                    Files.deleteIfExists(output);
                }
            }
        }
        for (String payload : List.of(SERIES, DEAD_LETTER)) {
            if (Files.exists(folder.resolve(payload))) {
                MoreFiles.deleteRecursively(folder.resolve(payload));
            }
        }
        MoreFiles.deleteRecursively(folder);
    }

    /** The spool as the rules see it; files that vanish while it looks (an instance replaced, a letter resent) are passed over. */
    private SpoolContents contents(List<JobRecord> records) throws IOException {
        Map<String, List<JobRecord>> jobsBySeries = new HashMap<>();
        records.forEach(job -> jobsBySeries.computeIfAbsent(job.seriesInstanceUid(), uid -> new ArrayList<>()).add(job));
        List<SeriesFolder> series = new ArrayList<>();
        for (String uid : spool.seriesInstanceUids()) {
            SeriesVersion version = spool.currentVersion(uid);
            if (version.instances().isEmpty()) {
                continue;
            }
            Footprint instances = Footprint.of(version.instances());
            long bytes = instances.bytes();
            for (JobRecord job : jobsBySeries.getOrDefault(uid, List.of())) {
                for (String output : job.outputs()) {
                    BasicFileAttributes attributes = attributes(state.jobs().resolve(job.jobId()).resolve(output));
                    bytes += attributes == null ? 0 : attributes.size();
                }
            }
            series.add(new SeriesFolder(uid, version.jobId(), instances.newest(), bytes));
        }
        List<FailedFile> failed = new ArrayList<>();
        try (Stream<Path> files = Files.list(state.failed())) {
            for (Path file : files.sorted().toList()) {
                BasicFileAttributes attributes = attributes(file);
                if (attributes != null && attributes.isRegularFile()) {
                    failed.add(new FailedFile(file, attributes.lastModifiedTime().toInstant(), attributes.size()));
                }
            }
        }
        return new SpoolContents(series, failed, deadLetters(), spool.bytes());
    }

    /** The entries {@code dead-letter/<destination>/<jobId>/}, each as old as its newest file. */
    private List<DeadLetter> deadLetters() throws IOException {
        List<DeadLetter> letters = new ArrayList<>();
        Path root = state.deadLetters();
        if (!Files.isDirectory(root)) {
            return letters;
        }
        for (Path destination : folders(root)) {
            for (Path job : folders(destination)) {
                Footprint footprint;
                try (Stream<Path> files = Files.list(job)) {
                    footprint = Footprint.of(files.toList());
                }
                letters.add(new DeadLetter(destination.getFileName().toString(), job.getFileName().toString(), job,
                        footprint.newest(), footprint.bytes()));
            }
        }
        return letters;
    }

    private static List<Path> folders(Path parent) throws IOException {
        try (Stream<Path> list = Files.list(parent)) {
            return list.filter(Files::isDirectory).sorted().toList();
        }
    }

    /** What {@code files} hold together and when the newest of them was written ({@link Instant#EPOCH} for none). */
    private record Footprint(long bytes, Instant newest) {
        /** A file deleted meanwhile counts for nothing. */
        static Footprint of(List<Path> files) {
            long bytes = 0;
            Instant newest = Instant.EPOCH;
            for (Path file : files) {
                BasicFileAttributes attributes = attributes(file);
                if (attributes != null) {
                    bytes += attributes.size();
                    Instant written = attributes.lastModifiedTime().toInstant();
                    newest = written.isAfter(newest) ? written : newest;
                }
            }
            return new Footprint(bytes, newest);
        }
    }

    private static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** Lets a round in progress finish, so that it does not stop between its renames and its deletions without need. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
