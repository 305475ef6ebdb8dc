package org.livernode.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.output.SegmentDescription;
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
        SegmentDescription segment = m.segmentDescription();
        assertEquals("Liver", segment.label());
        assertEquals("10200004", segment.type().value());
        assertEquals("AUTOMATIC", segment.algorithmType());
        assertEquals("hu-band", segment.algorithmName());
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
    void brokenJsonNamesTheFile() throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{ not json");
        IOException e = assertThrows(IOException.class, () -> ModelManifest.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
