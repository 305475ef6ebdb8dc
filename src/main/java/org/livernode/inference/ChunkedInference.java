package org.livernode.inference;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Slices of one series on their way through the model: each slice (HU, on the source grid) is brought into the
 * model's orientation and pre-processed as it is added, the model runs on every {@link VolumeSegmenter#CHUNK_SLICES}
 * slices, and each slice's probabilities are resampled to the native matrix, thresholded and mapped back onto the
 * source grid, where they go to a {@link PlaneSink} under the number the caller gave the slice. Used for a whole
 * volume at completion and for slices as they arrive; neither needs more than the chunks in flight in memory.
 * Not thread-safe: one thread adds, finishes or cancels.
 */
final class ChunkedInference {

    /**
     * Where a slice's mask plane goes: its source-grid pixels row by row (1 inside), or null when nothing is inside,
     * and what the quality check needs of it.
     */
    interface PlaneSink {
        void accept(int slice, byte[] plane, SliceStatistics statistics);
    }

    private final ChunkModel model;
    private final ModelManifest manifest;
    private final Preprocessor preprocessor;
    private final Reorientation orientation;
    private final String volumeKey;
    private final SegmentationTimings timings;
    private final PlaneSink sink;
    /** Slices pre-processed together: the whole series when the manifest needs scan-wide statistics, else one chunk. */
    private final int scanSlices;
    private final BilinearResize resize;
    private final double[] nativeGrid;
    private final byte[] reoriented;
    private final int sourcePixels;
    private final double uncertainBelow;
    /** The slices added and not yet mapped back: their HU in the model's orientation and their body statistics. */
    private final Map<Integer, Pending> pending = new HashMap<>();
    /** Chunks submitted and not yet mapped back, oldest first; at most model.chunksInFlight() of them. */
    private final Deque<Submitted> submitted = new ArrayDeque<>();
    private Preprocessor.Scan scan;
    private int[] scanIds;
    private int scanCount;
    private int chunkIndex;

    /** A chunk given to the model: the callers' numbers of its slices and their coming probabilities. */
    private record Submitted(int[] slices, CompletableFuture<float[]> probabilities) {}

    private record Pending(short[] modelOrientedHu, SliceStatistics body) {}

    /**
     * @param orientation from the series' source grid to the model's
     * @param volumeKey names the set of slices, so that a chunk run again gets the same {@link ChunkModel.ChunkId}
     * @param slices how many slices will be added: needed (and checked) only when the manifest needs scan-wide
     *     statistics, since then every slice is pre-processed before the first runs
     */
    ChunkedInference(ChunkModel model, Reorientation orientation, String volumeKey, int slices, SegmentationTimings timings, PlaneSink sink) {
        this.model = model;
        this.manifest = model.manifest();
        this.preprocessor = new Preprocessor(manifest);
        this.orientation = orientation;
        this.volumeKey = volumeKey;
        this.timings = timings;
        this.sink = sink;
        this.scanSlices = manifest.needsScanStatistics() ? slices : VolumeSegmenter.CHUNK_SLICES;
        ModelManifest.Input in = manifest.input();
        this.resize = new BilinearResize(in.height(), in.width(), orientation.rows(), orientation.columns());
        this.sourcePixels = orientation.rows() * orientation.columns();
        this.nativeGrid = new double[sourcePixels];
        this.reoriented = new byte[sourcePixels];
        this.uncertainBelow = manifest.qc().uncertainProbabilityBelow().value();
    }

    /** Pre-processes one slice's HU (source grid) and runs the model once a chunk is full. */
    void add(int slice, short[] hu) throws InferenceException {
        if (scan == null) {
            scan = preprocessor.newScan(scanSlices, orientation.rows(), orientation.columns());
            scanIds = new int[scanSlices];
            scanCount = 0;
        }
        long t0 = System.nanoTime();
        short[] modelOriented = orientation.toModel(hu);
        scan.add(modelOriented);
        pending.put(slice, new Pending(modelOriented, SliceStatistics.body(hu, orientation.sourceColumns())));
        timings.preprocessNanos += System.nanoTime() - t0;
        scanIds[scanCount++] = slice;
        if (scanCount == scanSlices) {
            submitScan();
        }
    }

