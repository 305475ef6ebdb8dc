package org.livernode.inference;

import java.nio.FloatBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The model call that {@link VolumeSegmenter} makes for each chunk of a volume (at most
 * {@link VolumeSegmenter#CHUNK_SLICES} slices): in this process ({@link OnnxSegmenter}) or on an inference worker
 * behind a broker. Asynchronous, so that a volume's chunks can all be out at once when another machine runs them.
 */
public interface ChunkModel {

    /** One chunk of one volume: {@code volumeKey} names the volume's set of slices, {@code index} counts its chunks from 0. */
    record ChunkId(String volumeKey, int index) {
        @Override
        public String toString() {
            return volumeKey + "#" + index;
        }
    }

    ModelManifest manifest();

    /**
     * How many chunks of one volume may be submitted before the first is taken back: 1 where the model runs in the
     * caller's thread (memory stays that of one chunk), more where chunks travel to other machines.
     */
    int chunksInFlight();

    /**
     * Runs the model over {@code slices} slices [slices, C, H, W] and completes with their probabilities
     * [slices, H, W], or exceptionally with an {@link InferenceException}. The values are read before this returns.
     */
    CompletableFuture<float[]> submit(ChunkId chunk, FloatBuffer values, int slices);
}
