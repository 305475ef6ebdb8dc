package org.livernode.output.rtstruct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.livernode.dicom.InstanceHeader;
import org.livernode.dicom.Tag;
import org.livernode.output.CodedConcept;
import org.livernode.output.OutputIdentity;
import org.livernode.output.SegmentDescription;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.Vec3;

/** What the structure set holds, read back with PixelMed. */
class DicomStructureSetContentTest {

    @TempDir
    Path folder;

    private record Written(CtVolume volume, SegmentationMask mask, OutputIdentity identity, AttributeList list) {}

    private Written write(CtPhantom phantom, boolean emptyMask, SegmentDescription segment) throws Exception {
        CtVolume volume = StructureSetFixtures.volume(phantom.write(folder.resolve("ct")));
        SegmentationMask mask = emptyMask
                ? new SegmentationMask(volume.depth(), volume.rows(), volume.columns())
                : StructureSetFixtures.liverByValue(volume);
        OutputIdentity identity = StructureSetFixtures.identity(volume);
        Path file = folder.resolve("rtstruct.dcm");
        new DicomStructureSet(volume, mask, segment, identity).write(file);
        AttributeList list = new AttributeList();
        list.read(file.toString());
        return new Written(volume, mask, identity, list);
    }

    private static String value(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrNull(list, tag);
    }

    private static List<AttributeList> items(AttributeList list, AttributeTag tag) {
        SequenceAttribute sequence = (SequenceAttribute) list.get(tag);
        assertNotNull(sequence, "no sequence " + tag);
        List<AttributeList> items = new ArrayList<>();
        for (int i = 0; i < sequence.getNumberOfItems(); i++) {
            items.add(sequence.getItem(i).getAttributeList());
        }
        return items;
    }

    private static AttributeList only(AttributeList list, AttributeTag tag) {
        List<AttributeList> items = items(list, tag);
        assertEquals(1, items.size(), "items in " + tag);
        return items.get(0);
    }

    @Test
    void theHeaderNamesTheStudySeriesFrameOfReferenceAndMaker() throws Exception {
        Written written = write(new CtPhantom(), false, StructureSetFixtures.liver());
        AttributeList list = written.list();
        CtVolume volume = written.volume();

        assertEquals(TransferSyntax.ImplicitVRLittleEndian, value(list, TagFromName.TransferSyntaxUID));
        assertEquals("1.2.840.10008.5.1.4.1.1.481.3", value(list, TagFromName.SOPClassUID));
        assertEquals(written.identity().sopInstanceUid(), value(list, TagFromName.SOPInstanceUID));
        assertEquals("RTSTRUCT", value(list, TagFromName.Modality));
        assertEquals(written.identity().seriesInstanceUid(), value(list, TagFromName.SeriesInstanceUID));
        assertEquals("902", value(list, TagFromName.SeriesNumber));
        assertEquals("20261127", value(list, TagFromName.SeriesDate));
        assertEquals("104207", value(list, TagFromName.SeriesTime));
        assertEquals(volume.studyInstanceUid(), value(list, TagFromName.StudyInstanceUID));
        assertEquals("Phantom^Liver", value(list, TagFromName.PatientName));
        assertEquals("ACC0001", value(list, TagFromName.AccessionNumber));
        assertEquals(volume.frameOfReferenceUid(), value(list, TagFromName.FrameOfReferenceUID));
        assertEquals(0, list.get(TagFromName.PositionReferenceIndicator).getVM());
        assertEquals("livernode", value(list, TagFromName.Manufacturer));
        assertEquals("node-01", value(list, TagFromName.DeviceSerialNumber));
        assertEquals("0.1.0", value(list, TagFromName.SoftwareVersions));
        assertEquals("Liver", value(list, TagFromName.StructureSetLabel));
        assertEquals("20261127", value(list, TagFromName.StructureSetDate));
        assertEquals("104207", value(list, TagFromName.StructureSetTime));
        assertEquals("1", value(list, TagFromName.InstanceNumber));
        assertEquals(List.of(), StructureSetFixtures.longDecimalStrings(list));
    }

    /** The source's PositionReferenceIndicator describes its own frame of reference only, not a derived one. */
    @Test
    void thePositionReferenceIndicatorIsTheSourcesUnlessTheFrameOfReferenceWasDerived() throws Exception {
        CtVolume volume = StructureSetFixtures.volume(new CtPhantom().slices(3).write(folder.resolve("ct")));
        Map<Tag, InstanceHeader.Element> elements = new HashMap<>(volume.header().elements());
        elements.put(Tag.PositionReferenceIndicator, new InstanceHeader.Element("LO", true, List.of("XY")));
        InstanceHeader source = new InstanceHeader(elements);
        SegmentationMask mask = StructureSetFixtures.liverByValue(volume);
        for (boolean derived : new boolean[] {false, true}) {
            CtVolume withIndicator = new CtVolume(volume.seriesInstanceUid(), volume.studyInstanceUid(), volume.frameOfReferenceUid(),
                    derived, volume.slices(), source);
            Path file = folder.resolve("rtstruct-" + derived + ".dcm");
            new DicomStructureSet(withIndicator, mask, StructureSetFixtures.liver(), StructureSetFixtures.identity(volume)).write(file);
            AttributeList list = new AttributeList();
            list.read(file.toString());
            assertEquals(derived ? 0 : 1, list.get(TagFromName.PositionReferenceIndicator).getVM(), "derived " + derived);
            if (!derived) {
                assertEquals("XY", value(list, TagFromName.PositionReferenceIndicator));
            }
        }
    }

