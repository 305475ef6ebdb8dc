package org.livernode.qc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.livernode.dicom.InstanceHeader;
import org.livernode.dicom.Tag;
import org.livernode.inference.MaskPostprocessing;
import org.livernode.inference.ModelManifest;
import org.livernode.inference.Segmentation;
import org.livernode.inference.SliceStatistics;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.SliceGeometry;
import org.livernode.volume.Vec3;

/**
 * The checks on synthetic segmentations: a 200 x 200 axial volume of 1.5 mm pixels and 2.5 mm slices with a body
 * in the middle and an ellipsoidal "liver" to the patient's right (the image's left: rows run along +x, patient
 * left), which passes; then each way a result can be implausible.
 */
class QualityCheckTest {
    private static final int SIZE = 200, DEPTH = 80;
    private static final double PIXEL = 1.5, SLICE = 2.5;
    private static final ModelManifest.QualityLimits LIMITS = shippedLimits();

    private static ModelManifest.QualityLimits shippedLimits() {
        try {
            return ModelManifest.read(Path.of("models", "liver.json")).qc();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static CtVolume volume(int depth, double... z) {
        List<CtSlice> slices = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            double position = z.length > 0 ? z[i] : i * SLICE;
            SliceGeometry geometry = new SliceGeometry(new Vec3(-150, -150, position), new Vec3(1, 0, 0), new Vec3(0, 1, 0), PIXEL, PIXEL,
                    SIZE, SIZE);
            slices.add(new CtSlice("1.2.840.10008.5.1.4.1.1.2", "1.2.3.4." + (i + 1), geometry, Path.of("slice" + i)));
        }
        return new CtVolume("1.2.3.1", "1.2.3.2", "1.2.3.3", false, slices, new InstanceHeader(Map.of()));
    }

    /** An ellipsoid of radii 75 x 60 x 50 mm centred 60 mm to the patient's right of the image centre, in the middle slices. */
    private static SegmentationMask liver(int depth, double centreZ) {
        SegmentationMask mask = new SegmentationMask(depth, SIZE, SIZE);
        for (int z = 0; z < depth; z++) {
            for (int r = 0; r < SIZE; r++) {
                for (int c = 0; c < SIZE; c++) {
                    double x = (c - SIZE / 2.0) * PIXEL + 60, y = (r - SIZE / 2.0) * PIXEL, dz = z * SLICE - centreZ;
                    if (x * x / (75 * 75) + y * y / (60 * 60) + dz * dz / (50 * 50) <= 1) {
                        mask.set(z, r, c, true);
                    }
                }
            }
        }
        return mask;
    }

    /** Statistics of a plausible liver: 5% uncertain, 100 +- 25 HU, a body centred on the image. */
    private static List<SliceStatistics> statistics(SegmentationMask mask, double uncertainShare, double meanHu, double huSpread) {
        List<SliceStatistics> slices = new ArrayList<>();
        long body = 120L * 120;
        for (int z = 0; z < mask.depth(); z++) {
            long n = mask.count(z);
            slices.add(new SliceStatistics(n, Math.round(n * uncertainShare), n * meanHu, n * (meanHu * meanHu + huSpread * huSpread),
                    body, body * (SIZE / 2.0 - 0.5), body * (SIZE / 2.0 - 0.5)));
        }
        return slices;
    }

    private static Segmentation plausible(SegmentationMask mask) {
        return new Segmentation(mask, statistics(mask, 0.05, 100, 25), MaskPostprocessing.Dropped.NOTHING);
    }

    private static Set<QcReason> reasons(QcReport report) {
        return Set.copyOf(report.findings().stream().map(QcFinding::reason).toList());
    }

    @Test
    void aPlausibleLiverPassesAndItsVolumeIsTheEllipsoids() {
        CtVolume volume = volume(DEPTH);
        SegmentationMask mask = liver(DEPTH, 100);
        QcReport report = QualityCheck.assess(volume, plausible(mask), LIMITS);
        assertEquals(QcOutcome.PASS, report.outcome(), report.findings().toString());
        assertEquals("PASS", report.summary());
        LiverMeasurements m = report.measurements();
        assertEquals(mask.count() * PIXEL * PIXEL * SLICE / 1000, m.volumeMl(), 1e-9);
        assertEquals(4.0 / 3 * Math.PI * 75 * 60 * 50 / 1000, m.volumeMl(), 20, "the ellipsoid's volume, to its rasterisation");
        assertEquals(60, m.rightOfBodyMm(), 1.5);
        assertEquals(0.97, m.rightShare(), 0.005, "the ellipsoid's cap 15 mm past the midline, on the patient's left");
        assertEquals(Set.of(), m.cuts());
        assertEquals(0.05, m.uncertainShare(), 1e-3);
        assertEquals(100, m.meanHu(), 1e-9);
        assertEquals(25, m.huSpread(), 1e-6);
        assertEquals(0, m.gapSlices());
    }

    @Test
    void unevenlySpacedSlicesCountHalfTheDistanceToEachNeighbour() {
        CtVolume volume = volume(3, 0, 1, 4);
        SegmentationMask mask = new SegmentationMask(3, SIZE, SIZE);
        mask.set(0, 10, 10, true);
        mask.set(1, 10, 10, true);
        mask.set(2, 11, 11, true);
        // thicknesses: 1 (one neighbour), (1 + 3) / 2, 3 (one neighbour)
        assertEquals((1 + 2 + 3) * PIXEL * PIXEL / 1000, QualityCheck.measure(volume, plausible(mask), LIMITS).volumeMl(), 1e-15);
    }

    @Test
    void aSingleSliceCountsWithItsThickness() {
        CtSlice only = volume(1).slices().get(0);
        CtVolume volume = new CtVolume("1.2.3.1", "1.2.3.2", "1.2.3.3", false, List.of(only),
                new InstanceHeader(Map.of(Tag.SliceThickness, new InstanceHeader.Element("DS", true, List.of("5")))));
        SegmentationMask mask = new SegmentationMask(1, SIZE, SIZE);
        mask.set(0, 3, 3, true);
        assertEquals(PIXEL * PIXEL * 5 / 1000, QualityCheck.measure(volume, plausible(mask), LIMITS).volumeMl(), 1e-15);
    }

    @Test
    void anEmptyMaskIsNoLiverAndNothingElse() {
        SegmentationMask mask = new SegmentationMask(DEPTH, SIZE, SIZE);
        QcReport report = QualityCheck.assess(volume(DEPTH), plausible(mask), LIMITS);
        assertEquals(QcOutcome.REVIEW, report.outcome());
        assertEquals(List.of(QcReason.NO_LIVER), report.findings().stream().map(QcFinding::reason).toList());
        assertEquals("REVIEW: no liver", report.summary());
    }

    @Test
    void aLiverRunningOutOfTheScannedRangeIsCutAndItsVolumeIsWithinTheRange() {
        SegmentationMask mask = liver(DEPTH, 10);
        QcReport report = QualityCheck.assess(volume(DEPTH), plausible(mask), LIMITS);
        assertEquals(Set.of(QcReason.CUT_BY_FIELD_OF_VIEW), reasons(report), report.findings().toString());
        assertEquals(Set.of(LiverMeasurements.Cut.FIRST_SLICE), report.measurements().cuts());
        assertTrue(report.measurements().withinScannedRangeOnly());
        assertTrue(report.findings().get(0).detail().startsWith("liver cut by the first slice;"), report.findings().get(0).detail());
    }

    @Test
    void aLiverAlongTheImageBorderIsCutByTheFieldOfView() {
        SegmentationMask mask = liver(DEPTH, 100);
        for (int z = 30; z < 50; z++) {
            for (int r = 90; r < 120; r++) {
                for (int c = 0; c < 40; c++) {
                    mask.set(z, r, c, true);
                }
            }
        }
        QcReport report = QualityCheck.assess(volume(DEPTH), plausible(mask), LIMITS);
        assertEquals(Set.of(LiverMeasurements.Cut.IMAGE_BORDER), report.measurements().cuts());
        assertEquals(Set.of(QcReason.CUT_BY_FIELD_OF_VIEW), reasons(report));
    }

    @Test
    void aLiverOnThePatientsLeftIsNotPlausible() {
        SegmentationMask right = liver(DEPTH, 100);
        SegmentationMask mirrored = new SegmentationMask(DEPTH, SIZE, SIZE);
        for (int z = 0; z < DEPTH; z++) {
            for (int r = 0; r < SIZE; r++) {
                for (int c = 0; c < SIZE; c++) {
                    mirrored.set(z, r, SIZE - 1 - c, right.get(z, r, c));
                }
            }
        }
        QcReport report = QualityCheck.assess(volume(DEPTH), plausible(mirrored), LIMITS);
        assertEquals(Set.of(QcReason.NOT_ON_PATIENT_RIGHT), reasons(report));
        assertTrue(report.findings().get(0).detail().startsWith("3% of the liver on the patient's right of the body's midline"),
                report.findings().get(0).detail());
        assertTrue(report.findings().get(0).detail().endsWith("its centre 59 mm to the left"), report.findings().get(0).detail());
    }

    @Test
    void muchRemovedByThePostProcessingIsFragmented() {
        SegmentationMask mask = liver(DEPTH, 100);
        Segmentation segmentation = new Segmentation(mask, statistics(mask, 0.05, 100, 25),
                new MaskPostprocessing.Dropped(14, mask.count() / 4));
        QcReport report = QualityCheck.assess(volume(DEPTH), segmentation, LIMITS);
        assertEquals(Set.of(QcReason.FRAGMENTED), reasons(report));
        assertTrue(report.findings().get(0).detail().startsWith("post-processing removed 14 component(s), 20% of the mask"),
                report.findings().get(0).detail());
    }

    @Test
    void anUncertainModelAndImplausibleCtValuesAreSaidApart() {
        SegmentationMask mask = liver(DEPTH, 100);
        assertEquals(Set.of(QcReason.UNCERTAIN), reasons(QualityCheck.assess(volume(DEPTH),
                new Segmentation(mask, statistics(mask, 0.6, 100, 25), MaskPostprocessing.Dropped.NOTHING), LIMITS)));
        assertEquals(Set.of(QcReason.CT_VALUES), reasons(QualityCheck.assess(volume(DEPTH),
                new Segmentation(mask, statistics(mask, 0.05, -90, 25), MaskPostprocessing.Dropped.NOTHING), LIMITS)), "fat");
        QcReport mixed = QualityCheck.assess(volume(DEPTH),
                new Segmentation(mask, statistics(mask, 0.05, 60, 300), MaskPostprocessing.Dropped.NOTHING), LIMITS);
        assertEquals(Set.of(QcReason.CT_VALUES), reasons(mixed), "air, fat and bone together");
        assertTrue(mixed.findings().get(0).detail().startsWith("CT values spread 300 HU"), mixed.findings().get(0).detail());
    }

    @Test
    void aGapOrAJumpInTheAreaIsDiscontinuous() {
        SegmentationMask gap = liver(DEPTH, 100);
        erase(gap, z -> z == 40 || z == 41);
        QcReport gapped = QualityCheck.assess(volume(DEPTH), plausible(gap), LIMITS);
        assertEquals(Set.of(QcReason.DISCONTINUOUS), reasons(gapped));
        assertEquals(2, gapped.measurements().gapSlices());

        SegmentationMask jump = liver(DEPTH, 100);
        for (int z = 40; z < 44; z++) {
            for (int r = 0; r < SIZE; r++) {
                Arrays.fill(jump.plane(z), r * SIZE + 20, r * SIZE + 110, (byte) (r > 20 && r < 180 ? 1 : 0));
            }
        }
        QcReport jumped = QualityCheck.assess(volume(DEPTH), plausible(jump), LIMITS);
        assertTrue(reasons(jumped).contains(QcReason.DISCONTINUOUS), jumped.findings().toString());
        assertTrue(jumped.measurements().largestAreaJump() > LIMITS.areaJumpAbove().value());
    }

    @Test
    void sizesOutsideAnAdultLiversAreSmallOrLarge() {
        SegmentationMask small = liver(DEPTH, 100);
        erase(small, z -> z < 36 || z > 44);
        assertEquals(Set.of(QcReason.SMALL_LIVER), reasons(QualityCheck.assess(volume(DEPTH), plausible(small), LIMITS)));
        SegmentationMask large = new SegmentationMask(DEPTH, SIZE, SIZE);
        for (int z = 2; z < DEPTH - 2; z++) {
            for (int r = 10; r < 190; r++) {
                Arrays.fill(large.plane(z), r * SIZE + 2, r * SIZE + 105, (byte) 1);
            }
        }
        assertTrue(reasons(QualityCheck.assess(volume(DEPTH), plausible(large), LIMITS)).contains(QcReason.LARGE_LIVER));
    }

    @Test
    void aLongListOfReasonsStillFitsASeriesDescription() {
        QcReport report = QcReport.of(List.of(new QcFinding(QcReason.CUT_BY_FIELD_OF_VIEW, "x"), new QcFinding(QcReason.UNCERTAIN, "y"),
                new QcFinding(QcReason.CT_VALUES, "z"), new QcFinding(QcReason.CT_VALUES, "w")), QualityCheck.measure(volume(2),
                plausible(new SegmentationMask(2, SIZE, SIZE)), LIMITS));
        assertEquals("REVIEW: cut by field of view, uncertain model, CT values", report.summary(), "each reason once");
    }

    @Test
    void aRunsPixelsOnThePatientsRightAreCountedAsOneByOne() {
        java.util.Random random = new java.util.Random(2026);
        for (int i = 0; i < 10_000; i++) {
            int start = random.nextInt(100), end = start + random.nextInt(100);
            double a = random.nextInt(5) == 0 ? 0 : (random.nextDouble() - 0.5) * 3, rowX = (random.nextDouble() - 0.5) * 300;
            long expected = 0;
            for (int c = start; c < end; c++) {
                expected += a * c + rowX < 0 ? 1 : 0;
            }
            assertEquals(expected, QualityCheck.onPatientRight(start, end, a, rowX), "a " + a + ", rowX " + rowX + ", " + start + ".." + end);
        }
    }

    private static void erase(SegmentationMask mask, IntPredicate slices) {
        for (int z = 0; z < mask.depth(); z++) {
            if (slices.test(z)) {
                Arrays.fill(mask.plane(z), (byte) 0);
            }
        }
    }
}
