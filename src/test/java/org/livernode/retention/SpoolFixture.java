package org.livernode.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.livernode.state.StateRoot;

/**
 * A spool laid out on disk as the node leaves it, without receiving or processing anything: series folders of
 * placeholder instances (retention reads names, sizes and times, never their content), job records made for them,
 * output files beside the records, dead letters and failed files, each as old as a test needs.
 */
final class SpoolFixture {
    final StateRoot state;
    final JobStore jobs;

    SpoolFixture(Path root) throws IOException {
        this.state = new StateRoot(root.toAbsolutePath().normalize());
        this.jobs = JobStore.open(state.jobs());
        Files.createDirectories(state.series());
        Files.createDirectories(state.failed());
    }

    /** {@code instances} files of {@code bytes} each in {@code series/<uid>/}, written at {@code written}; returns the job id of that set. */
    String series(String uid, int instances, int bytes, Instant written) throws IOException {
        Path folder = Files.createDirectories(state.series().resolve(uid));
        List<String> sopInstanceUids = new ArrayList<>();
        for (int i = 1; i <= instances; i++) {
            String sop = uid + "." + i;
            Path file = Files.write(folder.resolve(sop + ".dcm"), new byte[bytes]);
            Files.setLastModifiedTime(file, FileTime.from(written));
            sopInstanceUids.add(sop);
        }
        return JobStore.jobId(uid, JobStore.instanceSetDigest(sopInstanceUids));
    }

    /**
     * A record for job {@code jobId} of the series, with one output of {@code outputBytes} per delivery to {@code pacs};
     * a pending delivery was tried once and waits a year for its next attempt.
     */
    JobRecord job(String jobId, String uid, JobRecord.Outcome outcome, Instant created, int outputBytes, Delivery.State... deliveries)
            throws IOException {
        List<Delivery> list = new ArrayList<>();
        for (Delivery.State state : deliveries) {
            String file = "seg-" + list.size() + "-" + uid + ".dcm";
            Files.write(jobs.folder(jobId).resolve(file), new byte[outputBytes]);
            Delivery pending = Delivery.pending("pacs", file, created);
            list.add(switch (state) {
                // Tried once, and waiting a year for its next attempt: pending for as long as a test runs.
                case PENDING -> pending.failed(created, created.plus(Duration.ofDays(365)), "connection refused");
                case DELIVERED -> pending.delivered(created);
                case DEAD -> pending.dead(created, "refused");
                case HELD -> Delivery.held("pacs", file);
                case DISCARDED -> Delivery.held("pacs", file).discarded("discarded by an operator after review");
            });
        }
        JobRecord job = new JobRecord(jobId, uid, jobId.substring(uid.length() + 1), 1, outcome, "", created,
                list.stream().map(Delivery::file).toList(), list, "", List.of(), null);
        jobs.save(job);
        return job;
    }

    /** A series of {@code instances} instances and its job, both made at {@code at}. */
    JobRecord processed(String uid, int instances, Instant at, Delivery.State... deliveries) throws IOException {
        return job(series(uid, instances, 1000, at), uid, JobRecord.Outcome.PROCESSED, at, 2000, deliveries);
    }

    /** A dead letter of the job's first output for {@code pacs}, as the outbox writes it, last written at {@code at}. */
    Path deadLetter(JobRecord job, Instant at) throws IOException {
        Path folder = Files.createDirectories(state.deadLetters().resolve("pacs").resolve(job.jobId()));
        String file = job.outputs().get(0);
        Files.copy(state.jobs().resolve(job.jobId()).resolve(file), folder.resolve(file));
        Files.writeString(folder.resolve(file + ".reason.txt"), "refused\n");
        for (Path f : List.of(folder.resolve(file), folder.resolve(file + ".reason.txt"))) {
            Files.setLastModifiedTime(f, FileTime.from(at));
        }
        return folder;
    }

    Path failedFile(String name, Instant at) throws IOException {
        Path file = Files.write(state.failed().resolve(name), new byte[300]);
        Files.setLastModifiedTime(file, FileTime.from(at));
        return file;
    }

    /** The files under {@code folder}, relative to it, sorted; none when it does not exist. */
    static List<String> files(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (var walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).map(f -> folder.relativize(f).toString()).sorted().toList();
        }
    }
}
