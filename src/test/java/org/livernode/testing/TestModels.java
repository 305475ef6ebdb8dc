package org.livernode.testing;

import java.nio.file.Path;

/**
 * The ONNX models the tests segment with, each beside its manifest. The small ones are written by
 * src/test/python/make_test_models.py, which says what each answers; absolute, so that a node or a CLI run in
 * another folder finds them too.
 */
public final class TestModels {
    /** "Liver" wherever HU is in (50, 150): its answer on a phantom is known. */
    public static final Path BAND = Path.of("src/test/resources/models/hu-band.onnx").toAbsolutePath();
    /** The band, but only on the left half of the image: its answer depends on the orientation the node feeds it. */
    public static final Path BAND_IMAGE_LEFT = Path.of("src/test/resources/models/hu-band-image-left.onnx").toAbsolutePath();
    /** A logit rather than a probability (HU above 50), for the node's logit path. */
    public static final Path ABOVE_50_LOGIT = Path.of("src/test/resources/models/hu-above-50-logit.onnx").toAbsolutePath();
    /** Uniform noise for probabilities: a model that knows nothing. */
    public static final Path NOISE = Path.of("src/test/resources/models/noise.onnx").toAbsolutePath();
    /** The liver model the node ships. */
    public static final Path SHIPPED = Path.of("models/liver.onnx").toAbsolutePath();

    private TestModels() {}
}
