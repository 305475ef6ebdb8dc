package org.livernode.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.testing.TestModels;
import org.livernode.volume.Vec3;

class ModelManifestTest {

    @TempDir
    Path dir;

    @Test
    void readsTheTestModelManifest() throws IOException {
        ModelManifest m = ModelManifest.read(ModelManifest.manifestPathFor(TestModels.BAND));
        assertEquals("hu-band", m.name());
        assertEquals(224, m.input().height());
        assertEquals(0.0, m.windowLow());
        assertEquals(200.0, m.windowHigh());
        assertEquals(new Vec3(1, 0, 0), m.rowDirection());
        assertEquals("Liver", m.segment().label());
        assertEquals(new ModelManifest.Code("10200004", "SCT", "Liver"), m.segment().type());
        assertEquals("AUTOMATIC", m.segment().algorithmType());
        assertEquals(List.of(221, 130, 101), m.segment().color());
    }

    @Test
    void manifestPathSitsBesideTheModel() {
        assertEquals(Path.of("models/liver.json"), ModelManifest.manifestPathFor(Path.of("models/liver.onnx")));
    }

    private IOException invalid(String from, String to) throws IOException {
        String text = Files.readString(ModelManifest.manifestPathFor(TestModels.BAND));
        assertTrue(text.contains(from), "fixture contains " + from);
        Path file = dir.resolve("m.json");
        Files.writeString(file, text.replace(from, to));
        return assertThrows(IOException.class, () -> ModelManifest.read(file));
    }

    @Test
    void invalidFieldsAreNamed() throws IOException {
        assertTrue(invalid("\"values\": \"probability\"", "\"values\": \"odds\"").getMessage().contains("output.values"));
        assertTrue(invalid("\"huWindow\": [\n      0.0,\n      200.0\n    ]", "\"huWindow\": [200.0, 0.0]").getMessage().contains("huWindow"));
        assertTrue(invalid("\"threshold\": 0.5", "\"threshold\": 1.5").getMessage().contains("output.threshold"));
        assertTrue(invalid("\"algorithmType\": \"AUTOMATIC\"", "\"algorithmType\": \"MAGIC\"").getMessage().contains("segment"));
        assertTrue(invalid("\"rowDirection\": [\n      1,", "\"rowDirection\": [\n      2,").getMessage().contains("orientation.rowDirection"));
    }

    @Test
    void aSegmentWithoutAlgorithmTypeOrColourIsAutomaticAndLiverBrown() throws IOException {
        String text = Files.readString(ModelManifest.manifestPathFor(TestModels.BAND));
        Path file = dir.resolve("m.json");
        Files.writeString(file, text.replace("\"algorithmType\": \"AUTOMATIC\",", "")
                .replaceAll("(?s),\\s*\"color\": \\[[^]]*]", ""));
        ModelManifest m = ModelManifest.read(file);
        assertEquals("AUTOMATIC", m.segment().algorithmType());
        assertEquals(List.of(221, 130, 101), m.segment().color());
    }

    @Test
    void aSegmentCodeWithoutItsMeaningIsRefused() throws IOException {
        assertTrue(invalid("\"meaning\": \"Liver\"", "\"meaning\": \"\"").getMessage().contains("segment.category and segment.type"));
    }

    @Test
    void brokenJsonNamesTheFile() throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{ not json");
        IOException e = assertThrows(IOException.class, () -> ModelManifest.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
