package org.livernode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static final String FULL = """
            node:   { aeTitle: LIVERNODE, bindAddress: 127.0.0.1, port: 11112, allowedCallingAeTitles: [CT1], spoolDir: var/spool }
            series: { idleTimeoutSeconds: 2.5 }
            inference: { model: models/liver.onnx, device: cpu }
            outputs: [seg]
            seg: { emptyFrames: include }
            destinations:
              - { name: pacs, aeTitle: ORTHANC, host: 127.0.0.1, port: 4242 }
            """;

    @Test
    void readsTheDocumentedShape() throws ConfigException {
        LivernodeConfig config = ConfigLoader.parse(FULL, "test.yaml");
        assertEquals("127.0.0.1", config.node().bindAddress());
        assertEquals(List.of("CT1"), config.node().allowedCallingAeTitles());
        assertEquals(2.5, config.series().idleTimeoutSeconds());
        assertEquals("cpu", config.inference().device());
        assertEquals("include", config.seg().emptyFrames());
        assertEquals(new LivernodeConfig.Destination("pacs", "ORTHANC", "127.0.0.1", 4242), config.destinations().get(0));
    }

    @Test
    void absentKeysTakeDefaults() throws ConfigException {
        LivernodeConfig config = ConfigLoader.parse("node: { port: 104 }\n", "test.yaml");
        assertEquals("LIVERNODE", config.node().aeTitle());
        assertEquals(104, config.node().port());
        assertEquals(5.0, config.series().idleTimeoutSeconds());
        assertEquals(Path.of("models/liver.onnx"), config.inference().model());
        assertEquals(List.of("seg", "rtstruct"), config.outputs());
        assertEquals("omit", config.seg().emptyFrames());
        assertTrue(config.destinations().isEmpty());
    }

    @Test
    void unknownKeyIsNamedWithItsPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("node: { prot: 104 }\n", "test.yaml"));
        assertTrue(e.getMessage().contains("unknown key node.prot"), e.getMessage());
        assertTrue(e.getMessage().contains("port"), "lists the known keys: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void portOutOfRangeIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("node: { port: 70000 }\n", "test.yaml"));
        assertTrue(e.getMessage().contains("node.port"), e.getMessage());
        ConfigException d = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "destinations:\n  - { name: pacs, aeTitle: ORTHANC, host: h, port: 0 }\n", "test.yaml"));
        assertTrue(d.getMessage().contains("destinations[0].port"), d.getMessage());
    }

    @Test
    void wrongTypeIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("node: { port: abc }\n", "test.yaml"));
        assertTrue(e.getMessage().contains("node.port"), e.getMessage());
    }

    @Test
    void invalidAeTitlesAreRejected() {
        assertThrows(ConfigException.class, () -> ConfigLoader.parse("node: { aeTitle: THIS_AE_TITLE_IS_TOO_LONG }\n", "t"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("node: { allowedCallingAeTitles: ['A\\\\B'] }\n", "t"));
        assertTrue(e.getMessage().contains("node.allowedCallingAeTitles[0]"), e.getMessage());
    }

    @Test
    void unsupportedOutputsAndDevicesAreRejected() {
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.parse("outputs: [pdf]\n", "t"))
                .getMessage().contains("outputs[0]"));
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.parse("inference: { device: tpu }\n", "t"))
                .getMessage().contains("inference.device"));
    }

    @Test
    void unknownEmptyFramesChoiceIsNamed() {
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.parse("seg: { emptyFrames: sometimes }\n", "t"))
                .getMessage().contains("seg.emptyFrames"));
    }

    @Test
    void duplicateDestinationNamesAreRejected() {
        String yaml = """
                destinations:
                  - { name: pacs, aeTitle: A, host: h, port: 1 }
                  - { name: pacs, aeTitle: B, host: h, port: 2 }
                """;
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "t")).getMessage().contains("destinations[1].name"));
    }

    @Test
    void missingFileSaysWhatToDo() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Path.of("/nonexistent/livernode.yaml")));
        assertTrue(e.getMessage().contains("--config"), e.getMessage());
    }
}
