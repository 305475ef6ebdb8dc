package org.livernode.output.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.livernode.output.OutputIdentity;
import org.livernode.output.SegmentDescription;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.DicomInspection;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.Vec3;
import org.livernode.volume.VolumeAssembler;
import org.livernode.volume.VolumeException;

/**
 * Inputs and peers for the SEG tests: volumes assembled from CT headers (a stand-in for the node's volume
 * assembler, which this branch does not have), the phantom's true liver mask, dciodvfy and the pydicom
 * reader.
 */
final class SegFixtures {

    private SegFixtures() {}

    /** A phantom series and whether the model found nothing in it. */
    record PhantomCase(String name, CtPhantom phantom, boolean emptyMask) {
        @Override
        public String toString() {
            return name;
        }

        CtVolume volume() throws IOException, VolumeException {
            return SegFixtures.volume(phantom);
        }

        SegmentationMask mask(CtVolume volume) {
            return emptyMask ? new SegmentationMask(volume.depth(), volume.rows(), volume.columns()) : liverMask(phantom, volume);
        }
    }

    /** The series every SEG must be right for: the usual one and the odd ones. */
    static Stream<PhantomCase> phantomCases() {
        double c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30));
        return Stream.of(
                new PhantomCase("axial 24x64x64", new CtPhantom(), false),
                new PhantomCase("no FrameOfReferenceUID", new CtPhantom().withoutFrameOfReference(), false),
                new PhantomCase("feet first 1\\0\\0\\0\\-1\\0", new CtPhantom().orientation(new Vec3(1, 0, 0), new Vec3(0, -1, 0)), false),
                new PhantomCase("prone -1\\0\\0\\0\\-1\\0", new CtPhantom().orientation(new Vec3(-1, 0, 0), new Vec3(0, -1, 0)), false),
                new PhantomCase("odd matrix 63x61, 1.5 mm pixels", new CtPhantom().matrix(63, 61).pixelSpacing(1.5).slices(9), false),
                new PhantomCase("empty mask", new CtPhantom().slices(5), true),
                new PhantomCase("oblique, 2.5 mm slices", new CtPhantom().orientation(new Vec3(c, s, 0), new Vec3(-s, c, 0))
                        .sliceSpacing(2.5).slices(30), false),
                new PhantomCase("gantry tilt 15 degrees", new CtPhantom().gantryTilt(15).slices(12), false));
    }

    static SegmentDescription liver() {
        return OutputFixtures.liver();
    }

    static OutputIdentity identity(CtVolume volume) {
        return OutputFixtures.identity(volume, "SEG", 901, "Liver (livernode)");
    }

    /** The phantom's series as the node's assembler makes it, from files written to a scratch folder. */
    static CtVolume volume(CtPhantom phantom) throws IOException, VolumeException {
        Path scratch = Files.createTempDirectory("livernode-seg-fixture");
        try {
            return new VolumeAssembler().assemble(phantom.write(scratch));
        } finally {
            MoreFiles.deleteRecursively(scratch, RecursiveDeleteOption.ALLOW_INSECURE);
        }
    }

    static CtVolume volumeFromFiles(List<Path> files) throws VolumeException {
        return new VolumeAssembler().assemble(files);
    }

    /** The phantom's liver at each pixel centre: the mask a perfect model would return. */
    static SegmentationMask liverMask(CtPhantom phantom, CtVolume volume) {
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

    /** pydicom finds exactly the mask, frame by frame on the volume's slices, and references to every slice. */
    /** Every phantom case with each choice of empty frames. */
    static Stream<Arguments> phantomCasesAndEmptyFrames() {
        return phantomCases().flatMap(c -> Stream.of(EmptyFrames.values()).map(e -> Arguments.of(c, e)));
    }

    /**
     * pydicom finds exactly the mask on the framed slices ({@code framed}, in volume order), and references to
     * every slice of the series.
     */
    static void assertPydicomSees(CtVolume volume, SegmentationMask mask, List<Integer> framed, DicomInspection.PydicomView view) {
        JsonNode facts = view.facts();
        assertEquals("1.2.840.10008.5.1.4.1.1.66.4", facts.get("sopClassUid").asText());
        assertEquals("1.2.840.10008.1.2.1", facts.get("transferSyntaxUid").asText());
        assertEquals(volume.frameOfReferenceUid(), facts.get("frameOfReferenceUid").asText());
        assertEquals(volume.rows(), facts.get("rows").asInt());
        assertEquals(volume.columns(), facts.get("columns").asInt());
        assertEquals(framed.size(), facts.get("numberOfFrames").asInt());
        long bits = (long) framed.size() * volume.rows() * volume.columns();
        assertEquals(((bits + 7) / 8 + 1) / 2 * 2, facts.get("pixelDataLength").asLong(), "frames packed without gaps, padded to even");

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        framed.forEach(z -> expected.writeBytes(mask.plane(z)));
        assertArrayEquals(expected.toByteArray(), view.frames(), "the frames pydicom decodes are the mask");

        JsonNode frames = facts.get("frames");
        assertEquals(framed.size(), frames.size());
        for (int f = 0; f < framed.size(); f++) {
            int z = framed.get(f);
            CtSlice slice = volume.slices().get(z);
            JsonNode frame = frames.get(f);
            assertEquals(slice.sopInstanceUid(), frame.get("referencedSopInstanceUid").asText(), "frame " + z);
            assertEquals(slice.sopClassUid(), frame.get("referencedSopClassUid").asText(), "frame " + z);
            JsonNode p = frame.get("imagePosition");
            assertTrue(new Vec3(p.get(0).asDouble(), p.get(1).asDouble(), p.get(2).asDouble()).closeTo(slice.geometry().position(), 1e-6),
                    "frame " + z + " lies at " + p + ", its slice at " + slice.geometry().position());
            assertEquals(1, frame.get("segmentNumber").asInt());
            assertEquals(List.of(1, f + 1), ints(frame.get("dimensionIndexValues")));
            assertEquals(mask.count(z), frame.get("pixelCount").asLong(), "frame " + z);
        }

        JsonNode series = facts.get("referencedSeries");
        assertEquals(1, series.size());
        assertEquals(volume.seriesInstanceUid(), series.get(0).get("seriesInstanceUid").asText());
        List<String> referenced = new ArrayList<>();
        series.get(0).get("sopInstanceUids").forEach(uid -> referenced.add(uid.asText()));
        assertEquals(volume.slices().stream().map(CtSlice::sopInstanceUid).toList(), referenced);

        JsonNode segment = facts.get("segments").get(0);
        assertEquals("Liver", segment.get("label").asText());
        assertEquals("10200004", segment.get("type").get(0).asText());
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asInt()));
        return values;
    }
}
