package org.livernode.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.config.ConfigLoader;
import org.livernode.output.seg.SegmentationFrames;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.FreePort;
import org.livernode.testing.LogCapture;
import org.livernode.testing.RealSeries;
import org.livernode.testing.Storescu;
import org.livernode.testing.TestModels;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.Vec3;
import org.livernode.volume.VolumeAssembler;

/**
 * Two nodes with the shipped model side by side: one segments slices while they arrive (the default), the other
 * only at completion, as before streaming. Each series goes to both, to the streaming node shuffled, over two
 * associations at once and with some instances sent twice, to the other in order; the SEGs must be equal frame for
 * frame (the same slices, the same bits), and a series that fails assembly must fail with the same record.
 * Completion is by the idle timeout in both, so that how the associations end does not matter.
 */
class StreamingIT {
    private static final String SERIES = "{ idleTimeoutSeconds: 6, releaseGraceSeconds: 6, completeOnRelease: false, minSlices: 2 }";

    @TempDir
    static Path dir;
    static LiverNode streaming;
    static LiverNode batch;

    @BeforeAll
    static void start() throws Exception {
        streaming = start("streaming", true);
        batch = start("batch", false);
    }

    @AfterAll
    static void stop() {
        streaming.close();
        batch.close();
    }

    private static LiverNode start(String name, boolean stream) throws Exception {
        String yaml = """
                node: { aeTitle: LIVERNODE, bindAddress: 127.0.0.1, port: %d, spoolDir: %s }
                inference: { model: %s, device: cpu, streaming: %s }
                series: %s
                outputs: [seg]
                """.formatted(FreePort.find(), dir.resolve(name + "-spool"), TestModels.SHIPPED, stream, SERIES);
        return LiverNode.start(ConfigLoader.parse(yaml, name));
    }

    private static JobStore jobs(String name) throws Exception {
        return JobStore.open(dir.resolve(name + "-spool").resolve("jobs"));
    }

