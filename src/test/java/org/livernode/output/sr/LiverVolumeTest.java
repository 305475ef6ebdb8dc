package org.livernode.output.sr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.dicom.InstanceHeader;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.SliceGeometry;
import org.livernode.volume.Vec3;

class LiverVolumeTest {

    @TempDir
    Path folder;

    /** A 2x2 axial volume, 0.5 mm x 0.8 mm pixels, its slices at these z (mm). */
    private static CtVolume axial(double... z) {
        List<CtSlice> slices = new ArrayList<>();
        for (int i = 0; i < z.length; i++) {
            SliceGeometry geometry = new SliceGeometry(new Vec3(0, 0, z[i]), new Vec3(1, 0, 0), new Vec3(0, 1, 0), 0.5, 0.8, 2, 2);
            slices.add(new CtSlice("1.2.840.10008.5.1.4.1.1.2", "1.2.3.4." + (i + 1), geometry, Path.of("slice" + i)));
        }
        return new CtVolume("1.2.3.1", "1.2.3.2", "1.2.3.3", false, slices, new InstanceHeader(Map.of()));
    }

    private static SegmentationMask full(CtVolume volume) {
        SegmentationMask mask = new SegmentationMask(volume.depth(), volume.rows(), volume.columns());
        for (int z = 0; z < volume.depth(); z++) {
            Arrays.fill(mask.plane(z), (byte) 1);
        }
        return mask;
    }

    @Test
    void evenlySpacedSlicesCountEachVoxelAsPixelAreaTimesSpacing() {
        CtVolume volume = axial(0, 2, 4, 6);
        // 4 voxels a slice, 0.5 x 0.8 x 2 mm each
        assertEquals(16 * 0.5 * 0.8 * 2 / 1000, LiverVolume.millilitres(volume, full(volume)), 1e-15);
    }

    @Test
    void unevenlySpacedSlicesCountHalfTheDistanceToEachNeighbour() {
        CtVolume volume = axial(0, 1, 4);
        SegmentationMask mask = new SegmentationMask(3, 2, 2);
        mask.set(0, 0, 0, true);
        mask.set(1, 0, 0, true);
        mask.set(2, 1, 1, true);
        // thicknesses: 1 (one neighbour), (1 + 3) / 2, 3 (one neighbour)
        assertEquals((1 + 2 + 3) * 0.5 * 0.8 / 1000, LiverVolume.millilitres(volume, mask), 1e-15);
    }

    @Test
    void aTiltedPhantomMeasuresAlongTheSliceNormal() throws Exception {
        double tilt = Math.toRadians(15);
        CtPhantom phantom = new CtPhantom().orientation(new Vec3(1, 0, 0), new Vec3(0, Math.cos(tilt), Math.sin(tilt))).slices(30).sliceSpacing(3);
        CtVolume volume = OutputFixtures.volume(phantom, folder.resolve("ct"));
        SegmentationMask mask = OutputFixtures.liverMask(phantom, volume);
        assertTrue(mask.count() > 0);
        // the phantom's 4 mm pixels, 3 mm between slices along the normal; positions are stored as DS, to about 1e-9
        assertEquals(mask.count() * 4.0 * 4.0 * 3.0 / 1000, LiverVolume.millilitres(volume, mask), 1e-6);
    }

    @Test
    void aVolumeOfOneSliceIsRefused() {
        CtVolume volume = axial(0);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> LiverVolume.millilitres(volume, full(volume)));
        assertTrue(refused.getMessage().contains("one slice"), refused.getMessage());
    }

    @Test
    void twoSlicesAtOnePositionAreRefused() {
        CtVolume volume = axial(0, 2, 2);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> LiverVolume.millilitres(volume, full(volume)));
        assertTrue(refused.getMessage().contains("slices 1 and 2"), refused.getMessage());
    }

    @Test
    void aMaskOfAnotherShapeIsRefused() {
        CtVolume volume = axial(0, 2);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> LiverVolume.millilitres(volume, new SegmentationMask(3, 2, 2)));
        assertTrue(refused.getMessage().contains("slices 3 vs 2"), refused.getMessage());
    }
}
