package org.livernode.output.rtstruct;

import org.livernode.testing.CtPhantom;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.PixelReader;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.VolumeException;

/** The structure set tests' masks, found in the pixels rather than the geometry, and areas. */
final class StructureSetFixtures {

    private StructureSetFixtures() {}

    /** The empty mask, or the phantom's liver found by value. */
    static SegmentationMask mask(OutputFixtures.PhantomCase phantomCase, CtVolume volume) throws VolumeException {
        return phantomCase.emptyMask() ? new SegmentationMask(volume.depth(), volume.rows(), volume.columns()) : liverByValue(volume);
    }

    /**
     * What a perfect model finds: the pixels of the phantom's liver, recognised by their Hounsfield value
     * alone, so that the mask owes nothing to the geometry the writer is tested on.
     */
    static SegmentationMask liverByValue(CtVolume volume) throws VolumeException {
        SegmentationMask mask = new SegmentationMask(volume.depth(), volume.rows(), volume.columns());
        for (int z = 0; z < volume.depth(); z++) {
            short[] hu = PixelReader.hounsfieldUnits(volume.slices().get(z));
            byte[] plane = mask.plane(z);
            for (int i = 0; i < hu.length; i++) {
                plane[i] = (byte) (hu[i] == CtPhantom.LIVER_HU ? 1 : 0);
            }
        }
        return mask;
    }

    /** Area in mm² of the pixels set in {@code plane} on {@code slice}. */
    static double areaMm2(byte[] plane, CtSlice slice) {
        long n = 0;
        for (byte b : plane) {
            n += b != 0 ? 1 : 0;
        }
        return n * slice.geometry().rowSpacing() * slice.geometry().columnSpacing();
    }
}
