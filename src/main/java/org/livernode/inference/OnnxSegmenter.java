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
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A segmentation model in ONNX Runtime: one session, created once when the node starts and used for every
 * series, checked against the model's manifest, and the model call. What comes before and after the call
 * (decoding, orientation, pre-processing, chunking, resampling, post-processing) is {@link VolumeSegmenter}'s.
 */
public final class OnnxSegmenter implements ChunkModel, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OnnxSegmenter.class);

    private final ModelManifest manifest;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String executionProvider;

    private OnnxSegmenter(ModelManifest manifest, OrtEnvironment environment, OrtSession session, String executionProvider) {
        this.manifest = manifest;
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
            OnnxSegmenter segmenter = new OnnxSegmenter(manifest, environment, session, provider);
            segmenter.checkRuns(modelFile);
            log.info("Model {} {} loaded from {} ({} execution provider, {} intra-op threads)", manifest.name(), manifest.version(),
                    modelFile, provider, Runtime.getRuntime().availableProcessors());
            return segmenter;
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
     * One slice of zeros through the model, so that a model that loads but does not run, or answers in another
     * shape, is refused when it is opened (by validate-config too) rather than at the first series. Warming the
     * processing path up is the node's start-up's business (a synthetic series through all of it).
     */
    private void checkRuns(Path modelFile) throws InferenceException {
        ModelManifest.Input in = manifest.input();
        try {
            run(FloatBuffer.allocate(in.channels() * in.height() * in.width()), 1);
        } catch (InferenceException e) {
            close();
            throw new InferenceException("model " + modelFile + " does not run: " + e.getMessage(), e);
        }
    }

    @Override
    public ModelManifest manifest() {
        return manifest;
    }

    public String executionProvider() {
        return executionProvider;
    }

    /** One chunk at a time, in the caller's thread. */
    @Override
    public int chunksInFlight() {
        return 1;
    }

    /** Runs the chunk in the caller's thread; the future is complete when this returns. */
    @Override
    public CompletableFuture<float[]> submit(ChunkId chunk, FloatBuffer values, int slices) {
        try {
            return CompletableFuture.completedFuture(run(values, slices));
        } catch (InferenceException e) {
            return CompletableFuture.failedFuture(e);
        }
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
