package org.livernode.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.livernode.volume.CtVolume;
import org.livernode.volume.PixelReader;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segmentation stage around the model call: decodes a volume's slices and hands them to {@link ChunkedInference},
 * which brings them into the model's orientation, pre-processes them as the manifest says, runs the {@link ChunkModel}
 * in chunks of {@link #CHUNK_SLICES} (in this process or on inference workers) and turns the probabilities into mask
 * planes on the volume's grid; then the 3-D post-processing. Slices segmented while the series arrived
 * ({@link StreamedSlices}) are taken as they are: a slice's probabilities do not depend on the chunk it ran in.
 */
public final class VolumeSegmenter {
    private static final Logger log = LoggerFactory.getLogger(VolumeSegmenter.class);

    /** About 16 slices per run keeps the CPU busy without holding a large tensor (measured: 13.9 ms/slice). */
    public static final int CHUNK_SLICES = 16;

    private final ChunkModel model;
    private final ModelManifest manifest;

    public VolumeSegmenter(ChunkModel model) {
        this.model = model;
        this.manifest = model.manifest();
    }

    /** Segments a volume of which nothing was streamed. */
    public Segmentation segment(CtVolume volume, String volumeKey, SegmentationTimings timings) throws InferenceException, VolumeException {
        return segment(volume, volumeKey, timings, StreamedSlices.NONE);
    }

    /**
     * Segments a volume: the slices not in {@code streamed} are decoded, pre-processed and run through the model in
     * chunks, and their probabilities mapped back onto the source grid, so the mask lies on the volume's own grid;
     * then the manifest's post-processing runs on the whole mask. Where the time went is added to {@code timings}.
     *
     * @param volumeKey names the volume's set of slices, the same each time the same slices are segmented (after a
     *        restart), so that its chunks get the same {@link ChunkModel.ChunkId}s
     * @throws VolumeException when a slice's pixels cannot be decoded
     */
    public Segmentation segment(CtVolume volume, String volumeKey, SegmentationTimings timings, StreamedSlices streamed)
            throws InferenceException, VolumeException {
        Reorientation orientation = Reorientation.of(volume.slices().get(0).geometry(), manifest.rowDirection(), manifest.columnDirection());
        if (!orientation.isIdentity()) {
            log.info("Slices {} for the model, which was trained on a different orientation", orientation);
        }
        SegmentationMask mask = new SegmentationMask(volume.depth(), volume.rows(), volume.columns());
        SliceStatistics[] statistics = new SliceStatistics[volume.depth()];
        List<Integer> remaining = new ArrayList<>();
        for (int z = 0; z < volume.depth(); z++) {
            Optional<StreamedSlices.Plane> plane = streamed.find(volume.slices().get(z).file(), orientation);
            if (plane.isPresent()) {
                mask.put(z, plane.get().values());
                statistics[z] = plane.get().statistics();
            } else {
                remaining.add(z);
            }
        }
        if (remaining.size() < volume.depth()) {
            log.info("{} of {} slices were segmented while the series arrived", volume.depth() - remaining.size(), volume.depth());
        }
        if (!remaining.isEmpty()) {
            // Chunks made of other slices than a whole-volume run's get request ids of their own (see ChunkModel.ChunkId).
            String key = remaining.size() == volume.depth() ? volumeKey : volumeKey + "+" + streamed.streamKey();
            ChunkedInference inference = new ChunkedInference(model, orientation, key, remaining.size(), timings, (z, plane, sliceStatistics) -> {
                mask.put(z, plane);
                statistics[z] = sliceStatistics;
            });
            boolean finished = false;
            try {
                for (int z : remaining) {
                    long t0 = System.nanoTime();
                    short[] hu = PixelReader.hounsfieldUnits(volume.slices().get(z));
                    timings.decodeNanos += System.nanoTime() - t0;
                    inference.add(z, hu);
                }
                inference.finish();
                finished = true;
            } finally {
                if (!finished) {
                    inference.cancel();
                }
            }
        }
        long t5 = System.nanoTime();
        MaskPostprocessing.Dropped dropped = MaskPostprocessing.Dropped.NOTHING;
        if (manifest.postprocessing().largestConnectedComponent()) {
            dropped = MaskPostprocessing.keepLargestComponent(mask);
        }
        if (manifest.postprocessing().fillHoles()) {
            MaskPostprocessing.fillHolesPerSlice(mask);
        }
        timings.postprocessNanos += System.nanoTime() - t5;
        return new Segmentation(mask, Arrays.asList(statistics), dropped);
    }
}
