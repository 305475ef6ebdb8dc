package org.livernode.output.seg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.livernode.output.ReadBack.at;
import static org.livernode.output.ReadBack.code;
import static org.livernode.output.ReadBack.only;
import static org.livernode.output.ReadBack.value;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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

/** What the written SEG holds, read back with PixelMed. */
class DicomSegmentationContentTest {

    @TempDir
    static Path folder;
    private static CtPhantom phantom;
    private static CtVolume volume;
    private static OutputIdentity identity;
    private static AttributeList seg;

    @BeforeAll
    static void writeAndRead() throws Exception {
        phantom = new CtPhantom().slices(12).patient("M\u00fcller^J\u00f6rg", "P-7");
        volume = OutputFixtures.volume(phantom, folder.resolve("ct"));
        identity = OutputFixtures.segIdentity(volume);
        seg = writeAndRead(volume, OutputFixtures.liverMask(phantom, volume), identity, "seg.dcm");
    }

    private static AttributeList writeAndRead(CtVolume v, SegmentationMask mask, OutputIdentity id, String name)
            throws IOException, DicomException {
        Path file = folder.resolve(name);
        new DicomSegmentation(v, mask, OutputFixtures.liver(), id, EmptyFrames.INCLUDE).write(file);
        return ReadBack.read(file);
    }

    @Test
    void itIsABinarySegmentationInExplicitLittleEndian() {
        assertEquals("1.2.840.10008.5.1.4.1.1.66.4", value(seg, TagFromName.SOPClassUID));
        assertEquals("1.2.840.10008.1.2.1", value(seg, TagFromName.TransferSyntaxUID));
        assertEquals("BINARY", value(seg, TagFromName.SegmentationType));
        assertArrayEquals(new String[] {"DERIVED", "PRIMARY"}, Attribute.getStringValues(seg, TagFromName.ImageType));
        for (AttributeTag tag : new AttributeTag[] {TagFromName.BitsAllocated, TagFromName.BitsStored, TagFromName.SamplesPerPixel}) {
            assertEquals("1", value(seg, tag), tag.toString());
        }
        assertEquals("0", value(seg, TagFromName.HighBit));
        assertEquals("0", value(seg, TagFromName.PixelRepresentation));
        assertEquals("MONOCHROME2", value(seg, TagFromName.PhotometricInterpretation));
        assertEquals("00", value(seg, TagFromName.LossyImageCompression));
        assertEquals("12", value(seg, TagFromName.NumberOfFrames));
        assertEquals(12 * 64 * 64 / 8, seg.get(TagFromName.PixelData).getVL());
    }

    @Test
    void theSegmentDescribesAnAutomaticLiverSegmentation() throws DicomException {
        AttributeList segment = only(seg, TagFromName.SegmentSequence);
        assertEquals(1, ((SequenceAttribute) seg.get(TagFromName.SegmentSequence)).getNumberOfItems());
        assertEquals("1", value(segment, TagFromName.SegmentNumber));
        assertEquals("Liver", value(segment, TagFromName.SegmentLabel));
        assertEquals(List.of("123037004", "SCT", "Anatomical Structure"), code(segment, TagFromName.SegmentedPropertyCategoryCodeSequence));
        assertEquals(List.of("10200004", "SCT", "Liver"), code(segment, TagFromName.SegmentedPropertyTypeCodeSequence));
        assertEquals("AUTOMATIC", value(segment, TagFromName.SegmentAlgorithmType));
        assertEquals(OutputFixtures.MODEL_NAME, value(segment, at(Tag.SegmentAlgorithmName)));
        AttributeList algorithm = only(segment, at(Tag.SegmentationAlgorithmIdentificationSequence));
        assertEquals(List.of("123110", "DCM", "Artificial Intelligence"), code(algorithm, at(Tag.AlgorithmFamilyCodeSequence)));
        assertEquals(OutputFixtures.MODEL_NAME, value(algorithm, at(Tag.AlgorithmName)));
        assertEquals(OutputFixtures.MODEL_VERSION, value(algorithm, at(Tag.AlgorithmVersion)));
        // dcmqi's reference SEG of the same colour (shared/data/dcmqi-ct3/liver.dcm) holds exactly these values.
        assertArrayEquals(new int[] {41661, 41167, 40792}, segment.get(TagFromName.RecommendedDisplayCIELabValue).getIntegerValues());
    }

