package org.livernode.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.inference.ChunkModel;
import org.livernode.inference.Device;
import org.livernode.inference.InferenceException;
import org.livernode.inference.ModelManifest;
import org.livernode.inference.OnnxSegmenter;
import org.livernode.inference.SegmentationTimings;
import org.livernode.inference.VolumeSegmenter;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.TestModels;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.VolumeAssembler;

/**
 * What the broker path relies on in {@link VolumeSegmenter}: with many chunks out at once, answered late and out of
 * order on other threads (as replies come from workers), the mask is the one of the model run chunk by chunk in
 * the caller's thread; chunk ids name the volume and the chunk; one failed chunk fails the volume with its reason.
 */
class ChunksInFlightTest {
    private static final String VOLUME_KEY = "phantom";
    @TempDir
    static Path dir;
    private static OnnxSegmenter onnx;
    private static CtVolume volume;
    private static final ScheduledExecutorService workers = Executors.newScheduledThreadPool(3);

    @BeforeAll
    static void load() throws Exception {
        onnx = OnnxSegmenter.open(TestModels.BAND, Device.CPU);
        volume = new VolumeAssembler().assemble(new CtPhantom().slices(70).write(dir.resolve("ct")));
    }

    @AfterAll
    static void close() {
        workers.shutdownNow();
        onnx.close();
    }

    /** Runs each chunk on another thread after a delay that makes later chunks finish first. */
    private static final class LateReplies implements ChunkModel {
        final List<ChunkId> submitted = Collections.synchronizedList(new ArrayList<>());
        final int failIndex;

        LateReplies(int failIndex) {
            this.failIndex = failIndex;
        }

        @Override
        public ModelManifest manifest() {
            return onnx.manifest();
        }

        @Override
        public int chunksInFlight() {
            return 8;
        }

        @Override
        public CompletableFuture<float[]> submit(ChunkId chunk, FloatBuffer values, int slices) {
            submitted.add(chunk);
            float[] copy = new float[values.remaining()];
            values.duplicate().get(copy);
            CompletableFuture<float[]> result = new CompletableFuture<>();
            workers.schedule(() -> {
                try {
                    if (chunk.index() == failIndex) {
                        throw new InferenceException("worker refused chunk " + chunk.index());
                    }
                    result.complete(onnx.run(FloatBuffer.wrap(copy), slices));
                } catch (InferenceException e) {
                    result.completeExceptionally(e);
                }
            }, 50L * (8 - chunk.index() % 8), TimeUnit.MILLISECONDS);
            return result;
        }
    }

    @Test
    void chunksAnsweredLateAndOutOfOrderGiveTheMaskOfTheModelInThisThread() throws Exception {
        SegmentationMask direct = new VolumeSegmenter(onnx).segment(volume, VOLUME_KEY, new SegmentationTimings()).mask();
        LateReplies late = new LateReplies(-1);
        SegmentationMask viaFutures = new VolumeSegmenter(late).segment(volume, VOLUME_KEY, new SegmentationTimings()).mask();
        assertTrue(direct.count() > 0, "the phantom has liver");
        for (int z = 0; z < volume.depth(); z++) {
            assertArrayEquals(direct.plane(z), viaFutures.plane(z), "slice " + z);
        }
        assertEquals(5, late.submitted.size(), "70 slices in chunks of 16");
        for (int i = 0; i < 5; i++) {
            assertEquals(new ChunkModel.ChunkId(VOLUME_KEY, i), late.submitted.get(i));
        }
        LateReplies again = new LateReplies(-1);
        new VolumeSegmenter(again).segment(volume, VOLUME_KEY, new SegmentationTimings()).mask();
        assertEquals(late.submitted, again.submitted, "the same volume gets the same chunk ids");
    }

    @Test
    void oneFailedChunkFailsTheVolumeWithItsReason() {
        InferenceException e = assertThrows(InferenceException.class,
                () -> new VolumeSegmenter(new LateReplies(2)).segment(volume, VOLUME_KEY, new SegmentationTimings()).mask());
        assertTrue(e.getMessage().contains("worker refused chunk 2"), e.getMessage());
    }
}
