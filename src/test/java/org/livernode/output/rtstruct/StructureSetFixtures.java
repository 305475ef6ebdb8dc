package org.livernode.output.rtstruct;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.StringAttribute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.livernode.output.CodedConcept;
import org.livernode.output.DicomValues;
import org.livernode.output.OutputIdentity;
import org.livernode.output.OutputUids;
import org.livernode.output.SegmentDescription;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.ExternalProgram;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.Vec3;
import org.livernode.volume.VolumeAssembler;
import org.livernode.volume.VolumeException;

/** Inputs and peers for the structure set tests: phantom series on disk, their masks, dciodvfy and the pydicom rasteriser. */
final class StructureSetFixtures {

    static final String MODEL_NAME = "livernode-liver";
    static final String MODEL_VERSION = "1.0.0";
    static final int[] LIVER_RGB = {221, 130, 101};

    private static final ObjectMapper JSON = new ObjectMapper();

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
        return new SegmentDescription("Liver",
                new CodedConcept("123037004", "SCT", "Anatomical Structure"),
                new CodedConcept("10200004", "SCT", "Liver"),
                "AUTOMATIC", MODEL_NAME, MODEL_VERSION, LIVER_RGB);
    }

    static OutputIdentity identity(CtVolume volume) {
        OutputUids uids = OutputUids.forVolume(volume, MODEL_NAME, MODEL_VERSION, "RTSTRUCT");
        return new OutputIdentity(uids.seriesInstanceUid(), uids.sopInstanceUid(), 902, 1, "Liver contours (livernode)",
                LocalDateTime.of(2026, 11, 27, 10, 42, 7), "0.1.0", "node-01");
    }

    static CtVolume volume(List<Path> files) throws VolumeException {
        return new VolumeAssembler().assemble(files);
    }

    /**
     * What a perfect model finds: the pixels of the phantom's liver, recognised by their Hounsfield value
     * alone, so that the mask owes nothing to the geometry the writer is tested on.
     */
    static SegmentationMask liverByValue(CtVolume volume) {
        SegmentationMask mask = new SegmentationMask(volume.depth(), volume.rows(), volume.columns());
        for (int z = 0; z < volume.depth(); z++) {
            short[] hu = volume.slices().get(z).hu();
            byte[] plane = mask.plane(z);
            for (int i = 0; i < hu.length; i++) {
                plane[i] = (byte) (hu[i] == CtPhantom.LIVER_HU ? 1 : 0);
            }
        }
        return mask;
    }

    /** What the pydicom rasteriser made of a structure set: its facts and one mask plane per CT file, by SOP Instance UID. */
    record Rasterised(JsonNode facts, List<String> sopInstanceUids, byte[] planes, int planeSize) {
        byte[] plane(String sopInstanceUid) {
            int index = sopInstanceUids.indexOf(sopInstanceUid);
            assertTrue(index >= 0, "the rasteriser has no plane for " + sopInstanceUid);
            byte[] plane = new byte[planeSize];
            System.arraycopy(planes, index * planeSize, plane, 0, planeSize);
            return plane;
        }
    }

    static Rasterised rasterise(Path rtstruct, Path ctFolder, Path work, int planeSize) throws IOException {
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
    static double dice(byte[] a, byte[] b) {
        long both = 0, inA = 0, inB = 0;
        for (int i = 0; i < a.length; i++) {
            inA += a[i] != 0 ? 1 : 0;
            inB += b[i] != 0 ? 1 : 0;
            both += a[i] != 0 && b[i] != 0 ? 1 : 0;
        }
        return inA + inB == 0 ? 1 : 2.0 * both / (inA + inB);
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
                        if (DicomValues.stripPadding(value, "DS").length() > DicomValues.MAX_DS_LENGTH) {
                            problems.add(where + " " + value);
                        }
                    }
                } catch (DicomException e) {
                    problems.add(where + " unreadable: " + e.getMessage());
                }
            }
        }
    }

    /** What dciodvfy said about a file, split into errors and warnings. */
    record Verdict(List<String> errors, List<String> warnings, String output) {}

    static Verdict dciodvfy(Path file) {
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
        assertTrue(result.output().contains("RTStructureSet"), "dciodvfy did not check the RT Structure Set IOD:\n" + result.output());
        return new Verdict(errors, warnings, result.output());
    }
}
