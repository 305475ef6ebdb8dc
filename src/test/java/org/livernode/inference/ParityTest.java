package org.livernode.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.testing.TestModels;

/**
 * The Java path against the Python one that trained the model, on fixtures written by
 * training/make_fixtures.py (see src/test/resources/parity/README.md): the same pre-processing within 1e-5,
 * and ONNX Runtime Java giving PyTorch's probabilities within 1e-4.
 */
class ParityTest {
    static final Path FIXTURES = Path.of("src/test/resources/parity");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A little-endian raw array as the fixture header describes it, widened to double. */
    private static double[] read(JsonNode array) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(FIXTURES.resolve(array.get("file").asText()))).order(ByteOrder.LITTLE_ENDIAN);
        long count = 1;
        for (JsonNode d : array.get("shape")) {
            count *= d.asLong();
        }
        double[] values = new double[(int) count];
        switch (array.get("dtype").asText()) {
            case "int16" -> {
                assertEquals(count * 2, bytes.remaining(), array.get("file").asText());
                for (int i = 0; i < count; i++) {
                    values[i] = bytes.getShort();
                }
            }
            case "float32" -> {
                assertEquals(count * 4, bytes.remaining(), array.get("file").asText());
                for (int i = 0; i < count; i++) {
                    values[i] = bytes.getFloat();
                }
            }
            default -> throw new AssertionError("unknown dtype " + array.get("dtype"));
        }
        return values;
    }

    /** The test model's manifest with the case's input geometry and pre-processing. */
    private ModelManifest manifestFor(JsonNode testCase) throws IOException {
        ObjectNode manifest = (ObjectNode) JSON.readTree(ModelManifest.manifestPathFor(TestModels.BAND).toFile());
        ObjectNode input = (ObjectNode) manifest.get("input");
        input.setAll((ObjectNode) testCase.get("input"));
        manifest.set("preprocessing", testCase.get("preprocessing"));
        Path file = dir.resolve(testCase.get("name").asText() + ".json");
        JSON.writeValue(file.toFile(), manifest);
        return ModelManifest.read(file);
    }

    @Test
    void preprocessingMatchesPython() throws IOException {
        JsonNode fixture = JSON.readTree(FIXTURES.resolve("preprocess-fixture.json").toFile());
        double tolerance = fixture.get("tolerance").asDouble();
        assertTrue(fixture.get("cases").size() >= 2);
        for (JsonNode testCase : fixture.get("cases")) {
            ModelManifest manifest = manifestFor(testCase);
            JsonNode shape = testCase.get("hu").get("shape");
            int slices = shape.get(0).asInt(), rows = shape.get(1).asInt(), columns = shape.get(2).asInt();
            double[] hu = read(testCase.get("hu"));
            Preprocessor.Scan scan = new Preprocessor(manifest).newScan(slices, rows, columns);
            for (int z = 0; z < slices; z++) {
                short[] slice = new short[rows * columns];
                for (int i = 0; i < slice.length; i++) {
                    slice[i] = (short) hu[z * slice.length + i];
                }
                scan.add(slice);
            }
            FloatBuffer actual = scan.finish().chunk(0, slices);
            double[] expected = read(testCase.get("expected"));
            assertEquals(expected.length, actual.remaining(), testCase.get("name").asText());
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(expected[i] - actual.get(i)));
            }
            System.out.printf("pre-processing parity, case %s: max |Java - Python| = %.3g%n", testCase.get("name").asText(), worst);
            assertTrue(worst <= tolerance, "case " + testCase.get("name") + ": max abs difference " + worst + " > " + tolerance);
        }
    }

    @Test
    void onnxRuntimeJavaGivesPytorchsProbabilities() throws Exception {
        JsonNode fixture = JSON.readTree(FIXTURES.resolve("onnx-fixture.json").toFile());
        String sha256 = com.google.common.io.Files.asByteSource(TestModels.SHIPPED.toFile()).hash(Hashing.sha256()).toString();
        assertEquals(fixture.get("model").get("sha256").asText(), sha256,
                "the fixture was made with another model: regenerate it with training/make_fixtures.py");
        double[] input = read(fixture.get("input"));
        double[] expected = read(fixture.get("expected"));
        int slices = fixture.get("input").get("shape").get(0).asInt();
        float[] tensor = new float[input.length];
        for (int i = 0; i < input.length; i++) {
            tensor[i] = (float) input[i];
        }
        try (OnnxSegmenter segmenter = OnnxSegmenter.open(TestModels.SHIPPED, Device.CPU)) {
            float[] probabilities = segmenter.run(FloatBuffer.wrap(tensor), slices);
            assertEquals(expected.length, probabilities.length);
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                worst = Math.max(worst, Math.abs(expected[i] - probabilities[i]));
            }
            System.out.printf("ONNX Runtime Java vs PyTorch: max |difference| = %.3g%n", worst);
            assertTrue(worst <= fixture.get("tolerance").asDouble(), "max abs difference " + worst);
        }
    }
}
