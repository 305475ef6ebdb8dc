package org.livernode.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job records on disk: {@code <root>/<jobId>/job.json}, beside the job's output files. Plain files with atomic,
 * fsync'ed replacement (see {@link DurableFiles}) are enough here: one writer per job at a time, a few updates
 * per job, and an operator can read and repair them with a text editor, which a database would not allow.
 */
public final class JobStore {
    private static final Logger log = LoggerFactory.getLogger(JobStore.class);
    private static final String RECORD = "job.json";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    private JobStore(Path root) {
        this.root = root;
    }

    public static JobStore open(Path root) throws IOException {
        Files.createDirectories(root);
        return new JobStore(root);
    }

    /** SHA-256 (hex) of the sorted, distinct SOP Instance UIDs: names one version of a series. */
    public static String instanceSetDigest(Collection<String> sopInstanceUids) {
        Hasher hasher = Hashing.sha256().newHasher();
        for (String uid : new TreeSet<>(sopInstanceUids)) {
            hasher.putString(uid, StandardCharsets.US_ASCII).putByte((byte) '\n');
        }
        return hasher.hash().toString();
    }

    /** The job of one version of a series: the series UID (digits and dots) and the start of the digest. */
    public static String jobId(String seriesInstanceUid, String instanceSetDigest) {
        return seriesInstanceUid + "-" + instanceSetDigest.substring(0, 16);
    }

    /** The folder that holds every job's folder. */
    public Path root() {
        return root;
    }

    /** Where the record of a job is (or would be). */
    public Path recordFile(String jobId) {
        return root.resolve(jobId).resolve(RECORD);
    }

    /** The folder of a job, where its outputs are written before its record. */
    public Path folder(String jobId) throws IOException {
        return Files.createDirectories(root.resolve(jobId));
    }

    public Optional<JobRecord> find(String jobId) throws IOException {
        Path record = root.resolve(jobId).resolve(RECORD);
        if (!Files.isRegularFile(record)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(record.toFile(), JobRecord.class));
    }

    public synchronized void save(JobRecord job) throws IOException {
        DurableFiles.write(folder(job.jobId()).resolve(RECORD), JSON.writeValueAsBytes(job));
    }

    /**
     * Moves a job's record aside, to {@code attempt-<createdAt millis>.json} in its folder, so that its series is
     * processed again as a new attempt of the same job (an operator's re-run); the outputs stay until that attempt
     * replaces them. Returns the name it now has.
     */
    public synchronized String retire(JobRecord job) throws IOException {
        Path folder = root.resolve(job.jobId());
        String retired = "attempt-" + job.createdAt().toEpochMilli() + ".json";
        Files.move(folder.resolve(RECORD), folder.resolve(retired), StandardCopyOption.ATOMIC_MOVE);
        DurableFiles.syncDirectory(folder);
        return retired;
    }

    /** Every readable job record; unreadable ones are logged and left for the operator. */
    public List<JobRecord> all() throws IOException {
        List<JobRecord> jobs = new ArrayList<>();
        try (Stream<Path> folders = Files.list(root)) {
            for (Path folder : folders.sorted().toList()) {
                Path record = folder.resolve(RECORD);
                if (!Files.isRegularFile(record)) {
                    continue;
                }
                try {
                    jobs.add(JSON.readValue(record.toFile(), JobRecord.class));
                } catch (IOException e) {
                    log.error("Job record {} cannot be read ({}); that job is left alone", record,
                            String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                }
            }
        }
        return jobs;
    }
}
