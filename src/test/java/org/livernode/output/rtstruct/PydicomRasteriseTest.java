package org.livernode.output.rtstruct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.livernode.output.ReadBack;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.DicomInspection;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.Vec3;

/**
 * pydicom reads each phantom structure set back and, with only the CT files' own geometry, fills the
 * contours by the even-odd rule: that gives back the mask that was written, pixel for pixel, and the
 * phantom's liver in patient coordinates; every contour lies in its slice's plane, with DS values of at most
 * 16 characters. The same holds for the real series.
 */
class PydicomRasteriseTest {

    /** Dice must reach this on slices whose liver covers more than {@link #MIN_AREA_MM2}. */
    private static final double MIN_DICE = 0.98;
    private static final double MIN_AREA_MM2 = 500;
    /** Distance from the slice plane that DS rounding can explain. */
    private static final double PLANE_TOLERANCE_MM = 1e-3;

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.livernode.testing.OutputFixtures#phantomCases")
    void theContoursFillBackToTheMaskAndThePhantomsLiver(OutputFixtures.PhantomCase phantomCase) throws Exception {
        CtPhantom phantom = phantomCase.phantom();
        Path ct = folder.resolve("ct");
        CtVolume volume = OutputFixtures.volume(phantom, ct);
        SegmentationMask mask = StructureSetFixtures.mask(phantomCase, volume);
        Path file = folder.resolve("rtstruct.dcm");
        new DicomStructureSet(volume, mask, OutputFixtures.liver(), OutputFixtures.structureSetIdentity(volume)).write(file);

        DicomInspection.Rasterised rasterised = DicomInspection.rasterise(file, ct, folder.resolve("pydicom"),
                volume.rows() * volume.columns());
        int comparedSlices = assertFillsBackToTheMask(volume, mask, rasterised);
        if (!phantomCase.emptyMask()) {
            assertTrue(comparedSlices >= 5, "only " + comparedSlices + " slices have enough liver to compare");
            assertMatchesThePhantomsLiver(phantom, volume, rasterised);
        }
        assertContoursLieInTheirSlicePlanes(volume, mask, rasterised.facts());
    }

    /**
     * The structure set of a real series that breaks the standard (3D-IRCADb-01 patient 1: no
     * FrameOfReferenceUID, values padded with NUL, DS values over 16 characters) with its manual liver mask:
     * valid, clean, and filled back it is the mask.
     */
    @Test
    void theStructureSetOfTheRealSeriesIsValidAndFillsBackToTheMask() throws Exception {
        OutputFixtures.RealCase real = OutputFixtures.realSeries(folder);
        CtVolume volume = real.volume();
        SegmentationMask mask = real.mask();

        long started = System.nanoTime();
        DicomStructureSet structureSet = new DicomStructureSet(volume, mask, OutputFixtures.liver(), OutputFixtures.structureSetIdentity(volume));
        long built = System.nanoTime();
        Path file = folder.resolve("ircadb-rtstruct.dcm");
        structureSet.write(file);
        long written = System.nanoTime();
        System.out.printf("IRCADb RTSTRUCT: trace and encode %d ms, write %d ms, %d bytes%n",
                (built - started) / 1_000_000, (written - built) / 1_000_000, Files.size(file));

        DicomInspection.Verdict verdict = DicomInspection.dciodvfy(file, "RTStructureSet");
        verdict.warnings().forEach(w -> System.out.println("dciodvfy (IRCADb): " + w));
        assertEquals(List.of(), verdict.errors(), "dciodvfy said:\n" + verdict.output());
        assertEquals(List.of(), ReadBack.uncleanValues(ReadBack.read(file)));

        DicomInspection.Rasterised rasterised = DicomInspection.rasterise(file, real.files().get(0).getParent(), folder.resolve("pydicom"),
                volume.rows() * volume.columns());
        int compared = assertFillsBackToTheMask(volume, mask, rasterised);
        assertTrue(compared > 50, "only " + compared + " slices have more than " + MIN_AREA_MM2 + " mm² of liver");
        assertContoursLieInTheirSlicePlanes(volume, mask, rasterised.facts());

        int points = 0, maxPoints = 0;
        for (JsonNode contour : rasterised.facts().get("contours")) {
            points += contour.get("points").asInt();
            maxPoints = Math.max(maxPoints, contour.get("points").asInt());
        }
        System.out.printf("IRCADb RTSTRUCT: %d contours, %d points, at most %d in one contour%n",
                rasterised.facts().get("contours").size(), points, maxPoints);
    }

    /**
     * Filled back, every slice is the mask, pixel for pixel, and (redundantly, but as a receiver would judge
     * it) reaches {@link #MIN_DICE} where it has more than {@link #MIN_AREA_MM2} of liver.
     *
     * @return how many slices had that much liver
     */
    private static int assertFillsBackToTheMask(CtVolume volume, SegmentationMask mask, DicomInspection.Rasterised rasterised) {
        List<String> problems = new ArrayList<>();
        int comparedSlices = 0;
        for (int z = 0; z < volume.depth(); z++) {
            CtSlice slice = volume.slices().get(z);
            byte[] filled = rasterised.plane(slice.sopInstanceUid());
            int differing = 0;
            for (int i = 0; i < filled.length; i++) {
                differing += filled[i] != mask.plane(z)[i] ? 1 : 0;
            }
            if (differing > 0) {
                problems.add("slice " + z + ": " + differing + " pixels differ from the written mask");
            }
            if (StructureSetFixtures.areaMm2(mask.plane(z), slice) > MIN_AREA_MM2) {
                comparedSlices++;
                double dice = DicomInspection.dice(filled, mask.plane(z));
                if (dice < MIN_DICE) {
                    problems.add("slice " + z + ": Dice " + dice + " against the written mask");
                }
            }
        }
        assertEquals(List.of(), problems);
        return comparedSlices;
    }

