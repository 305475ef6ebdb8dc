package org.livernode.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.livernode.volume.SliceGeometry;
import org.livernode.volume.Vec3;

/** What a slice's statistics count, through the chunked inference with a model that is sure, or unsure, of every pixel. */
class SliceStatisticsTest {
    private static final int SIZE = 64;

    /** A model that gives every pixel the same probability. */
    private record Constant(ModelManifest manifest, float probability) implements ChunkModel {
        @Override
        public int chunksInFlight() {
            return 1;
        }

        @Override
        public CompletableFuture<float[]> submit(ChunkId chunk, FloatBuffer values, int slices) {
            float[] out = new float[slices * manifest.input().height() * manifest.input().width()];
            Arrays.fill(out, probability);
            return CompletableFuture.completedFuture(out);
        }
    }

    private static SliceStatistics statisticsOf(short[] hu, float probability) throws Exception {
        ModelManifest manifest = ModelManifest.read(Path.of("models", "liver.json"));
        SliceGeometry grid = new SliceGeometry(new Vec3(0, 0, 0), new Vec3(1, 0, 0), new Vec3(0, 1, 0), 1, 1, SIZE, SIZE);
        Reorientation identity = Reorientation.of(grid, manifest.rowDirection(), manifest.columnDirection());
        Map<Integer, SliceStatistics> received = new HashMap<>();
        ChunkedInference inference = new ChunkedInference(new Constant(manifest, probability), identity, "test", 1, new SegmentationTimings(),
                (slice, plane, statistics) -> received.put(slice, statistics));
        inference.add(0, hu);
        inference.finish();
        return received.get(0);
    }

    @Test
    void aNeedleInTheMaskMovesTheCtValuesOnlyAsFarAsTheClippedRange() throws Exception {
        short[] hu = new short[SIZE * SIZE];
        Arrays.fill(hu, (short) 100);
        for (int r = 0; r < SIZE; r++) {
            hu[r * SIZE + 30] = 3071;
        }
        SliceStatistics s = statisticsOf(hu, 0.99f);
        long n = SIZE * SIZE;
        assertEquals(n, s.maskPixels());
        assertEquals(0, s.uncertainPixels());
        assertEquals((n - SIZE) * 100.0 + SIZE * SliceStatistics.HU_HIGH, s.maskHuSum(), 1e-6, "steel counts as 400 HU");
        assertEquals((n - SIZE) * 100.0 * 100 + SIZE * 400.0 * 400, s.maskHuSquares(), 1e-3);
        assertEquals(n, s.bodyPixels(), "everything above -500 HU is body");
        assertEquals(n * (SIZE - 1) / 2.0, s.bodyColumnSum(), 1e-6);
    }

    @Test
    void pixelsBetweenTheThresholdAndTheUncertainLimitAreUncertainAndAirIsNoBody() throws Exception {
        short[] hu = new short[SIZE * SIZE];
        Arrays.fill(hu, (short) -1000);
        SliceStatistics s = statisticsOf(hu, 0.6f);
        assertEquals(SIZE * SIZE, s.maskPixels());
        assertEquals(SIZE * SIZE, s.uncertainPixels(), "0.6 lies between the threshold 0.5 and 0.8");
        assertEquals(SIZE * SIZE * (double) SliceStatistics.HU_LOW, s.maskHuSum(), 1e-6, "air counts as -200 HU");
        assertEquals(0, s.bodyPixels());
    }
}
