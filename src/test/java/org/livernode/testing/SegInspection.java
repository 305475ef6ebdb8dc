package org.livernode.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Independent checks of a SEG file: dicom3tools' IOD validator and pydicom as a second reader. */
public final class SegInspection {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SegInspection() {}

    /** What dciodvfy said about a file, split into errors and warnings. */
    public record Verdict(List<String> errors, List<String> warnings, String output) {}

    public static Verdict dciodvfy(Path file) {
        String program = ExternalProgram.require("dciodvfy", "dicom3tools");
        ExternalProgram.Result result = ExternalProgram.run(List.of(program, file.toString()), 60);
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String line : result.output().split("\n")) {
            if (line.startsWith("Error")) {
                errors.add(line);
            } else if (line.startsWith("Warning")) {
                warnings.add(line);
            }
        }
        // dciodvfy names the IOD it checked against; without it, it did not get as far as the modules.
        assertTrue(result.output().contains("Segmentation"), "dciodvfy did not check the Segmentation IOD:\n" + result.output());
        return new Verdict(errors, warnings, result.output());
    }

    /** What pydicom reads from a SEG: the facts of src/test/python/read_seg.py and the decoded frames. */
    public record PydicomView(JsonNode facts, byte[] frames) {
        /** The SOP Instance UID each frame references, in frame order. */
        public List<String> referencedInstancePerFrame() {
            List<String> uids = new ArrayList<>();
            facts.get("frames").forEach(f -> uids.add(f.get("referencedSopInstanceUid").asText()));
            return uids;
        }
    }

    public static PydicomView readWithPydicom(Path seg, Path workFolder) throws IOException {
        ExternalProgram.Result result = ExternalProgram.run(
                List.of("/usr/bin/python3", "src/test/python/read_seg.py", seg.toString(), workFolder.toString()), 120);
        assertTrue(result.succeeded(), "read_seg.py failed:\n" + result.output());
        return new PydicomView(JSON.readTree(workFolder.resolve("seg.json").toFile()),
                Files.readAllBytes(workFolder.resolve("frames.u8")));
    }
}
