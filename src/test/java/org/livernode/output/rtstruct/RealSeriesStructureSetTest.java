package org.livernode.output.rtstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.AttributeList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.testing.DicomInspection;
import org.livernode.testing.RealSeries;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;

/**
 * The structure set of a real series that breaks the standard (3D-IRCADb-01 patient 1: no
 * FrameOfReferenceUID, values padded with NUL, DS values over 16 characters) with its manual liver mask:
 * valid, no DS value over 16 characters, and filled back by pydicom it is the mask.
 */
class RealSeriesStructureSetTest {

    private static final double MIN_DICE = 0.98;
    private static final double MIN_AREA_MM2 = 500;
    private static final double PLANE_TOLERANCE_MM = 1e-3;

    @TempDir
    Path folder;

    @Test
    void theStructureSetOfTheRealSeriesIsValidAndFillsBackToTheMask() throws Exception {
        List<Path> files = RealSeries.files();
        assertEquals(129, files.size());
        CtVolume volume = StructureSetFixtures.volume(files);
        assertTrue(volume.frameOfReferenceDerived(), "the IRCADb files carry no FrameOfReferenceUID");
        SegmentationMask mask = RealSeries.manualMask(volume, folder);
        assertTrue(mask.count() > 1_000_000, "the manual liver mask has " + mask.count() + " voxels");

        long started = System.nanoTime();
        DicomStructureSet structureSet = new DicomStructureSet(volume, mask, StructureSetFixtures.liver(), StructureSetFixtures.identity(volume));
        long built = System.nanoTime();
        Path file = folder.resolve("ircadb-rtstruct.dcm");
        structureSet.write(file);
        long written = System.nanoTime();
        System.out.printf("IRCADb RTSTRUCT: trace and encode %d ms, write %d ms, %d bytes%n",
                (built - started) / 1_000_000, (written - built) / 1_000_000, Files.size(file));

        DicomInspection.Verdict verdict = DicomInspection.dciodvfy(file, "RTStructureSet");
        verdict.warnings().forEach(w -> System.out.println("dciodvfy (IRCADb): " + w));
        assertEquals(List.of(), verdict.errors(), "dciodvfy said:\n" + verdict.output());

        AttributeList list = new AttributeList();
        list.read(file.toString());
        assertEquals(List.of(), StructureSetFixtures.longDecimalStrings(list));

        DicomInspection.Rasterised rasterised = DicomInspection.rasterise(file, files.get(0).getParent(), folder.resolve("pydicom"),
                volume.rows() * volume.columns());
        List<String> problems = new ArrayList<>();
        int compared = 0;
        for (int z = 0; z < volume.depth(); z++) {
            CtSlice slice = volume.slices().get(z);
            byte[] filled = rasterised.plane(slice.sopInstanceUid());
            if (StructureSetFixtures.areaMm2(mask.plane(z), slice) > MIN_AREA_MM2) {
                compared++;
                double dice = DicomInspection.dice(filled, mask.plane(z));
                if (dice < MIN_DICE) {
                    problems.add("slice " + z + ": Dice " + dice);
                }
            }
            int differing = 0;
            for (int i = 0; i < filled.length; i++) {
                differing += filled[i] != mask.plane(z)[i] ? 1 : 0;
            }
            if (differing > 0) {
                problems.add("slice " + z + ": " + differing + " pixels differ from the mask");
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(compared > 50, "only " + compared + " slices have more than " + MIN_AREA_MM2 + " mm² of liver");

        int points = 0, maxPoints = 0;
        for (JsonNode contour : rasterised.facts().get("contours")) {
            assertTrue(contour.get("maxDistanceFromPlane").asDouble() <= PLANE_TOLERANCE_MM, "contour leaves its slice plane: " + contour);
            assertTrue(contour.get("longestValue").asInt() <= 16, "a ContourData value over 16 characters: " + contour);
            points += contour.get("points").asInt();
            maxPoints = Math.max(maxPoints, contour.get("points").asInt());
        }
        System.out.printf("IRCADb RTSTRUCT: %d contours, %d points, at most %d in one contour%n",
                rasterised.facts().get("contours").size(), points, maxPoints);
    }
}
