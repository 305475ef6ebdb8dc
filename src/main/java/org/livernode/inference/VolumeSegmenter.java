package org.livernode.inference;

import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.PixelReader;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The segmentation stage around the model call: decodes a volume's slices, brings them into the model's
 * orientation and pre-processes them as the manifest says, runs the {@link OnnxSegmenter} in chunks of
 * {@link #CHUNK_SLICES}, and turns its probabilities into a mask on the volume's grid (resampling, threshold,
 * post-processing).
 */
public final class VolumeSegmenter {
    private static final Logger log = LoggerFactory.getLogger(VolumeSegmenter.class);

    /** About 16 slices per run keeps the CPU busy without holding a large tensor (measured: 13.9 ms/slice). */
    public static final int CHUNK_SLICES = 16;

    private final OnnxSegmenter model;
    private final ModelManifest manifest;
    private final Preprocessor preprocessor;

    public VolumeSegmenter(OnnxSegmenter model) {
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
        SegmentationMask mask = new SegmentationMask(volume.depth(), volume.rows(), volume.columns());
        ModelManifest.Input in = manifest.input();
        int plane = in.height() * in.width();
        BilinearResize back = new BilinearResize(in.height(), in.width(), orientation.rows(), orientation.columns());
        double[] nativeGrid = new double[volume.rows() * volume.columns()];
        byte[] reoriented = new byte[nativeGrid.length];
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
                float[] probabilities = model.run(input.chunk(start, n), n);
                long t4 = System.nanoTime();
                timings.modelNanos += t4 - t3;
                for (int k = 0; k < n; k++) {
                    // A native pixel is a weighted mean of four model pixels, so it can only pass the threshold
                    // where one of them does: resample just the window around those.
                    int[] box = aboveThreshold(probabilities, k * plane, in.height(), in.width());
                    if (box == null) {
                        continue;
                    }
                    int[] rows = back.outputRows(box[0], box[1]), columns = back.outputColumns(box[2], box[3]);
                    back.apply(probabilities, k * plane, nativeGrid, rows[0], rows[1], columns[0], columns[1]);
                    java.util.Arrays.fill(reoriented, (byte) 0);
                    int width = orientation.columns();
                    for (int r = rows[0]; r < rows[1]; r++) {
                        for (int c = columns[0]; c < columns[1]; c++) {
                            reoriented[r * width + c] = (byte) (nativeGrid[r * width + c] > manifest.output().threshold() ? 1 : 0);
                        }
                    }
                    orientation.toSource(reoriented, mask.plane(from + start + k));
                }
                timings.postprocessNanos += System.nanoTime() - t4;
            }
        }
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