    @Test
    void identityEquipmentAndContentAreThoseGiven() {
        ReadBack.assertCommonModules(seg, volume, identity, "SEG", "901");
        assertEquals(volume.frameOfReferenceUid(), ReadBack.value(seg, TagFromName.FrameOfReferenceUID));
        assertEquals("1", value(seg, TagFromName.InstanceNumber));
        assertEquals("20261127", value(seg, TagFromName.ContentDate));
        assertEquals("104207", value(seg, TagFromName.ContentTime));
        assertEquals("LIVER", value(seg, TagFromName.ContentLabel));
        assertEquals("Liver segmentation by livernode-liver 1.0.0", value(seg, TagFromName.ContentDescription));
        assertTrue(seg.containsKey(TagFromName.ContentCreatorName));
    }

    @Test
    void patientAndStudyComeFromTheSourceInTheirOwnCharacterSet() {
        assertEquals("M\u00fcller^J\u00f6rg", value(seg, TagFromName.PatientName));
        assertEquals("ISO_IR 100", value(seg, TagFromName.SpecificCharacterSet));
        assertEquals("P-7", value(seg, TagFromName.PatientID));
    }

    @Test
    void sharedGroupsHoldTheGridOfTheVolume() {
        AttributeList shared = only(seg, TagFromName.SharedFunctionalGroupsSequence);
        assertArrayEquals(new String[] {"1", "0", "0", "0", "1", "0"},
                Attribute.getStringValues(only(shared, TagFromName.PlaneOrientationSequence), TagFromName.ImageOrientationPatient));
        AttributeList measures = only(shared, TagFromName.PixelMeasuresSequence);
        assertArrayEquals(new String[] {"4", "4"}, Attribute.getStringValues(measures, TagFromName.PixelSpacing));
        assertEquals("4", value(measures, TagFromName.SliceThickness));
        assertEquals("4", value(measures, TagFromName.SpacingBetweenSlices));
    }

    @Test
    void eachFrameReferencesItsSourceSliceAndLiesWhereItLies() {
        SequenceAttribute perFrame = (SequenceAttribute) seg.get(TagFromName.PerFrameFunctionalGroupsSequence);
        assertEquals(volume.depth(), perFrame.getNumberOfItems());
        for (int f = 0; f < volume.depth(); f++) {
            CtSlice slice = volume.slices().get(f);
            AttributeList frame = perFrame.getItem(f).getAttributeList();
            AttributeList derivation = only(frame, TagFromName.DerivationImageSequence);
            AttributeList source = only(derivation, TagFromName.SourceImageSequence);
            assertEquals(slice.sopInstanceUid(), value(source, TagFromName.ReferencedSOPInstanceUID), "frame " + f);
            assertEquals(slice.sopClassUid(), value(source, TagFromName.ReferencedSOPClassUID), "frame " + f);
            assertEquals(List.of("121322", "DCM", "Source image for image processing operation"),
                    code(source, TagFromName.PurposeOfReferenceCodeSequence));
            assertEquals(List.of("113076", "DCM", "Segmentation"), code(derivation, TagFromName.DerivationCodeSequence));
            double[] position = Attribute.getDoubleValues(only(frame, TagFromName.PlanePositionSequence), TagFromName.ImagePositionPatient);
            assertTrue(Vec3.of(position).closeTo(slice.geometry().position(), 1e-9), "frame " + f + " position");
            assertArrayEquals(new int[] {1, f + 1},
                    Attribute.getIntegerValues(only(frame, TagFromName.FrameContentSequence), TagFromName.DimensionIndexValues));
            assertEquals("1", value(only(frame, TagFromName.SegmentIdentificationSequence), TagFromName.ReferencedSegmentNumber));
        }
    }

