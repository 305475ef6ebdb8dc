package org.livernode.inference;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.livernode.state.JobStore;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.PixelReader;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segmentation stage around the model call: decodes a volume's slices, brings them into the model's
 * orientation and pre-processes them as the manifest says, hands them to the {@link ChunkModel} in chunks of
 * {@link #CHUNK_SLICES} (in this process or on inference workers), and turns its probabilities into a mask on the
 * volume's grid (resampling, threshold, post-processing), chunk by chunk in volume order.
 */
public final class VolumeSegmenter {
    private static final Logger log = LoggerFactory.getLogger(VolumeSegmenter.class);

    /** About 16 slices per run keeps the CPU busy without holding a large tensor (measured: 13.9 ms/slice). */
    public static final int CHUNK_SLICES = 16;

    private final ChunkModel model;
    private final ModelManifest manifest;
    private final Preprocessor preprocessor;

    public VolumeSegmenter(ChunkModel model) {
        this.model = model;
        this.manifest = model.manifest();
        this.preprocessor = new Preprocessor(manifest);
    }

    /**
     * Segments a volume: each slice is decoded, brought into the model's orientation and pre-processed (only the
     * model-sized values are kept), the model runs in chunks, and each chunk's probabilities are resampled to the
     * native matrix, thresholded and mapped back onto the source grid, so the mask lies on the volume's own grid.
     * Where the time went is added to {@code timings}.
     *
     * @throws VolumeException when a slice's pixels cannot be decoded
     */
    public SegmentationMask segment(CtVolume volume, SegmentationTimings timings) throws InferenceException, VolumeException {
        Reorientation orientation = Reorientation.of(volume.slices().get(0).geometry(), manifest.rowDirection(), manifest.columnDirection());
        if (!orientation.isIdentity()) {
            log.info("Series {}: slices {} for the model, which was trained on a different orientation", volume.seriesInstanceUid(), orientation);
        }
        String volumeKey = volumeKey(volume);
        BackMapping back = new BackMapping(volume, orientation);
        // Chunks submitted and not yet mapped back, oldest first; at most model.chunksInFlight() of them.
        Deque<Submitted> submitted = new ArrayDeque<>();
        try {
            // Scan-wide statistics need every slice pre-processed before the first runs; without them slices go
            // through in chunks, and memory does not grow with the length of the series.
            int batch = manifest.needsScanStatistics() ? volume.depth() : CHUNK_SLICES;
            for (int from = 0; from < volume.depth(); from += batch) {
                int count = Math.min(batch, volume.depth() - from);
                Preprocessor.Scan scan = preprocessor.newScan(count, orientation.rows(), orientation.columns());
                for (CtSlice slice : volume.slices().subList(from, from + count)) {
                    long t0 = System.nanoTime();
                    short[] hu = PixelReader.hounsfieldUnits(slice);
                    long t1 = System.nanoTime();
                    scan.add(orientation.toModel(hu));
                    timings.decodeNanos += t1 - t0;
                    timings.preprocessNanos += System.nanoTime() - t1;
                }
                long t2 = System.nanoTime();
                ModelInput input = scan.finish();
                timings.preprocessNanos += System.nanoTime() - t2;
                for (int start = 0; start < count; start += CHUNK_SLICES) {
                    int n = Math.min(CHUNK_SLICES, count - start);
                    long t3 = System.nanoTime();
                    int first = from + start;
                    submitted.add(new Submitted(first, n, model.submit(new ChunkModel.ChunkId(volumeKey, first / CHUNK_SLICES), input.chunk(start, n), n)));
                    timings.modelNanos += System.nanoTime() - t3;
                    while (submitted.size() >= model.chunksInFlight()) {
                        mapBack(submitted.remove(), back, timings);
                    }
                }
            }
            while (!submitted.isEmpty()) {
                mapBack(submitted.remove(), back, timings);
            }
        } finally {
            // A failed chunk fails the volume: the others need not be waited for.
            submitted.forEach(s -> s.probabilities().cancel(false));
        }
        SegmentationMask mask = back.mask;
        long t5 = System.nanoTime();
        if (manifest.postprocessing().largestConnectedComponent()) {
            MaskPostprocessing.keepLargestComponent(mask);
        }
        if (manifest.postprocessing().fillHoles()) {
            MaskPostprocessing.fillHolesPerSlice(mask);
        }
        timings.postprocessNanos += System.nanoTime() - t5;
        return mask;
    }

    /**
     * Names the volume by its series and the digest of its slices' SOP Instance UIDs, as a job names a version of
     * a series, so that the chunks of a volume processed again (after a restart) get the same ids.
     */
    static String volumeKey(CtVolume volume) {
        return JobStore.jobId(volume.seriesInstanceUid(),
                JobStore.instanceSetDigest(volume.slices().stream().map(CtSlice::sopInstanceUid).toList()));
    }

    /** A chunk given to the model: its first slice in the volume, its slice count and its coming probabilities. */
    private record Submitted(int firstSlice, int slices, CompletableFuture<float[]> probabilities) {}

    /** What turning probabilities into the volume's mask needs, the same for every chunk of a volume. */
    private final class BackMapping {
        final SegmentationMask mask;
        final Reorientation orientation;
        final BilinearResize resize;
        final double[] nativeGrid;
        final byte[] reoriented;

        BackMapping(CtVolume volume, Reorientation orientation) {
            ModelManifest.Input in = manifest.input();
            this.mask = new SegmentationMask(volume.depth(), volume.rows(), volume.columns());
            this.orientation = orientation;
            this.resize = new BilinearResize(in.height(), in.width(), orientation.rows(), orientation.columns());
            this.nativeGrid = new double[volume.rows() * volume.columns()];
            this.reoriented = new byte[nativeGrid.length];
        }
    }

    /**
     * Waits for a chunk's probabilities, resamples them to the native matrix, thresholds them and maps them back
     * onto the source grid.
     */
    private void mapBack(Submitted chunk, BackMapping back, SegmentationTimings timings) throws InferenceException {
        long t3 = System.nanoTime();
        float[] probabilities = probabilities(chunk);
        long t4 = System.nanoTime();
        timings.modelNanos += t4 - t3;
        ModelManifest.Input in = manifest.input();
        int plane = in.height() * in.width();
        for (int k = 0; k < chunk.slices(); k++) {
            // A native pixel is a weighted mean of four model pixels, so it can only pass the threshold
            // where one of them does: resample just the window around those.
            int[] box = aboveThreshold(probabilities, k * plane, in.height(), in.width());
            if (box == null) {
                continue;
            }
            int[] rows = back.resize.outputRows(box[0], box[1]), columns = back.resize.outputColumns(box[2], box[3]);
            back.resize.apply(probabilities, k * plane, back.nativeGrid, rows[0], rows[1], columns[0], columns[1]);
            java.util.Arrays.fill(back.reoriented, (byte) 0);
            int width = back.orientation.columns();
            for (int r = rows[0]; r < rows[1]; r++) {
                for (int c = columns[0]; c < columns[1]; c++) {
                    back.reoriented[r * width + c] = (byte) (back.nativeGrid[r * width + c] > manifest.output().threshold() ? 1 : 0);
                }
            }
            back.orientation.toSource(back.reoriented, back.mask.plane(chunk.firstSlice() + k));
        }
        timings.postprocessNanos += System.nanoTime() - t4;
    }

    private static float[] probabilities(Submitted chunk) throws InferenceException {
        try {
            return chunk.probabilities().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InferenceException cause) {
                throw cause;
            }
            throw new InferenceException("inference of slices " + chunk.firstSlice() + " to " + (chunk.firstSlice() + chunk.slices() - 1)
                    + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted while waiting for the probabilities of slices " + chunk.firstSlice() + " to "
                    + (chunk.firstSlice() + chunk.slices() - 1), e);
        } catch (CancellationException e) {
            throw new InferenceException("the probabilities of slices " + chunk.firstSlice() + " to " + (chunk.firstSlice() + chunk.slices() - 1)
                    + " will not come: the model was closed", e);
        }
    }

    /** Rows and columns (first, last) of the model pixels above the threshold in one slice's probabilities; null when none are. */
    private int[] aboveThreshold(float[] probabilities, int offset, int height, int width) {
        double threshold = manifest.output().threshold();
        int rowMin = height, rowMax = -1, columnMin = width, columnMax = -1;
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                if (probabilities[offset + r * width + c] > threshold) {
                    rowMin = Math.min(rowMin, r);
                    rowMax = Math.max(rowMax, r);
                    columnMin = Math.min(columnMin, c);
                    columnMax = Math.max(columnMax, c);
                }
            }
        }
        return rowMax < 0 ? null : new int[] {rowMin, rowMax, columnMin, columnMax};
    }
}
