package org.livernode.output.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.livernode.testing.DicomInspection;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.Vec3;

/** The SEG tests' cases and their check with the pydicom reader. */
final class SegFixtures {

    private SegFixtures() {}

    /** Every phantom case with each choice of empty frames. */
    static Stream<Arguments> phantomCasesAndEmptyFrames() {
        return OutputFixtures.phantomCases().flatMap(c -> Stream.of(EmptyFrames.values()).map(e -> Arguments.of(c, e)));
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