    @Test
    void dimensionsAreSegmentThenPosition() throws DicomException {
        String organization = value(only(seg, TagFromName.DimensionOrganizationSequence), TagFromName.DimensionOrganizationUID);
        assertTrue(organization != null && organization.startsWith("2.25."), organization);
        SequenceAttribute index = (SequenceAttribute) seg.get(TagFromName.DimensionIndexSequence);
        assertEquals(2, index.getNumberOfItems());
        AttributeTag[][] expected = {
            {TagFromName.ReferencedSegmentNumber, TagFromName.SegmentIdentificationSequence},
            {TagFromName.ImagePositionPatient, TagFromName.PlanePositionSequence}};
        for (int i = 0; i < 2; i++) {
            AttributeList dimension = index.getItem(i).getAttributeList();
            assertEquals(organization, value(dimension, TagFromName.DimensionOrganizationUID));
            assertEquals(expected[i][0], ((AttributeTagAttribute) dimension.get(TagFromName.DimensionIndexPointer)).getAttributeTagValues()[0]);
            assertEquals(expected[i][1], ((AttributeTagAttribute) dimension.get(TagFromName.FunctionalGroupPointer)).getAttributeTagValues()[0]);
        }
    }

    @Test
    void theReferencedSeriesListsEverySourceInstance() {
        SequenceAttribute series = (SequenceAttribute) seg.get(TagFromName.ReferencedSeriesSequence);
        assertEquals(1, series.getNumberOfItems());
        AttributeList item = series.getItem(0).getAttributeList();
        assertEquals(volume.seriesInstanceUid(), value(item, TagFromName.SeriesInstanceUID));
        SequenceAttribute instances = (SequenceAttribute) item.get(TagFromName.ReferencedInstanceSequence);
        List<String> referenced = new ArrayList<>();
        for (int i = 0; i < instances.getNumberOfItems(); i++) {
            referenced.add(value(instances.getItem(i).getAttributeList(), TagFromName.ReferencedSOPInstanceUID));
        }
        assertEquals(volume.slices().stream().map(CtSlice::sopInstanceUid).toList(), referenced);
    }

    @Test
    void aDerivedFrameOfReferenceIsUsedWithoutAPositionReference() throws Exception {
        CtPhantom noFrame = new CtPhantom().slices(3).withoutFrameOfReference();
        CtVolume v = OutputFixtures.volume(noFrame, folder.resolve("ct-no-frame"));
        assertTrue(v.frameOfReferenceDerived());
        AttributeList list = writeAndRead(v, OutputFixtures.liverMask(noFrame, v), OutputFixtures.segIdentity(v), "derived-frame.dcm");
        assertEquals(v.frameOfReferenceUid(), value(list, TagFromName.FrameOfReferenceUID));
        assertEquals(0, list.get(TagFromName.PositionReferenceIndicator).getVM());
    }

    @Test
    void unevenlySpacedSlicesHaveNoSpacingBetweenSlices() throws Exception {
        List<CtSlice> slices = new ArrayList<>(volume.slices());
        slices.remove(5);
        CtVolume gap = new CtVolume(volume.seriesInstanceUid(), volume.studyInstanceUid(), volume.frameOfReferenceUid(), false, slices,
                volume.header());
        AttributeList list = writeAndRead(gap, new SegmentationMask(11, 64, 64), OutputFixtures.segIdentity(gap), "gap.dcm");
        AttributeList measures = only(only(list, TagFromName.SharedFunctionalGroupsSequence), TagFromName.PixelMeasuresSequence);
        assertNull(measures.get(TagFromName.SpacingBetweenSlices));
        assertEquals("4", value(measures, TagFromName.SliceThickness));
    }

    @Test
    void anyLabelBecomesAValidContentLabel() throws Exception {
        SegmentDescription accented = new SegmentDescription("L\u00e9ber-Segment #1 of the left lobe", OutputFixtures.liver().category(),
                OutputFixtures.liver().type(), "AUTOMATIC", OutputFixtures.MODEL_NAME, OutputFixtures.MODEL_VERSION, OutputFixtures.LIVER_RGB);
        Path file = folder.resolve("label.dcm");
        new DicomSegmentation(volume, new SegmentationMask(12, 64, 64), accented, identity, EmptyFrames.INCLUDE).write(file);
        AttributeList list = ReadBack.read(file);
        assertEquals("L_BER_SEGMENT _1", value(list, TagFromName.ContentLabel));
        assertEquals("L\u00e9ber-Segment #1 of the left lobe", value(only(list, TagFromName.SegmentSequence), TagFromName.SegmentLabel));
    }

    @Test
    void writingLeavesNoPartialFileBehind() throws Exception {
        try (var files = Files.list(folder)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".part")));
        }
    }
}
