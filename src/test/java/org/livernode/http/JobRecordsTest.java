package org.livernode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;

class JobRecordsTest {
    private static final Instant T = Instant.parse("2026-12-04T10:00:00Z");

    @TempDir
    Path dir;

    private static JobRecord job(String series, Delivery.State state) {
        Delivery pending = Delivery.pending("pacs", "seg.dcm", T);
        Delivery delivery = state == Delivery.State.PENDING ? pending : pending.delivered(T);
        return new JobRecord(series + "-0123456789abcdef", series, "0123456789abcdef00", 3, JobRecord.Outcome.PROCESSED, "", T, List.of("seg.dcm"),
                List.of(delivery), "liver 1", List.of("default"), null);
    }

    private static List<String> states(List<JobRecord> records) {
        return records.stream().sorted(Comparator.comparing(JobRecord::jobId))
                .map(j -> j.seriesInstanceUid() + " " + j.deliveries().get(0).state()).toList();
    }

    @Test
    void recordsAreReadAgainOnlyWhenTheirFileChanged() throws Exception {
        JobStore jobs = JobStore.open(dir.resolve("jobs"));
        JobRecords records = new JobRecords(jobs);
        jobs.save(job("1.1", Delivery.State.PENDING));
        jobs.save(job("1.2", Delivery.State.PENDING));
        Files.createDirectories(dir.resolve("jobs/not-a-job-yet"));
        assertEquals(List.of("1.1 PENDING", "1.2 PENDING"), states(records.all()));

        jobs.save(job("1.1", Delivery.State.DELIVERED));
        assertEquals(List.of("1.1 DELIVERED", "1.2 PENDING"), states(records.all()), "a new version is read");

        // Same size and modification time: taken as unchanged, so not parsed again (this is what the cache saves).
        Path file = jobs.recordFile(job("1.2", Delivery.State.PENDING).jobId());
        FileTime modified = Files.getLastModifiedTime(file);
        Files.writeString(file, Files.readString(file).replace("\"PENDING\"", "\"DEAD   \""));
        Files.setLastModifiedTime(file, modified);
        assertEquals(List.of("1.1 DELIVERED", "1.2 PENDING"), states(records.all()));

        Files.writeString(jobs.folder(job("1.3", Delivery.State.PENDING).jobId()).resolve("job.json"), "{ cut short");
        Files.delete(jobs.recordFile(job("1.1", Delivery.State.PENDING).jobId()));
        assertEquals(List.of("1.2 PENDING"), states(records.all()), "a deleted record is gone, an unreadable one left out");
    }
}
