package org.livernode.http;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every job record, for the console's lists, which a page asks for every few seconds: a record is read again only
 * when its file changed (records are replaced whole, by rename, so a new version has a new modification time), so
 * a spool of a year's jobs costs one directory listing and a stat per job, not a parse per job. A record that
 * cannot be read is logged once per version and left out.
 */
public final class JobRecords {
    private static final Logger log = LoggerFactory.getLogger(JobRecords.class);

    private final JobStore jobs;
    private Map<String, Cached> cache = new HashMap<>();

    /** @param record empty when that version of the file could not be read */
    private record Cached(FileTime modified, long size, Optional<JobRecord> record) {}

    public JobRecords(JobStore jobs) {
        this.jobs = jobs;
    }

    public synchronized List<JobRecord> all() throws IOException {
        Map<String, Cached> current = new HashMap<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(jobs.root())) {
            for (Path folder : folders) {
                String jobId = folder.getFileName().toString();
                BasicFileAttributes file;
                try {
                    file = Files.readAttributes(jobs.recordFile(jobId), BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    continue;
                }
                Cached cached = cache.get(jobId);
                if (cached == null || !cached.modified().equals(file.lastModifiedTime()) || cached.size() != file.size()) {
                    cached = new Cached(file.lastModifiedTime(), file.size(), read(jobId));
                }
                current.put(jobId, cached);
            }
        }
        cache = current;
        List<JobRecord> records = new ArrayList<>();
        current.values().forEach(c -> c.record().ifPresent(records::add));
        return records;
    }

    /** The record as it is now; read after its file's attributes, so a change in between is read again next time. */
    private Optional<JobRecord> read(String jobId) {
        try {
            return jobs.find(jobId);
        } catch (IOException e) {
            log.error("Job record {} cannot be read ({}); the console leaves it out", jobs.recordFile(jobId),
                    String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            return Optional.empty();
        }
    }
}
