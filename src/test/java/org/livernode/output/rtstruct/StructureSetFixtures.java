package org.livernode.output.rtstruct;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.StringAttribute;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.livernode.dicom.DecimalString;
import org.livernode.dicom.ValueCleaning;
import org.livernode.output.OutputIdentity;
import org.livernode.output.SegmentDescription;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.PixelReader;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.Vec3;
import org.livernode.volume.VolumeAssembler;
import org.livernode.volume.VolumeException;

/** Inputs and peers for the structure set tests: phantom series on disk, their masks, dciodvfy and the pydicom rasteriser. */
final class StructureSetFixtures {

    private StructureSetFixtures() {}

    /** A phantom series and whether the model found nothing in it. */
    record PhantomCase(String name, CtPhantom phantom, boolean emptyMask) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The series every structure set must be right for: the usual one and the odd ones. */
    static Stream<PhantomCase> phantomCases() {
        double c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30));
        double tilt = Math.toRadians(15);
        return Stream.of(
                new PhantomCase("axial 24x64x64", new CtPhantom(), false),
                new PhantomCase("no FrameOfReferenceUID", new CtPhantom().withoutFrameOfReference(), false),
                new PhantomCase("feet first 1\\0\\0\\0\\-1\\0", new CtPhantom().orientation(new Vec3(1, 0, 0), new Vec3(0, -1, 0)), false),
                new PhantomCase("prone -1\\0\\0\\0\\1\\0", new CtPhantom().orientation(new Vec3(-1, 0, 0), new Vec3(0, 1, 0)), false),
                new PhantomCase("oblique in plane, 2.5 mm slices", new CtPhantom().orientation(new Vec3(c, s, 0), new Vec3(-s, c, 0))
                        .sliceSpacing(2.5).slices(30), false),
                new PhantomCase("tilted 15 degrees", new CtPhantom()
                        .orientation(new Vec3(1, 0, 0), new Vec3(0, Math.cos(tilt), Math.sin(tilt))).slices(30).sliceSpacing(3), false),
                new PhantomCase("odd matrix 63x61, 1.5 mm pixels", new CtPhantom().matrix(63, 61).pixelSpacing(1.5).slices(9), false),
                new PhantomCase("empty mask", new CtPhantom().slices(5), true));
    }

    static SegmentDescription liver() {
        return OutputFixtures.liver();
    }

    static OutputIdentity identity(CtVolume volume) {
        return OutputFixtures.identity(volume, "RTSTRUCT", 902, "Liver contours (livernode)");
    }

    static CtVolume volume(List<Path> files) throws VolumeException {
        return new VolumeAssembler().assemble(files);
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

    /** Every DS value at any depth that is over 16 characters. */
    static List<String> longDecimalStrings(AttributeList list) {
        List<String> problems = new ArrayList<>();
        collectLongDecimalStrings(list, "", problems);
        return problems;
    }

    private static void collectLongDecimalStrings(AttributeList list, String path, List<String> problems) {
        for (Attribute attribute : list.values()) {
            String where = path + attribute.getTag();
            if (attribute instanceof SequenceAttribute sequence) {
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    SequenceItem item = sequence.getItem(i);
                    collectLongDecimalStrings(item.getAttributeList(), where + "[" + i + "].", problems);
                }
            } else if (attribute instanceof StringAttribute && "DS".equals(new String(attribute.getVR())) && attribute.getVM() > 0) {
                try {
                    for (String value : attribute.getOriginalStringValues()) {
                        if (ValueCleaning.stripPadding(value, "DS").length() > DecimalString.MAX_LENGTH) {
                            problems.add(where + " " + value);
                        }
                    }
                } catch (DicomException e) {
                    problems.add(where + " unreadable: " + e.getMessage());
                }
            }
        }
    }

}