    @Test
    void everySourceSliceIsListedUnderItsFrameOfReferenceStudyAndSeries() throws Exception {
        Written written = write(new CtPhantom().withoutFrameOfReference(), false, StructureSetFixtures.liver());
        CtVolume volume = written.volume();
        AttributeList frame = only(written.list(), RtTags.REFERENCED_FRAME_OF_REFERENCE_SEQUENCE);
        assertEquals(volume.frameOfReferenceUid(), value(frame, TagFromName.FrameOfReferenceUID), "the derived frame of reference");
        AttributeList study = only(frame, RtTags.RT_REFERENCED_STUDY_SEQUENCE);
        assertEquals("1.2.840.10008.3.1.2.3.1", value(study, TagFromName.ReferencedSOPClassUID));
        assertEquals(volume.studyInstanceUid(), value(study, TagFromName.ReferencedSOPInstanceUID));
        AttributeList series = only(study, RtTags.RT_REFERENCED_SERIES_SEQUENCE);
        assertEquals(volume.seriesInstanceUid(), value(series, TagFromName.SeriesInstanceUID));
        List<AttributeList> images = items(series, RtTags.CONTOUR_IMAGE_SEQUENCE);
        assertEquals(volume.depth(), images.size());
        for (int z = 0; z < volume.depth(); z++) {
            assertEquals(volume.slices().get(z).sopInstanceUid(), value(images.get(z), TagFromName.ReferencedSOPInstanceUID));
            assertEquals(volume.slices().get(z).sopClassUid(), value(images.get(z), TagFromName.ReferencedSOPClassUID));
        }
    }

    @Test
    void theRoiIsTheLiverByTheModelInItsColourInterpretedAsAnOrgan() throws Exception {
        AttributeList list = write(new CtPhantom(), false, StructureSetFixtures.liver()).list();
        AttributeList roi = only(list, RtTags.STRUCTURE_SET_ROI_SEQUENCE);
        assertEquals("1", value(roi, RtTags.ROI_NUMBER));
        assertEquals(value(list, TagFromName.FrameOfReferenceUID), value(roi, TagFromName.ReferencedFrameOfReferenceUID));
        assertEquals("Liver", value(roi, RtTags.ROI_NAME));
        assertEquals("AUTOMATIC", value(roi, RtTags.ROI_GENERATION_ALGORITHM));
        assertEquals("livernode-liver 1.0.0", value(roi, RtTags.ROI_GENERATION_DESCRIPTION));

        AttributeList contours = only(list, RtTags.ROI_CONTOUR_SEQUENCE);
        assertEquals("1", value(contours, RtTags.REFERENCED_ROI_NUMBER));
        assertArrayEquals(new String[] {"221", "130", "101"}, contours.get(RtTags.ROI_DISPLAY_COLOR).getStringValues());

        AttributeList observation = only(list, RtTags.RT_ROI_OBSERVATIONS_SEQUENCE);
        assertEquals("1", value(observation, RtTags.REFERENCED_ROI_NUMBER));
        assertEquals("ORGAN", value(observation, RtTags.RT_ROI_INTERPRETED_TYPE));
        assertEquals(0, observation.get(RtTags.ROI_INTERPRETER).getVM(), "ROIInterpreter is present and empty");
        AttributeList code = only(observation, RtTags.RT_ROI_IDENTIFICATION_CODE_SEQUENCE);
        assertEquals("10200004", value(code, TagFromName.CodeValue));
        assertEquals("SCT", value(code, TagFromName.CodingSchemeDesignator));
    }

    @Test
    void aManuallyDrawnRoiNamesNoAlgorithm() throws Exception {
        SegmentDescription manual = new SegmentDescription("Liver", new CodedConcept("123037004", "SCT", "Anatomical Structure"),
                new CodedConcept("10200004", "SCT", "Liver"), "MANUAL", null, null, OutputFixtures.LIVER_RGB);
        AttributeList roi = only(write(new CtPhantom().slices(4), false, manual).list(), RtTags.STRUCTURE_SET_ROI_SEQUENCE);
        assertEquals("MANUAL", value(roi, RtTags.ROI_GENERATION_ALGORITHM));
        assertNull(roi.get(RtTags.ROI_GENERATION_DESCRIPTION));
    }

