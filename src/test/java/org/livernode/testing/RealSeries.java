package org.livernode.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;

/**
 * The real series of ../shared/data/ircadb-p1 (3D-IRCADb-01 patient 1: 129 slices, no FrameOfReferenceUID) and
 * its manual liver mask. Tests that use it skip with a message when the data is absent.
 */
public final class RealSeries {
    private RealSeries() {}

    /** The series' files, in name order. */
    public static List<Path> files() throws IOException {
        try (Stream<Path> listing = Files.list(ExternalProgram.sharedData("ircadb-p1/dicom"))) {
            return listing.sorted().toList();
        }
    }

    /** The manual liver mask on the volume's slices (matched by SOP Instance UID), read with Debian's numpy. */
    public static SegmentationMask manualMask(CtVolume volume, Path workFolder) throws IOException {
        Path npz = ExternalProgram.sharedData("ircadb-p1/liver_mask.npz");
        Path exported = workFolder.resolve("ircadb-mask");
        ExternalProgram.Result result = ExternalProgram.run(
                List.of("/usr/bin/python3", "src/test/python/npz_mask.py", npz.toString(), exported.toString()), 120);
        assertTrue(result.succeeded(), "npz_mask.py failed:\n" + result.output());
        JsonNode meta = new ObjectMapper().readTree(exported.resolve("mask.json").toFile());
        byte[] voxels = Files.readAllBytes(exported.resolve("mask.u8"));
        int planeSize = volume.rows() * volume.columns();
        assertEquals((long) volume.depth() * planeSize, voxels.length);
        Map<String, Integer> planeOfInstance = new HashMap<>();
        for (int i = 0; i < meta.get("sopInstanceUids").size(); i++) {
            planeOfInstance.put(meta.get("sopInstanceUids").get(i).asText(), i);
        }
        SegmentationMask mask = new SegmentationMask(volume.depth(), volume.rows(), volume.columns());
        for (int z = 0; z < volume.depth(); z++) {
            Integer plane = planeOfInstance.get(volume.slices().get(z).sopInstanceUid());
            assertTrue(plane != null, "the mask has no plane for " + volume.slices().get(z).sopInstanceUid());
            System.arraycopy(voxels, plane * planeSize, mask.plane(z), 0, planeSize);
        }
        return mask;
    }
}
