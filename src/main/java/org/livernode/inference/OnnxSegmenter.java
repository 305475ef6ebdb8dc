package org.livernode.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.PixelReader;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a segmentation model with ONNX Runtime: one session, created once when the node starts, used for
 * every series. Slices run in chunks (batch size {@link #CHUNK_SLICES}); probabilities are resampled back
 * to each slice's native matrix, thresholded and post-processed as the manifest says.
 */
public final class OnnxSegmenter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OnnxSegmenter.class);

    /** About 16 slices per run keeps the CPU busy without holding a large tensor (measured: 13.9 ms/slice). */
    public static final int CHUNK_SLICES = 16;

    private final ModelManifest manifest;
    private final Preprocessor preprocessor;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String executionProvider;

    private OnnxSegmenter(ModelManifest manifest, OrtEnvironment environment, OrtSession session, String executionProvider) {
        this.manifest = manifest;
        this.preprocessor = new Preprocessor(manifest);
        this.environment = environment;
        this.session = session;
        this.executionProvider = executionProvider;
    }

    /**
     * Loads the model and its manifest ({@code <name>.json} beside {@code <name>.onnx}).
     *
     * @param device AUTO (CUDA when available, else CPU, said in one log line), CPU or CUDA (fails when CUDA cannot be used)
     */
    public static OnnxSegmenter open(Path modelFile, Device device) throws InferenceException {
        if (!Files.isRegularFile(modelFile)) {
            throw new InferenceException("model " + modelFile + " does not exist: put the ONNX model there with its manifest "
                    + ModelManifest.manifestPathFor(modelFile).getFileName() + " beside it, or set inference.model in the config");
        }
        ModelManifest manifest;
        try {
            manifest = ModelManifest.read(ModelManifest.manifestPathFor(modelFile));
        } catch (java.io.IOException e) {
            throw new InferenceException(e.getMessage(), e);
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        String provider = "CPU";
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Runtime.getRuntime().availableProcessors());
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (device != Device.CPU) {
                try {
                    options.addCUDA(0);
                    provider = "CUDA";
                } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
                    if (device == Device.CUDA) {
                        throw new InferenceException("inference.device is cuda but the CUDA execution provider cannot be used ("
                                + e.getMessage() + "): build with -Pgpu on a host with CUDA 12 and cuDNN, or set inference.device: auto", e);
                    }
                    log.info("CUDA execution provider not available ({}); running inference on the CPU", firstLine(e.getMessage()));
                }
            }
            OrtSession session = environment.createSession(modelFile.toString(), options);
            checkSignature(session, manifest, modelFile);
            warmUp(environment, session, manifest);
            log.info("Model {} {} loaded from {} ({} execution provider, {} intra-op threads)", manifest.name(), manifest.version(),
                    modelFile, provider, Runtime.getRuntime().availableProcessors());
            return new OnnxSegmenter(manifest, environment, session, provider);
        } catch (OrtException e) {
            throw new InferenceException("model " + modelFile + " cannot be loaded by ONNX Runtime: " + e.getMessage(), e);
        }
    }

    private static void checkSignature(OrtSession session, ModelManifest manifest, Path modelFile) throws OrtException, InferenceException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        if (!inputs.containsKey(manifest.input().name())) {
            throw new InferenceException("model " + modelFile + " has no input named " + manifest.input().name()
                    + " (it has " + inputs.keySet() + "): fix input.name in the manifest");
        }
        if (!outputs.containsKey(manifest.output().name())) {
            throw new InferenceException("model " + modelFile + " has no output named " + manifest.output().name()
                    + " (it has " + outputs.keySet() + "): fix output.name in the manifest");
        }
        long[] shape = ((TensorInfo) inputs.get(manifest.input().name()).getInfo()).getShape();
        ModelManifest.Input in = manifest.input();
        if (shape.length != 4 || (shape[1] > 0 && shape[1] != in.channels()) || (shape[2] > 0 && shape[2] != in.height())
                || (shape[3] > 0 && shape[3] != in.width())) {
            throw new InferenceException("model " + modelFile + " input shape " + java.util.Arrays.toString(shape)
                    + " does not match the manifest's [N, " + in.channels() + ", " + in.height() + ", " + in.width() + "]");
        }
    }

    /**
     * One run of a full chunk of empty slices, so that ONNX Runtime allocates its buffers and the JIT compiles
     * the hot paths at startup rather than while the first patient's series waits.
     */
    private static void warmUp(OrtEnvironment environment, OrtSession session, ModelManifest manifest) throws OrtException {
        ModelManifest.Input in = manifest.input();
        long[] shape = {CHUNK_SLICES, in.channels(), in.height(), in.width()};
        FloatBuffer zeros = FloatBuffer.allocate(CHUNK_SLICES * in.channels() * in.height() * in.width());
        try (OnnxTensor input = OnnxTensor.createTensor(environment, zeros, shape);
             OrtSession.Result ignored = session.run(Map.of(in.name(), input))) {
            log.debug("Model warmed up");
        }
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public String executionProvider() {
        return executionProvider;
    }

    /**
     * Segments a volume: each slice is decoded, brought into the model's orientation and pre-processed (only the
     * model-sized values are kept), the model runs in chunks, and each chunk's probabilities are resampled to the
     * native matrix, thresholded and mapped back onto the source grid, so the mask lies on the volume's own grid.
     *
     * @throws VolumeException when a slice's pixels cannot be decoded
     */
    public Segmentation segment(CtVolume volume) throws InferenceException, VolumeException {
        Reorientation orientation = Reorientation.of(volume.slices().get(0).geometry(), manifest.rowDirection(), manifest.columnDirection());
        if (!orientation.isIdentity()) {
            log.info("Series {}: slices {} for the model, which was trained on a different orientation", volume.seriesInstanceUid(), orientation);
        }
        long decode = 0, preprocess = 0, model = 0, postprocess = 0;
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
                decode += t1 - t0;
                preprocess += System.nanoTime() - t1;
            }
            long t2 = System.nanoTime();
            ModelInput input = scan.finish();
            preprocess += System.nanoTime() - t2;
            for (int start = 0; start < count; start += CHUNK_SLICES) {
                int n = Math.min(CHUNK_SLICES, count - start);
                long t3 = System.nanoTime();
                float[] probabilities = run(input.chunk(start, n), n);
                long t4 = System.nanoTime();
                model += t4 - t3;
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
                postprocess += System.nanoTime() - t4;
            }
        }
        long t5 = System.nanoTime();
        if (manifest.postprocessing().largestConnectedComponent()) {
            MaskPostprocessing.keepLargestComponent(mask);
        }
        if (manifest.postprocessing().fillHoles()) {
            MaskPostprocessing.fillHolesPerSlice(mask);
        }
        postprocess += System.nanoTime() - t5;
        return new Segmentation(mask, decode / 1_000_000, preprocess / 1_000_000, model / 1_000_000, postprocess / 1_000_000);
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

    /** Runs the model over {@code n} slices [n, C, H, W]; returns their probabilities [n, H, W]. */
    public float[] run(FloatBuffer chunk, int n) throws InferenceException {
        ModelManifest.Input in = manifest.input();
        int plane = in.height() * in.width();
        float[] probabilities = new float[n * plane];
        try (OnnxTensor input = OnnxTensor.createTensor(environment, chunk, new long[] {n, in.channels(), in.height(), in.width()});
             OrtSession.Result result = session.run(Map.of(in.name(), input))) {
            OnnxTensor output = (OnnxTensor) result.get(manifest.output().name())
                    .orElseThrow(() -> new InferenceException("model returned no output " + manifest.output().name()));
            FloatBuffer values = output.getFloatBuffer();
            if (values.remaining() != n * plane) {
                throw new InferenceException("model output has " + values.remaining() + " values for " + n
                        + " slices; expected [N, 1, " + in.height() + ", " + in.width() + "]");
            }
            values.get(probabilities);
        } catch (OrtException e) {
            throw new InferenceException("inference failed: " + e.getMessage(), e);
        }
        if ("logit".equals(manifest.output().values())) {
            for (int i = 0; i < probabilities.length; i++) {
                probabilities[i] = (float) (1 / (1 + Math.exp(-probabilities[i])));
            }
        }
        return probabilities;
    }

    private static String firstLine(String message) {
        return message == null ? "no reason given" : message.lines().findFirst().orElse(message);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            log.warn("Closing the ONNX session failed: {}", e.getMessage());
        }
    }
}