    /** The job of exactly these instances, once its record is written. */
    private static JobRecord awaitJob(String node, String seriesInstanceUid, List<String> sopInstanceUids) throws Exception {
        String jobId = JobStore.jobId(seriesInstanceUid, JobStore.instanceSetDigest(sopInstanceUids));
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            var record = jobs(node).find(jobId);
            if (record.isPresent()) {
                return record.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no job " + jobId + " on the " + node + " node within 3 minutes");
    }

    /** Sends to the streaming node shuffled, over two associations at once, the first three files of each half twice; to the other in order. */
    private static void sendToBoth(List<Path> files, long seed) throws Exception {
        List<Path> shuffled = new ArrayList<>(files);
        Collections.shuffle(shuffled, new Random(seed));
        int half = shuffled.size() / 2;
        List<Path> first = new ArrayList<>(shuffled.subList(0, half));
        List<Path> second = new ArrayList<>(shuffled.subList(half, shuffled.size()));
        first.addAll(first.subList(0, 3));
        second.addAll(second.subList(0, 3));
        CompletableFuture<ExternalProgram.Result> a = CompletableFuture.supplyAsync(() -> Storescu.send(streaming.port(), "CT1", "LIVERNODE", first, 300));
        CompletableFuture<ExternalProgram.Result> b = CompletableFuture.supplyAsync(() -> Storescu.send(streaming.port(), "CT1", "LIVERNODE", second, 300));
        ExternalProgram.Result inOrder = Storescu.send(batch.port(), "CT1", "LIVERNODE", files, 300);
        assertTrue(a.get().succeeded(), a.get().output());
        assertTrue(b.get().succeeded(), b.get().output());
        assertTrue(inOrder.succeeded(), inOrder.output());
    }

    private static void assertSameSeg(String seriesInstanceUid, List<String> sopInstanceUids) throws Exception {
        JobRecord streamed = awaitJob("streaming", seriesInstanceUid, sopInstanceUids);
        JobRecord whole = awaitJob("batch", seriesInstanceUid, sopInstanceUids);
        assertEquals(JobRecord.Outcome.PROCESSED, streamed.outcome(), streamed.reason());
        assertEquals(JobRecord.Outcome.PROCESSED, whole.outcome(), whole.reason());
        String seg = "seg-" + seriesInstanceUid + ".dcm";
        SegmentationFrames s = SegmentationFrames.read(jobs("streaming").folder(streamed.jobId()).resolve(seg));
        SegmentationFrames w = SegmentationFrames.read(jobs("batch").folder(whole.jobId()).resolve(seg));
        assertTrue(w.frames() > 0, "the shipped model finds liver in the series");
        assertEquals(w.frames(), s.frames(), "frames");
        for (int i = 0; i < w.frames(); i++) {
            assertEquals(w.functionalGroups(i), s.functionalGroups(i), "frame " + i + " source, position and segment");
            assertArrayEquals(w.frame(i), s.frame(i), "frame " + i + " of " + w.functionalGroups(i).sourceSopInstanceUid());
        }
    }

    /** Called once the job is recorded, which is after the segmenter said how much of the series came from the stream. */
    private static void assertEverySliceWasStreamed(LogCapture log, String seriesInstanceUid, int slices) {
        String named = "series=" + seriesInstanceUid + " - ";
        List<String> lines = log.lines().stream().filter(l -> l.contains(named) && l.contains("slices were segmented while the series arrived")).toList();
        assertEquals(List.of(named + slices + " of " + slices + " slices were segmented while the series arrived"),
                lines.stream().map(l -> l.substring(l.indexOf(named))).toList());
    }

    @Test
    void thePhantomSentShuffledOverTwoAssociationsGivesTheSegOfTheWholeSeries() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(40).matrix(128, 128).pixelSpacing(2.0);
        List<Path> files = phantom.write(dir.resolve("phantom"));
        List<String> sops = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sops.add(phantom.sopInstanceUid(i));
        }
        try (LogCapture log = new LogCapture()) {
            sendToBoth(files, 20261207);
            assertSameSeg(phantom.seriesInstanceUid(), sops);
            assertEverySliceWasStreamed(log, phantom.seriesInstanceUid(), 40);
        }
    }

    @Test
    void theIrcadbSeriesSentShuffledOverTwoAssociationsGivesTheSegOfTheWholeSeries() throws Exception {
        List<Path> files = RealSeries.files();
        CtVolume volume = new VolumeAssembler().assemble(files);
        List<String> sops = volume.slices().stream().map(CtSlice::sopInstanceUid).toList();
        try (LogCapture log = new LogCapture()) {
            sendToBoth(files, 129);
            assertSameSeg(volume.seriesInstanceUid(), sops);
            assertEverySliceWasStreamed(log, volume.seriesInstanceUid(), files.size());
        }
    }

    @Test
    void seriesThatFailAssemblyFailAsTheyDoWithoutStreaming() throws Exception {
        CtPhantom mixed = new CtPhantom().slices(10).matrix(64, 64);
        List<Path> mixedFiles = new ArrayList<>(mixed.write(dir.resolve("mixed")));
        // A slice of another size in the same series, with a SOP Instance UID of its own (the 12th of that phantom).
        mixedFiles.add(new CtPhantom().slices(12).matrix(48, 48).seriesInstanceUid(mixed.seriesInstanceUid()).write(dir.resolve("odd")).get(11));
        CtPhantom sagittal = new CtPhantom().slices(8).matrix(64, 64).orientation(new Vec3(0, 1, 0), new Vec3(0, 0, -1));
        List<Path> sagittalFiles = sagittal.write(dir.resolve("sagittal"));
        sendToBoth(mixedFiles, 1);
        sendToBoth(sagittalFiles, 2);
        for (var series : List.of(mixed, sagittal)) {
            List<JobRecord> records = new ArrayList<>();
            for (String node : List.of("streaming", "batch")) {
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                List<JobRecord> of = List.of();
                while (of.isEmpty() && System.nanoTime() < deadline) {
                    of = jobs(node).all().stream().filter(j -> j.seriesInstanceUid().equals(series.seriesInstanceUid())).toList();
                    Thread.sleep(50);
                }
                assertEquals(1, of.size(), node + " node: " + of);
                records.add(of.get(0));
            }
            assertTrue(records.get(1).outcome() != JobRecord.Outcome.PROCESSED, records.get(1).toString());
            assertEquals(records.get(1).outcome(), records.get(0).outcome());
            assertEquals(records.get(1).reason(), records.get(0).reason());
            assertEquals(records.get(1).jobId(), records.get(0).jobId());
        }
    }
}