    @Test
    void contoursAreNumberedAndEachReferencesTheSliceItWasTracedOn() throws Exception {
        Written written = write(new CtPhantom(), false, StructureSetFixtures.liver());
        List<AttributeList> contours = items(only(written.list(), RtTags.ROI_CONTOUR_SEQUENCE), RtTags.CONTOUR_SEQUENCE);
        List<String> slicesWithLiver = new ArrayList<>();
        for (int z = 0; z < written.volume().depth(); z++) {
            if (written.mask().count(z) > 0) {
                slicesWithLiver.add(written.volume().slices().get(z).sopInstanceUid());
            }
        }
        List<String> referenced = new ArrayList<>();
        for (int i = 0; i < contours.size(); i++) {
            AttributeList contour = contours.get(i);
            assertEquals(Integer.toString(i + 1), value(contour, RtTags.CONTOUR_NUMBER));
            assertEquals("CLOSED_PLANAR", value(contour, RtTags.CONTOUR_GEOMETRIC_TYPE));
            AttributeList image = only(contour, RtTags.CONTOUR_IMAGE_SEQUENCE);
            assertEquals(SOPClass.CTImageStorage, value(image, TagFromName.ReferencedSOPClassUID));
            referenced.add(value(image, TagFromName.ReferencedSOPInstanceUID));
        }
        assertEquals(slicesWithLiver, referenced, "the ellipsoid has one contour on each slice it reaches, in volume order");
    }

    /** Outer contours run counter-clockwise about the slice normal, whatever the orientation of the slices. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.livernode.output.rtstruct.StructureSetFixtures#phantomCases")
    void outerContoursRunCounterClockwiseAboutTheSliceNormal(StructureSetFixtures.PhantomCase phantomCase) throws Exception {
        Written written = write(phantomCase.phantom(), phantomCase.emptyMask(), StructureSetFixtures.liver());
        AttributeList roiContour = only(written.list(), RtTags.ROI_CONTOUR_SEQUENCE);
        if (phantomCase.emptyMask()) {
            assertNull(roiContour.get(RtTags.CONTOUR_SEQUENCE), "an empty mask has no contours");
            return;
        }
        for (AttributeList contour : items(roiContour, RtTags.CONTOUR_SEQUENCE)) {
            String uid = value(only(contour, RtTags.CONTOUR_IMAGE_SEQUENCE), TagFromName.ReferencedSOPInstanceUID);
            CtSlice slice = written.volume().slices().stream().filter(s -> s.sopInstanceUid().equals(uid)).findFirst().orElseThrow();
            double[] data = contour.get(TagFromName.ContourData).getDoubleValues();
            assertEquals(Integer.parseInt(value(contour, RtTags.NUMBER_OF_CONTOUR_POINTS)) * 3, data.length);
            // Newell's method: twice the area vector of the polygon.
            Vec3 area = new Vec3(0, 0, 0);
            for (int i = 0; i < data.length; i += 3) {
                int j = (i + 3) % data.length;
                Vec3 a = new Vec3(data[i], data[i + 1], data[i + 2]), b = new Vec3(data[j], data[j + 1], data[j + 2]);
                area = area.plus(a.cross(b));
            }
            assertTrue(area.dot(slice.geometry().normal()) > 0, "the contour on " + uid + " runs clockwise about the normal");
        }
    }

    @Test
    void anEmptyMaskGivesTheRoiWithoutContours() throws Exception {
        AttributeList list = write(new CtPhantom().slices(5), true, StructureSetFixtures.liver()).list();
        assertEquals("Liver", value(only(list, RtTags.STRUCTURE_SET_ROI_SEQUENCE), RtTags.ROI_NAME));
        AttributeList roiContour = only(list, RtTags.ROI_CONTOUR_SEQUENCE);
        assertEquals("1", value(roiContour, RtTags.REFERENCED_ROI_NUMBER));
        assertNull(roiContour.get(RtTags.CONTOUR_SEQUENCE));
        assertEquals(5, items(only(only(only(list, RtTags.REFERENCED_FRAME_OF_REFERENCE_SEQUENCE), RtTags.RT_REFERENCED_STUDY_SEQUENCE),
                RtTags.RT_REFERENCED_SERIES_SEQUENCE), RtTags.CONTOUR_IMAGE_SEQUENCE).size(), "the slices are referenced all the same");
    }

    /** As every output of the node: sequences and items with explicit lengths, so that a PACS keeps the bytes as sent. */
    @Test
    void sequencesHaveExplicitLengths() throws Exception {
        write(new CtPhantom().slices(3), false, StructureSetFixtures.liver());
        String hex = HexFormat.of().formatHex(Files.readAllBytes(folder.resolve("rtstruct.dcm")));
        assertFalse(hex.contains("feffdde0"), "a sequence delimitation item");
        assertFalse(hex.contains("feff0de0"), "an item delimitation item");
    }

    @Test
    void writingLeavesNoPartialFile() throws Exception {
        write(new CtPhantom().slices(3), false, StructureSetFixtures.liver());
        try (var listing = Files.list(folder)) {
            assertEquals(List.of("ct", "rtstruct.dcm"), listing.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