    /**
     * Submits the slices added since the last chunk as a chunk of their own, without waiting for more (only for a
     * manifest without scan-wide statistics). More slices may be added afterwards.
     */
    void flush() throws InferenceException {
        if (scan != null) {
            submitScan();
        }
    }

    /** Runs the model on the slices still waiting and maps every chunk back. */
    void finish() throws InferenceException {
        flush();
        while (!submitted.isEmpty()) {
            mapBack(submitted.remove());
        }
    }

    /** Calls off the chunks still out: after a failure, the others need not be waited for. */
    void cancel() {
        submitted.forEach(s -> s.probabilities().cancel(false));
        submitted.clear();
        pending.clear();
        scan = null;
    }

    private void submitScan() throws InferenceException {
        long t0 = System.nanoTime();
        ModelInput input = scan.finish();
        timings.preprocessNanos += System.nanoTime() - t0;
        int[] ids = Arrays.copyOf(scanIds, scanCount);
        scan = null;
        for (int start = 0; start < ids.length; start += VolumeSegmenter.CHUNK_SLICES) {
            int n = Math.min(VolumeSegmenter.CHUNK_SLICES, ids.length - start);
            long t1 = System.nanoTime();
            submitted.add(new Submitted(Arrays.copyOfRange(ids, start, start + n),
                    model.submit(new ChunkModel.ChunkId(volumeKey, chunkIndex++), input.chunk(start, n), n)));
            timings.modelNanos += System.nanoTime() - t1;
            while (submitted.size() >= model.chunksInFlight()) {
                mapBack(submitted.remove());
            }
        }
    }

    /**
     * Waits for a chunk's probabilities, resamples them to the native matrix, thresholds them and maps them back
     * onto the source grid.
     */
    private void mapBack(Submitted chunk) throws InferenceException {
        long t0 = System.nanoTime();
        float[] probabilities = probabilities(chunk);
        long t1 = System.nanoTime();
        timings.modelNanos += t1 - t0;
        ModelManifest.Input in = manifest.input();
        int plane = in.height() * in.width();
        double threshold = manifest.output().threshold();
        for (int k = 0; k < chunk.slices().length; k++) {
            int slice = chunk.slices()[k];
            Pending held = pending.remove(slice);
            // A native pixel is a weighted mean of four model pixels, so it can only pass the threshold
            // where one of them does: resample just the window around those.
            int[] box = aboveThreshold(probabilities, k * plane, in.height(), in.width());
            if (box == null) {
                sink.accept(slice, null, held.body());
                continue;
            }
            int[] rows = resize.outputRows(box[0], box[1]), columns = resize.outputColumns(box[2], box[3]);
            resize.apply(probabilities, k * plane, nativeGrid, rows[0], rows[1], columns[0], columns[1]);
            Arrays.fill(reoriented, (byte) 0);
            int width = orientation.columns();
            short[] hu = held.modelOrientedHu();
            long inside = 0, uncertain = 0;
            double huSum = 0, huSquares = 0;
            for (int r = rows[0]; r < rows[1]; r++) {
                for (int c = columns[0]; c < columns[1]; c++) {
                    int i = r * width + c;
                    double p = nativeGrid[i];
                    if (p > threshold) {
                        reoriented[i] = 1;
                        inside++;
                        uncertain += p < uncertainBelow ? 1 : 0;
                        double value = SliceStatistics.clipped(hu[i]);
                        huSum += value;
                        huSquares += value * value;
                    }
                }
            }
            byte[] source = new byte[sourcePixels];
            orientation.toSource(reoriented, source);
            sink.accept(slice, inside == 0 ? null : source, held.body().withMask(inside, uncertain, huSum, huSquares));
        }
        timings.postprocessNanos += System.nanoTime() - t1;
    }

    private static float[] probabilities(Submitted chunk) throws InferenceException {
        String which = chunk.slices().length + " slice(s) from number " + chunk.slices()[0];
        try {
            return chunk.probabilities().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InferenceException cause) {
                throw cause;
            }
            throw new InferenceException("inference of " + which + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InferenceException("interrupted while waiting for the probabilities of " + which, e);
        } catch (CancellationException e) {
            throw new InferenceException("the probabilities of " + which + " will not come: the model was closed", e);
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
