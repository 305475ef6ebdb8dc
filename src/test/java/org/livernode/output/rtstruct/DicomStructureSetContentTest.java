package org.livernode.output.rtstruct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.livernode.output.ReadBack.at;
import static org.livernode.output.ReadBack.items;
import static org.livernode.output.ReadBack.only;
import static org.livernode.output.ReadBack.value;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
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
import org.livernode.dicom.CodedConcept;
import org.livernode.dicom.InstanceHeader;
import org.livernode.dicom.Tag;
import org.livernode.output.OutputIdentity;
import org.livernode.output.ReadBack;
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
        CtVolume volume = OutputFixtures.volume(phantom, folder.resolve("ct"));
        SegmentationMask mask = emptyMask
                ? new SegmentationMask(volume.depth(), volume.rows(), volume.columns())
                : StructureSetFixtures.liverByValue(volume);
        OutputIdentity identity = OutputFixtures.structureSetIdentity(volume);
        Path file = folder.resolve("rtstruct.dcm");
        new DicomStructureSet(volume, mask, segment, identity).write(file);
        return new Written(volume, mask, identity, ReadBack.read(file));
    }

    @Test
    void theHeaderNamesTheStudySeriesFrameOfReferenceAndMaker() throws Exception {
        Written written = write(new CtPhantom(), false, OutputFixtures.liver());
        AttributeList list = written.list();
        CtVolume volume = written.volume();

        assertEquals(TransferSyntax.ImplicitVRLittleEndian, value(list, TagFromName.TransferSyntaxUID));
        assertEquals("1.2.840.10008.5.1.4.1.1.481.3", value(list, TagFromName.SOPClassUID));
        ReadBack.assertCommonModules(list, volume, written.identity(), "RTSTRUCT", "902");
        assertEquals(volume.frameOfReferenceUid(), ReadBack.value(list, TagFromName.FrameOfReferenceUID));
        assertEquals("Phantom^Liver", value(list, TagFromName.PatientName));
        assertEquals(0, list.get(TagFromName.PositionReferenceIndicator).getVM());
        assertEquals("Liver", value(list, TagFromName.StructureSetLabel));
        assertEquals("20261127", value(list, TagFromName.StructureSetDate));
        assertEquals("104207", value(list, TagFromName.StructureSetTime));
        assertEquals("1", value(list, TagFromName.InstanceNumber));
        assertEquals(List.of(), ReadBack.uncleanValues(list));
    }

    /** The source's PositionReferenceIndicator describes its own frame of reference only, not a derived one. */
    @Test
    void thePositionReferenceIndicatorIsTheSourcesUnlessTheFrameOfReferenceWasDerived() throws Exception {
        CtVolume volume = OutputFixtures.volume(new CtPhantom().slices(3), folder.resolve("ct"));
        Map<Tag, InstanceHeader.Element> elements = new HashMap<>(volume.header().elements());
        elements.put(Tag.PositionReferenceIndicator, new InstanceHeader.Element("LO", true, List.of("XY")));
        InstanceHeader source = new InstanceHeader(elements);
        SegmentationMask mask = StructureSetFixtures.liverByValue(volume);
        for (boolean derived : new boolean[] {false, true}) {
            CtVolume withIndicator = new CtVolume(volume.seriesInstanceUid(), volume.studyInstanceUid(), volume.frameOfReferenceUid(),
                    derived, volume.slices(), source);
            Path file = folder.resolve("rtstruct-" + derived + ".dcm");
            new DicomStructureSet(withIndicator, mask, OutputFixtures.liver(), OutputFixtures.structureSetIdentity(volume)).write(file);
            AttributeList list = ReadBack.read(file);
            assertEquals(derived ? 0 : 1, list.get(TagFromName.PositionReferenceIndicator).getVM(), "derived " + derived);
            if (!derived) {
                assertEquals("XY", value(list, TagFromName.PositionReferenceIndicator));
            }
        }
    }

    @Test
    void everySourceSliceIsListedUnderItsFrameOfReferenceStudyAndSeries() throws Exception {
        Written written = write(new CtPhantom().withoutFrameOfReference(), false, OutputFixtures.liver());
        CtVolume volume = written.volume();
        AttributeList frame = only(written.list(), at(Tag.ReferencedFrameOfReferenceSequence));
        assertEquals(volume.frameOfReferenceUid(), value(frame, TagFromName.FrameOfReferenceUID), "the derived frame of reference");
        AttributeList study = only(frame, at(Tag.RTReferencedStudySequence));
        assertEquals("1.2.840.10008.3.1.2.3.1", value(study, TagFromName.ReferencedSOPClassUID));
        assertEquals(volume.studyInstanceUid(), value(study, TagFromName.ReferencedSOPInstanceUID));
        AttributeList series = only(study, at(Tag.RTReferencedSeriesSequence));
        assertEquals(volume.seriesInstanceUid(), value(series, TagFromName.SeriesInstanceUID));
        List<AttributeList> images = items(series, at(Tag.ContourImageSequence));
        assertEquals(volume.depth(), images.size());
        for (int z = 0; z < volume.depth(); z++) {
            assertEquals(volume.slices().get(z).sopInstanceUid(), value(images.get(z), TagFromName.ReferencedSOPInstanceUID));
            assertEquals(volume.slices().get(z).sopClassUid(), value(images.get(z), TagFromName.ReferencedSOPClassUID));
        }
    }

    @Test
    void theRoiIsTheLiverByTheModelInItsColourInterpretedAsAnOrgan() throws Exception {
        AttributeList list = write(new CtPhantom(), false, OutputFixtures.liver()).list();
        AttributeList roi = only(list, at(Tag.StructureSetROISequence));
        assertEquals("1", value(roi, at(Tag.ROINumber)));
        assertEquals(value(list, TagFromName.FrameOfReferenceUID), value(roi, TagFromName.ReferencedFrameOfReferenceUID));
        assertEquals("Liver", value(roi, at(Tag.ROIName)));
        assertEquals("AUTOMATIC", value(roi, at(Tag.ROIGenerationAlgorithm)));
        assertEquals("livernode-liver 1.0.0", value(roi, at(Tag.ROIGenerationDescription)));

        AttributeList contours = only(list, at(Tag.ROIContourSequence));
        assertEquals("1", value(contours, at(Tag.ReferencedROINumber)));
        assertArrayEquals(new String[] {"221", "130", "101"}, contours.get(at(Tag.ROIDisplayColor)).getStringValues());

        AttributeList observation = only(list, at(Tag.RTROIObservationsSequence));
        assertEquals("1", value(observation, at(Tag.ReferencedROINumber)));
        assertEquals("ORGAN", value(observation, at(Tag.RTROIInterpretedType)));
        assertEquals(0, observation.get(at(Tag.ROIInterpreter)).getVM(), "ROIInterpreter is present and empty");
        assertEquals(List.of("10200004", "SCT", "Liver"), ReadBack.code(observation, at(Tag.RTROIIdentificationCodeSequence)));
    }

    @Test
    void aManuallyDrawnRoiNamesNoAlgorithm() throws Exception {
        SegmentDescription manual = new SegmentDescription("Liver", new CodedConcept("123037004", "SCT", "Anatomical Structure"),
                new CodedConcept("10200004", "SCT", "Liver"), "MANUAL", null, null, OutputFixtures.LIVER_RGB);
        AttributeList roi = only(write(new CtPhantom().slices(4), false, manual).list(), at(Tag.StructureSetROISequence));
        assertEquals("MANUAL", value(roi, at(Tag.ROIGenerationAlgorithm)));
        assertNull(roi.get(at(Tag.ROIGenerationDescription)));
    }

    @Test
    void contoursAreNumberedAndEachReferencesTheSliceItWasTracedOn() throws Exception {
        Written written = write(new CtPhantom(), false, OutputFixtures.liver());
        List<AttributeList> contours = items(only(written.list(), at(Tag.ROIContourSequence)), at(Tag.ContourSequence));
        List<String> slicesWithLiver = new ArrayList<>();
        for (int z = 0; z < written.volume().depth(); z++) {
            if (written.mask().count(z) > 0) {
                slicesWithLiver.add(written.volume().slices().get(z).sopInstanceUid());
            }
        }
        List<String> referenced = new ArrayList<>();
        for (int i = 0; i < contours.size(); i++) {
            AttributeList contour = contours.get(i);
            assertEquals(Integer.toString(i + 1), value(contour, at(Tag.ContourNumber)));
            assertEquals("CLOSED_PLANAR", value(contour, at(Tag.ContourGeometricType)));
            AttributeList image = only(contour, at(Tag.ContourImageSequence));
            assertEquals(SOPClass.CTImageStorage, value(image, TagFromName.ReferencedSOPClassUID));
            referenced.add(value(image, TagFromName.ReferencedSOPInstanceUID));
        }
        assertEquals(slicesWithLiver, referenced, "the ellipsoid has one contour on each slice it reaches, in volume order");
    }

    /** Outer contours run counter-clockwise about the slice normal, whatever the orientation of the slices. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.livernode.testing.OutputFixtures#phantomCases")
    void outerContoursRunCounterClockwiseAboutTheSliceNormal(OutputFixtures.PhantomCase phantomCase) throws Exception {
        Written written = write(phantomCase.phantom(), phantomCase.emptyMask(), OutputFixtures.liver());
        AttributeList roiContour = only(written.list(), at(Tag.ROIContourSequence));
        if (phantomCase.emptyMask()) {
            assertNull(roiContour.get(at(Tag.ContourSequence)), "an empty mask has no contours");
            return;
        }
        for (AttributeList contour : items(roiContour, at(Tag.ContourSequence))) {
            String uid = value(only(contour, at(Tag.ContourImageSequence)), TagFromName.ReferencedSOPInstanceUID);
            CtSlice slice = written.volume().slices().stream().filter(s -> s.sopInstanceUid().equals(uid)).findFirst().orElseThrow();
            double[] data = contour.get(TagFromName.ContourData).getDoubleValues();
            assertEquals(Integer.parseInt(value(contour, at(Tag.NumberOfContourPoints))) * 3, data.length);
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
        AttributeList list = write(new CtPhantom().slices(5), true, OutputFixtures.liver()).list();
        assertEquals("Liver", value(only(list, at(Tag.StructureSetROISequence)), at(Tag.ROIName)));
        AttributeList roiContour = only(list, at(Tag.ROIContourSequence));
        assertEquals("1", value(roiContour, at(Tag.ReferencedROINumber)));
        assertNull(roiContour.get(at(Tag.ContourSequence)));
        assertEquals(5, items(only(only(only(list, at(Tag.ReferencedFrameOfReferenceSequence)), at(Tag.RTReferencedStudySequence)),
                at(Tag.RTReferencedSeriesSequence)), at(Tag.ContourImageSequence)).size(), "the slices are referenced all the same");
    }

    /** As every output of the node: sequences and items with explicit lengths, so that a PACS keeps the bytes as sent. */
    @Test
    void sequencesHaveExplicitLengths() throws Exception {
        write(new CtPhantom().slices(3), false, OutputFixtures.liver());
        String hex = HexFormat.of().formatHex(Files.readAllBytes(folder.resolve("rtstruct.dcm")));
        assertFalse(hex.contains("feffdde0"), "a sequence delimitation item");
        assertFalse(hex.contains("feff0de0"), "an item delimitation item");
    }

    @Test
    void writingLeavesNoPartialFile() throws Exception {
        write(new CtPhantom().slices(3), false, OutputFixtures.liver());
        try (var listing = Files.list(folder)) {
            assertEquals(List.of("ct", "rtstruct.dcm"), listing.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