    /** The phantom's own geometry, slice by slice through its SOP Instance UIDs, decides what is liver. */
    private static void assertMatchesThePhantomsLiver(CtPhantom phantom, CtVolume volume, DicomInspection.Rasterised rasterised) {
        List<String> problems = new ArrayList<>();
        for (int index = 0; index < phantom.sliceCount(); index++) {
            byte[] truth = new byte[volume.rows() * volume.columns()];
            for (int r = 0; r < volume.rows(); r++) {
                for (int c = 0; c < volume.columns(); c++) {
                    truth[r * volume.columns() + c] = (byte) (CtPhantom.isLiver(phantom.pixelCentre(index, r, c)) ? 1 : 0);
                }
            }
            String uid = phantom.sopInstanceUid(index);
            CtSlice slice = volume.slices().stream().filter(s -> s.sopInstanceUid().equals(uid)).findFirst().orElseThrow();
            if (StructureSetFixtures.areaMm2(truth, slice) > MIN_AREA_MM2) {
                double dice = DicomInspection.dice(rasterised.plane(uid), truth);
                if (dice < MIN_DICE) {
                    problems.add("phantom slice " + index + ": Dice " + dice + " against the phantom's liver");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /**
     * A comb-shaped mask on a 512x512 slice has one contour of about 3000 points, whose ContourData is over
     * the 64 KiB that an Explicit VR DS can hold: pydicom still reads it as DS values and fills it back exactly.
     */
    @Test
    void aContourTooLongForExplicitVrIsReadBackExactly() throws Exception {
        Path ct = folder.resolve("ct");
        // Rotated in plane, so that coordinates need all 16 characters of a DS.
        double cos = Math.cos(Math.toRadians(30)), sin = Math.sin(Math.toRadians(30));
        CtVolume volume = OutputFixtures.volume(new CtPhantom().slices(2).matrix(512, 512).pixelSpacing(0.7)
                .orientation(new Vec3(cos, sin, 0), new Vec3(-sin, cos, 0)), ct);
        SegmentationMask mask = new SegmentationMask(2, 512, 512);
        // A spine down the middle with teeth to both sides on every other row.
        for (int row = 10; row <= 500; row++) {
            for (int column = 10; column <= 500; column++) {
                mask.set(0, row, column, row % 2 == 0 || (column >= 250 && column <= 252));
            }
        }
        Path file = folder.resolve("comb.dcm");
        new DicomStructureSet(volume, mask, OutputFixtures.liver(), OutputFixtures.structureSetIdentity(volume)).write(file);

        DicomInspection.Rasterised rasterised = DicomInspection.rasterise(file, ct, folder.resolve("pydicom"), 512 * 512);
        JsonNode contours = rasterised.facts().get("contours");
        assertEquals(1, contours.size());
        assertTrue(contours.get(0).get("valueLength").asInt() > 65534, "the comb's ContourData has only "
                + contours.get(0).get("valueLength").asInt() + " bytes");
        assertEquals(1, contours.get(0).get("images").asInt());
        assertArrayEquals(mask.plane(0), rasterised.plane(volume.slices().get(0).sopInstanceUid()));
        assertArrayEquals(mask.plane(1), rasterised.plane(volume.slices().get(1).sopInstanceUid()));
    }

    private static void assertContoursLieInTheirSlicePlanes(CtVolume volume, SegmentationMask mask, JsonNode facts) {
        Map<String, Integer> contoursPerSlice = new HashMap<>();
        for (JsonNode contour : facts.get("contours")) {
            String uid = contour.get("sopInstanceUid").asText();
            contoursPerSlice.merge(uid, 1, Integer::sum);
            assertEquals(1, contour.get("images").asInt(), "each contour references one image");
            assertEquals("CLOSED_PLANAR", contour.get("geometricType").asText());
            assertEquals(contour.get("points").asInt(), contour.get("numberOfContourPoints").asInt());
            assertTrue(contour.get("points").asInt() >= 3, "a closed planar contour needs 3 points: " + contour);
            assertTrue(contour.get("longestValue").asInt() <= 16, "a ContourData value over 16 characters on " + uid);
            assertTrue(contour.get("maxDistanceFromPlane").asDouble() <= PLANE_TOLERANCE_MM,
                    "a contour on " + uid + " leaves its slice plane by " + contour.get("maxDistanceFromPlane").asDouble() + " mm");
        }
        for (int z = 0; z < volume.depth(); z++) {
            String uid = volume.slices().get(z).sopInstanceUid();
            assertEquals(mask.count(z) > 0, contoursPerSlice.containsKey(uid), "slice " + z + " has " + mask.count(z)
                    + " mask pixels and " + contoursPerSlice.getOrDefault(uid, 0) + " contours");
        }
    }
}
