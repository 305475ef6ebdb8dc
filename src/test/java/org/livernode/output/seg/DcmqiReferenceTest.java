package org.livernode.output.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.testing.DicomInspection;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;

/**
 * Our SEG of dcmqi's three reference CT slices, with the mask of dcmqi's own SEG of them: it must hold the
 * same frames at the same positions, and every attribute dcmqi writes, at every level we share.
 */
class DcmqiReferenceTest {

    /** Clinical trial attributes that dcmqi carries over from its source; the node writes no trial modules. */
    private static final Set<AttributeTag> DCMQI_ONLY = Set.of(
            TagFromName.ClinicalTrialTimePointID, TagFromName.ClinicalTrialCoordinatingCenterName, TagFromName.ClinicalTrialSeriesID);

    @TempDir
    static Path folder;
    private static AttributeList reference;
    private static AttributeList ours;
    private static DicomInspection.PydicomView referenceView;
    private static DicomInspection.PydicomView ourView;

    @BeforeAll
    static void writeOurs() throws Exception {
        Path data = ExternalProgram.sharedData("dcmqi-ct3");
        CtVolume volume = OutputFixtures.volume(List.of(data.resolve("01.dcm"), data.resolve("02.dcm"), data.resolve("03.dcm")));
        referenceView = DicomInspection.readWithPydicom(data.resolve("liver.dcm"), folder.resolve("reference"));

        // dcmqi's frames, each placed on the slice it references.
        Map<String, Integer> frameOfInstance = new HashMap<>();
        JsonNode frames = referenceView.facts().get("frames");
        for (int f = 0; f < frames.size(); f++) {
            frameOfInstance.put(frames.get(f).get("referencedSopInstanceUid").asText(), f);
        }
        int planeSize = volume.rows() * volume.columns();
        SegmentationMask mask = new SegmentationMask(volume.depth(), volume.rows(), volume.columns());
        for (int z = 0; z < volume.depth(); z++) {
            int frame = frameOfInstance.get(volume.slices().get(z).sopInstanceUid());
            System.arraycopy(referenceView.frames(), frame * planeSize, mask.plane(z), 0, planeSize);
        }
        assertTrue(mask.count() > 0, "dcmqi's SEG must hold some liver");

        Path file = folder.resolve("ours.dcm");
        new DicomSegmentation(volume, mask, OutputFixtures.liver(), OutputFixtures.segIdentity(volume), EmptyFrames.INCLUDE).write(file);
        ourView = DicomInspection.readWithPydicom(file, folder.resolve("ours"));
        reference = read(data.resolve("liver.dcm"));
        ours = read(file);
    }

    private static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toString());
        return list;
    }

    @Test
    void eachSourceSliceGetsTheSameFrameAtTheSamePosition() {
        JsonNode referenceFrames = referenceView.facts().get("frames");
        JsonNode ourFrames = ourView.facts().get("frames");
        assertEquals(referenceFrames.size(), ourFrames.size());
        int planeSize = referenceView.facts().get("rows").asInt() * referenceView.facts().get("columns").asInt();
        for (int r = 0; r < referenceFrames.size(); r++) {
            String instance = referenceFrames.get(r).get("referencedSopInstanceUid").asText();
            int o = 0;
            while (!ourFrames.get(o).get("referencedSopInstanceUid").asText().equals(instance)) {
                o++;
            }
            for (int axis = 0; axis < 3; axis++) {
                // dcmqi writes positions rounded to 7 significant digits.
                assertEquals(referenceFrames.get(r).get("imagePosition").get(axis).asDouble(),
                        ourFrames.get(o).get("imagePosition").get(axis).asDouble(), 1e-3, "position of " + instance);
            }
            assertArrayEquals(Arrays.copyOfRange(referenceView.frames(), r * planeSize, (r + 1) * planeSize),
                    Arrays.copyOfRange(ourView.frames(), o * planeSize, (o + 1) * planeSize), "frame of " + instance);
        }
        assertEquals(referenceView.facts().get("frameOfReferenceUid"), ourView.facts().get("frameOfReferenceUid"));
    }

    @Test
    void weWriteEveryAttributeDcmqiWrites() {
        assertHasAllOf(reference, ours, "top level", DCMQI_ONLY);
        assertHasAllOf(first(reference, TagFromName.SegmentSequence), first(ours, TagFromName.SegmentSequence), "segment", Set.of());
        AttributeList referenceShared = first(reference, TagFromName.SharedFunctionalGroupsSequence);
        AttributeList ourShared = first(ours, TagFromName.SharedFunctionalGroupsSequence);
        assertHasAllOf(referenceShared, ourShared, "shared functional groups", Set.of());
        assertHasAllOf(first(referenceShared, TagFromName.PixelMeasuresSequence), first(ourShared, TagFromName.PixelMeasuresSequence),
                "pixel measures", Set.of());
        AttributeList referenceFrame = first(reference, TagFromName.PerFrameFunctionalGroupsSequence);
        AttributeList ourFrame = first(ours, TagFromName.PerFrameFunctionalGroupsSequence);
        assertHasAllOf(referenceFrame, ourFrame, "per-frame functional groups", Set.of());
        AttributeList referenceDerivation = first(referenceFrame, TagFromName.DerivationImageSequence);
        AttributeList ourDerivation = first(ourFrame, TagFromName.DerivationImageSequence);
        assertHasAllOf(referenceDerivation, ourDerivation, "derivation image", Set.of());
        assertHasAllOf(first(referenceDerivation, TagFromName.SourceImageSequence), first(ourDerivation, TagFromName.SourceImageSequence),
                "source image", Set.of());
        assertHasAllOf(first(reference, TagFromName.DimensionIndexSequence), first(ours, TagFromName.DimensionIndexSequence),
                "dimension index", Set.of());
    }

    private static AttributeList first(AttributeList list, AttributeTag sequence) {
        return SequenceAttribute.getAttributeListFromSelectedItemWithinSequence((SequenceAttribute) list.get(sequence), 0);
    }

    private static void assertHasAllOf(AttributeList reference, AttributeList ours, String level, Set<AttributeTag> exempt) {
        Set<AttributeTag> missing = new TreeSet<>(reference.keySet());
        missing.removeAll(ours.keySet());
        missing.removeAll(exempt);
        missing.removeIf(tag -> tag.getGroup() == 0x0002);
        assertEquals(Set.of(), missing, "attributes dcmqi writes and we do not, at " + level);
    }
}
