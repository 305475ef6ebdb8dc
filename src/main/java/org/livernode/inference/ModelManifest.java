package org.livernode.inference;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.livernode.volume.Vec3;

/**
 * The contract between a segmentation model and the node, read from the JSON file beside the ONNX file
 * ({@code models/liver.json} for {@code models/liver.onnx}). Everything the node does before and after
 * inference is driven from here, so that another model with the same contract drops in without code
 * changes. Sections the node does not use (training data, metrics) are documentation and are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(
        String name,
        String version,
        Input input,
        Output output,
        Preprocessing preprocessing,
        Orientation orientation,
        Postprocessing postprocessing,
        Segment segment,
        QualityLimits qc) {

    /** Model input tensor: float32 [batch, channels, height, width]; a 1-channel slice is repeated over channels. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Input(String name, int channels, int height, int width) {}

    /**
     * Model output tensor [batch, 1, height, width]. {@code values} is {@code probability} when the graph ends
     * in a sigmoid, {@code logit} when the node must apply it.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Output(String name, String values, double threshold) {}

    /**
     * Steps, in this order: clip HU to {@code huWindow}; resize each slice to the input size (bilinear, pixel
     * centres aligned as in PyTorch's align_corners=False, no antialiasing); if {@code percentiles} is given,
     * clip the scan to those percentiles of all its resized voxels (linear interpolation, as numpy) and
     * scale that range to [0, 1], otherwise scale {@code huWindow} to [0, 1]; if {@code standardize}, subtract
     * the scan's mean and divide by its standard deviation (population).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Preprocessing(List<Double> huWindow, List<Double> percentiles, boolean standardize) {}

    /** Patient directions of the image rows and columns the model was trained on. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Orientation(List<Double> rowDirection, List<Double> columnDirection) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Postprocessing(boolean largestConnectedComponent, boolean fillHoles) {}

    /** A code as the manifest writes it: CodeValue, CodingSchemeDesignator and CodeMeaning. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Code(String value, String scheme, String meaning) {}

    /**
     * What the model segments: its label, category and type codes, how it was made ({@code algorithmType},
     * AUTOMATIC unless given) and a display colour (8-bit RGB, a liver's brown unless given).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Segment(String label, Code category, Code type, String algorithmType, List<Integer> color) {
        public Segment {
            algorithmType = algorithmType == null ? "AUTOMATIC" : algorithmType;
            color = color == null ? List.of(221, 130, 101) : List.copyOf(color);
        }
    }

    /** A limit of a plausibility check and why it lies there; the reason is part of the contract, not decoration. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Limit(double value, String why) {}

    /**
     * The limits of the plausibility checks of every result (package {@code qc}). They belong to the model: what a
     * plausible liver looks like does not change, but how sure this model is, and of what, does.
     *
     * @param uncertainProbabilityBelow a mask voxel whose probability lies between the output threshold and this is uncertain
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record QualityLimits(
            Limit noLiverBelowMl,
            Limit smallLiverBelowMl,
            Limit largeLiverAboveMl,
            Limit cutAreaAboveMm2,
            Limit cutBorderAboveMm,
            Limit rightShareBelow,
            Limit removedShareAbove,
            Limit uncertainProbabilityBelow,
            Limit uncertainShareAbove,
            Limit meanHuBelow,
            Limit meanHuAbove,
            Limit huSpreadAbove,
            Limit areaJumpAbove) {

        private static final List<String> FIELDS = List.of("noLiverBelowMl", "smallLiverBelowMl", "largeLiverAboveMl",
                "cutAreaAboveMm2", "cutBorderAboveMm", "rightShareBelow", "removedShareAbove", "uncertainProbabilityBelow",
                "uncertainShareAbove", "meanHuBelow", "meanHuAbove", "huSpreadAbove", "areaJumpAbove");

        private List<Limit> all() {
            return Arrays.asList(noLiverBelowMl, smallLiverBelowMl, largeLiverAboveMl, cutAreaAboveMm2, cutBorderAboveMm,
                    rightShareBelow, removedShareAbove, uncertainProbabilityBelow, uncertainShareAbove, meanHuBelow, meanHuAbove,
                    huSpreadAbove, areaJumpAbove);
        }

        void validate(double threshold) {
            List<Limit> limits = all();
            for (int i = 0; i < limits.size(); i++) {
                Limit limit = limits.get(i);
                require(limit != null, "qc." + FIELDS.get(i) + " is missing");
                require(Double.isFinite(limit.value()), "qc." + FIELDS.get(i) + ".value must be a number");
                require(limit.why() != null && !limit.why().isBlank(), "qc." + FIELDS.get(i) + ".why is missing: say why the limit lies there");
            }
            require(noLiverBelowMl.value() >= 0 && noLiverBelowMl.value() <= smallLiverBelowMl.value()
                    && smallLiverBelowMl.value() < largeLiverAboveMl.value(),
                    "qc: noLiverBelowMl <= smallLiverBelowMl < largeLiverAboveMl is required");
            require(uncertainProbabilityBelow.value() > threshold && uncertainProbabilityBelow.value() <= 1,
                    "qc.uncertainProbabilityBelow must lie above output.threshold and at most 1");
            require(meanHuBelow.value() < meanHuAbove.value(), "qc.meanHuBelow must lie below qc.meanHuAbove");
            for (Limit share : List.of(rightShareBelow, removedShareAbove, uncertainShareAbove, areaJumpAbove)) {
                require(share.value() >= 0 && share.value() <= 1,
                        "qc shares (rightShareBelow, removedShareAbove, uncertainShareAbove, areaJumpAbove) must lie in 0..1");
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    /** Reads and validates a manifest; the message of any failure names the file and the field. */
    public static ModelManifest read(Path file) throws IOException {
        ModelManifest manifest;
        try {
            manifest = JSON.readValue(Files.readAllBytes(file), ModelManifest.class);
        } catch (IOException e) {
            throw new IOException("model manifest " + file + " cannot be read: " + e.getMessage(), e);
        }
        try {
            manifest.validate();
        } catch (IllegalArgumentException e) {
            throw new IOException("model manifest " + file + ": " + e.getMessage(), e);
        }
        return manifest;
    }

    /** The manifest that belongs to a model file: same folder, same base name, extension .json. */
    public static Path manifestPathFor(Path modelFile) {
        String fileName = modelFile.getFileName().toString();
        String base = fileName.endsWith(".onnx") ? fileName.substring(0, fileName.length() - 5) : fileName;
        return modelFile.resolveSibling(base + ".json");
    }

    void validate() {
        require(name != null && !name.isBlank(), "name is missing");
        require(version != null && !version.isBlank(), "version is missing");
        require(input != null, "input is missing");
        require(input.name() != null, "input.name is missing");
        require(input.channels() >= 1, "input.channels must be at least 1");
        require(input.height() >= 8 && input.width() >= 8, "input.height and input.width must be at least 8");
        require(output != null && output.name() != null, "output.name is missing");
        require("probability".equals(output.values()) || "logit".equals(output.values()),
                "output.values must be probability or logit, got " + output.values());
        require(output.threshold() > 0 && output.threshold() < 1, "output.threshold must lie in (0, 1)");
        require(preprocessing != null, "preprocessing is missing");
        List<Double> window = preprocessing.huWindow();
        require(window != null && window.size() == 2 && window.get(0) < window.get(1),
                "preprocessing.huWindow must be [low, high] with low < high");
        List<Double> p = preprocessing.percentiles();
        require(p == null || (p.size() == 2 && p.get(0) >= 0 && p.get(0) < p.get(1) && p.get(1) <= 100),
                "preprocessing.percentiles must be [low, high] within 0..100 with low < high");
        require(orientation != null, "orientation is missing");
        rowDirection();
        columnDirection();
        require(postprocessing != null, "postprocessing is missing");
        require(segment != null, "segment is missing");
        require(segment.label() != null && !segment.label().isBlank(), "segment.label is missing");
        require(complete(segment.category()) && complete(segment.type()),
                "segment.category and segment.type are required, each with value, scheme and meaning");
        require(List.of("AUTOMATIC", "SEMIAUTOMATIC", "MANUAL").contains(segment.algorithmType()),
                "segment.algorithmType must be AUTOMATIC, SEMIAUTOMATIC or MANUAL, got " + segment.algorithmType());
        require(segment.color().size() == 3 && segment.color().stream().allMatch(c -> c != null && c >= 0 && c <= 255),
                "segment.color must have 3 values in 0..255");
        require(qc != null, "qc is missing: the limits of the plausibility checks belong to the model");
        qc.validate(output.threshold());
    }

    public Vec3 rowDirection() {
        return direction(orientation.rowDirection(), "orientation.rowDirection");
    }

    public Vec3 columnDirection() {
        return direction(orientation.columnDirection(), "orientation.columnDirection");
    }

    /** True when pre-processing uses statistics of the whole scan (percentiles, standardisation). */
    public boolean needsScanStatistics() {
        return preprocessing.percentiles() != null || preprocessing.standardize();
    }

    public double windowLow() {
        return preprocessing.huWindow().get(0);
    }

    public double windowHigh() {
        return preprocessing.huWindow().get(1);
    }

    private static boolean complete(Code code) {
        return code != null && code.value() != null && !code.value().isBlank() && code.scheme() != null && !code.scheme().isBlank()
                && code.meaning() != null && !code.meaning().isBlank();
    }

    private static Vec3 direction(List<Double> values, String field) {
        require(values != null && values.size() == 3, field + " must have 3 values");
        Vec3 v = new Vec3(values.get(0), values.get(1), values.get(2));
        require(Math.abs(v.length() - 1) < 1e-3, field + " must be a unit vector");
        return v;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
