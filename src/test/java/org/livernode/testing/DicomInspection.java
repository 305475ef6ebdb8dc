package org.livernode.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Independent checks of the objects the node writes: dicom3tools' IOD validator, pydicom as a second SEG reader,
 * and a pydicom rasteriser that fills RTSTRUCT contours back onto the CT slices using only the CT files' geometry.
 */
public final class DicomInspection {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DicomInspection() {}

    /** What dciodvfy said about a file, split into errors and warnings. */
    public record Verdict(List<String> errors, List<String> warnings, String output) {}

    /** The SOPClassUID in a file's header, read with PixelMed. */
    public static String sopClassUid(Path file) throws IOException, DicomException {
        AttributeList list = new AttributeList();
        list.read(file.toFile(), TagFromName.PixelData);
        return Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPClassUID);
    }

    /** dciodvfy's verdict on a SEG. */
    public static Verdict dciodvfy(Path file) {
        return dciodvfy(file, "Segmentation");
    }

    /** dciodvfy's verdict on {@code file}, which it must have checked against the IOD named {@code iodName}. */
    public static Verdict dciodvfy(Path file, String iodName) {
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
        assertTrue(result.output().contains(iodName), "dciodvfy did not check the " + iodName + " IOD:\n" + result.output());
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

    /** What the pydicom rasteriser made of a structure set: its facts and one mask plane per CT file, by SOP Instance UID. */
    public record Rasterised(JsonNode facts, List<String> sopInstanceUids, byte[] planes, int planeSize) {
        public byte[] plane(String sopInstanceUid) {
            int index = sopInstanceUids.indexOf(sopInstanceUid);
            assertTrue(index >= 0, "the rasteriser has no plane for " + sopInstanceUid);
            byte[] plane = new byte[planeSize];
            System.arraycopy(planes, index * planeSize, plane, 0, planeSize);
            return plane;
        }
    }

    /** Runs src/test/python/rasterise_rtstruct.py: the structure set filled back onto the CT files of {@code ctFolder}. */
    public static Rasterised rasterise(Path rtstruct, Path ctFolder, Path work, int planeSize) throws IOException {
        ExternalProgram.Result result = ExternalProgram.run(List.of("/usr/bin/python3", "src/test/python/rasterise_rtstruct.py",
                rtstruct.toString(), ctFolder.toString(), work.toString()), 300);
        assertTrue(result.succeeded(), "rasterise_rtstruct.py failed:\n" + result.output());
        JsonNode facts = JSON.readTree(work.resolve("rtstruct.json").toFile());
        List<String> uids = new ArrayList<>();
        facts.get("sopInstanceUids").forEach(uid -> uids.add(uid.asText()));
        byte[] planes = Files.readAllBytes(work.resolve("masks.u8"));
        assertEquals((long) uids.size() * planeSize, planes.length);
        return new Rasterised(facts, uids, planes, planeSize);
    }

    /** Dice coefficient of two planes of the same grid (1 when both are empty). */
    public static double dice(byte[] a, byte[] b) {
        long both = 0, inA = 0, inB = 0;
        for (int i = 0; i < a.length; i++) {
            inA += a[i] != 0 ? 1 : 0;
            inB += b[i] != 0 ? 1 : 0;
            both += a[i] != 0 && b[i] != 0 ? 1 : 0;
        }
        return inA + inB == 0 ? 1 : 2.0 * both / (inA + inB);
    }

}
