package org.livernode.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.Stream;
import org.livernode.dicom.CodedConcept;
import org.livernode.output.OutputIdentity;
import org.livernode.output.OutputUids;
import org.livernode.output.SegmentDescription;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.Vec3;
import org.livernode.volume.VolumeAssembler;
import org.livernode.volume.VolumeException;

/**
 * What the output writers' tests describe their objects with (the liver segment and a fixed identity), and
 * what they write them for: the phantom series every output must be right for and the real series.
 */
public final class OutputFixtures {
    public static final String MODEL_NAME = "livernode-liver";
    public static final String MODEL_VERSION = "1.0.0";
    /** Slicer's liver colour; dcmqi's reference SEG stores it as CIELab 41661\41167\40792. */
    public static final int[] LIVER_RGB = {221, 130, 101};

    private OutputFixtures() {}

    public static SegmentDescription liver() {
        return new SegmentDescription("Liver",
                new CodedConcept("123037004", "SCT", "Anatomical Structure"),
                new CodedConcept("10200004", "SCT", "Liver"),
                "AUTOMATIC", MODEL_NAME, MODEL_VERSION, LIVER_RGB);
    }

    /** UIDs derived as the node derives them, for an output of {@code type} ("SEG", "RTSTRUCT"). */
    public static OutputIdentity identity(CtVolume volume, String type, int seriesNumber, String seriesDescription) {
        OutputUids uids = OutputUids.forVolume(volume, MODEL_NAME, MODEL_VERSION, type);
        return new OutputIdentity(uids.seriesInstanceUid(), uids.sopInstanceUid(), seriesNumber, 1, seriesDescription,
                LocalDateTime.of(2026, 11, 27, 10, 42, 7), "0.1.0", "node-01");
    }

    public static OutputIdentity segIdentity(CtVolume volume) {
        return identity(volume, "SEG", 901, "Liver (livernode)");
    }

    public static OutputIdentity structureSetIdentity(CtVolume volume) {
        return identity(volume, "RTSTRUCT", 902, "Liver contours (livernode)");
    }

    /** The volume the node's assembler makes of these files. */
    public static CtVolume volume(List<Path> files) throws VolumeException {
        return new VolumeAssembler().assemble(files);
    }

    /** The phantom's series written to {@code folder}, which keeps the files, and assembled. */
    public static CtVolume volume(CtPhantom phantom, Path folder) throws IOException, VolumeException {
        return volume(phantom.write(folder));
    }

    /** The phantom's liver at each pixel centre: the mask a perfect model would return. */
    public static SegmentationMask liverMask(CtPhantom phantom, CtVolume volume) {
        SegmentationMask mask = new SegmentationMask(volume.depth(), volume.rows(), volume.columns());
        for (int z = 0; z < volume.depth(); z++) {
            for (int r = 0; r < volume.rows(); r++) {
                for (int c = 0; c < volume.columns(); c++) {
                    mask.set(z, r, c, CtPhantom.isLiver(phantom.pixelCentre(z, r, c)));
                }
            }
        }
        return mask;
    }

    /** A phantom series and whether the model found nothing in it. */
    public record PhantomCase(String name, CtPhantom phantom, boolean emptyMask) {
        @Override
        public String toString() {
            return name;
        }

        /** The empty mask, or the phantom's liver. */
        public SegmentationMask mask(CtVolume volume) {
            return emptyMask ? new SegmentationMask(volume.depth(), volume.rows(), volume.columns()) : liverMask(phantom, volume);
        }
    }

    /** The series every output must be right for: the usual one and the odd ones. */
    public static Stream<PhantomCase> phantomCases() {
        double c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30));
        double tilt = Math.toRadians(15);
        return Stream.of(
                new PhantomCase("axial 24x64x64", new CtPhantom(), false),
                new PhantomCase("no FrameOfReferenceUID", new CtPhantom().withoutFrameOfReference(), false),
                new PhantomCase("feet first 1\\0\\0\\0\\-1\\0", new CtPhantom().orientation(new Vec3(1, 0, 0), new Vec3(0, -1, 0)), false),
                new PhantomCase("prone -1\\0\\0\\0\\-1\\0", new CtPhantom().orientation(new Vec3(-1, 0, 0), new Vec3(0, -1, 0)), false),
                new PhantomCase("prone -1\\0\\0\\0\\1\\0", new CtPhantom().orientation(new Vec3(-1, 0, 0), new Vec3(0, 1, 0)), false),
                new PhantomCase("odd matrix 63x61, 1.5 mm pixels", new CtPhantom().matrix(63, 61).pixelSpacing(1.5).slices(9), false),
                new PhantomCase("empty mask", new CtPhantom().slices(5), true),
                new PhantomCase("oblique in plane, 2.5 mm slices", new CtPhantom().orientation(new Vec3(c, s, 0), new Vec3(-s, c, 0))
                        .sliceSpacing(2.5).slices(30), false),
                new PhantomCase("tilted 15 degrees", new CtPhantom()
                        .orientation(new Vec3(1, 0, 0), new Vec3(0, Math.cos(tilt), Math.sin(tilt))).slices(30).sliceSpacing(3), false),
                new PhantomCase("gantry tilt 15 degrees", new CtPhantom().gantryTilt(15).slices(12), false));
    }

    /** The real series, its volume and its manual liver mask. */
    public record RealCase(List<Path> files, CtVolume volume, SegmentationMask mask) {}

    /**
     * The real series of {@link RealSeries} (which breaks the standard: no FrameOfReferenceUID, values padded with
     * NUL, DS values over 16 characters) with its manual liver mask, exported through {@code workFolder}.
     */
    public static RealCase realSeries(Path workFolder) throws IOException, VolumeException {
        List<Path> files = RealSeries.files();
        assertEquals(129, files.size());
        CtVolume volume = volume(files);
        assertTrue(volume.frameOfReferenceDerived(), "the IRCADb files carry no FrameOfReferenceUID");
        SegmentationMask mask = RealSeries.manualMask(volume, workFolder);
        assertTrue(mask.count() > 1_000_000, "the manual liver mask has " + mask.count() + " voxels");
        return new RealCase(files, volume, mask);
    }
}
