package org.livernode.output.seg;

import static org.livernode.output.DicomAttributes.put;
import static org.livernode.output.DicomAttributes.putCode;
import static org.livernode.output.DicomAttributes.putSequence;
import static org.livernode.output.DicomAttributes.referencedInstance;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.utils.ColorUtilities;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.livernode.dicom.DerivedUid;
import org.livernode.output.CodedConcept;
import org.livernode.output.CommonModules;
import org.livernode.dicom.Tag;
import org.livernode.output.DicomValues;
import org.livernode.output.OutputIdentity;
import org.livernode.output.Part10File;
import org.livernode.output.SegmentDescription;
import org.livernode.output.SourceChecks;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.SliceGeometry;
import org.livernode.volume.Vec3;

/**
 * A DICOM Segmentation Storage instance (BINARY, one segment) of a mask on the grid of a CT volume: one frame
 * per source slice, in the volume's order, each frame referencing its source slice and carrying its
 * position, as dcmqi and highdicom write them. The constructor checks the inputs and builds the object;
 * {@link #write} stores it as a DICOM Part 10 file in Explicit VR Little Endian.
 */
public final class DicomSegmentation {

    /** Grids, positions and spacings that differ by less than this (mm) are the same. */
    private static final double TOLERANCE_MM = 1e-3;
    private static final int SEGMENT_NUMBER = 1;

    // Newer than PixelMed's TagFromName.
    private static final AttributeTag SEGMENTATION_ALGORITHM_IDENTIFICATION_SEQUENCE = new AttributeTag(0x0062, 0x0007);
    private static final AttributeTag SEGMENT_ALGORITHM_NAME = new AttributeTag(0x0062, 0x0009);
    private static final AttributeTag SEGMENTS_OVERLAP = new AttributeTag(0x0062, 0x0013);
    private static final AttributeTag ALGORITHM_FAMILY_CODE_SEQUENCE = new AttributeTag(0x0066, 0x002F);
    private static final AttributeTag ALGORITHM_VERSION = new AttributeTag(0x0066, 0x0031);
    private static final AttributeTag ALGORITHM_NAME = new AttributeTag(0x0066, 0x0036);

    /** CID 7162 Surface Processing Algorithm Families: the node's algorithms are trained models. */
    private static final CodedConcept ARTIFICIAL_INTELLIGENCE = new CodedConcept("123110", "DCM", "Artificial Intelligence");
    private static final CodedConcept SOURCE_IMAGE = new CodedConcept("121322", "DCM", "Source image for image processing operation");
    private static final CodedConcept SEGMENTATION = new CodedConcept("113076", "DCM", "Segmentation");

    private final AttributeList attributes;

    /**
     * @param source the CT volume the mask was computed on; every slice is referenced
     * @param mask one plane per slice of {@code source}, same rows and columns
     * @param emptyFrames whether slices without segmented pixels get a frame
     * @throws IllegalArgumentException naming what is wrong when the mask does not fit the volume, the slices
     *         are not on one grid, or a UID of the source is not valid
     */
    public DicomSegmentation(CtVolume source, SegmentationMask mask, SegmentDescription segment, OutputIdentity identity,
            EmptyFrames emptyFrames) {
        SourceChecks.requireMaskFitsVolume(source, mask);
        requireOneGrid(source);
        SourceChecks.requireValidUids(source);
        SourceChecks.requireSourceAttributes(source);
        try {
            this.attributes = build(source, mask, segment, identity, emptyFrames.framedSlices(mask));
        } catch (DicomException e) {
            // Every value was checked above or comes from DicomValues, so PixelMed refusing one is a bug here.
            throw new IllegalStateException("PixelMed rejected a segmentation attribute: " + e.getMessage(), e);
        }
    }

    /** Writes the object to {@code file}, atomically (see {@link Part10File}). */
    public void write(Path file) throws IOException {
        Part10File.write(attributes, file);
    }

    private static void requireOneGrid(CtVolume volume) {
        SliceGeometry first = volume.slices().get(0).geometry();
        for (int i = 1; i < volume.depth(); i++) {
            if (!volume.slices().get(i).geometry().sameGridAs(first, TOLERANCE_MM)) {
                throw new IllegalArgumentException("slice " + i + " (" + volume.slices().get(i).sopInstanceUid()
                        + ") has another matrix, pixel spacing or orientation than slice 0; one segmentation needs one grid");
            }
        }
    }

    private static AttributeList build(CtVolume source, SegmentationMask mask, SegmentDescription segment,
            OutputIdentity identity, List<Integer> framedSlices) throws DicomException {
        AttributeList list = new AttributeList();

        CommonModules.put(list, SOPClass.SegmentationStorage, "SEG", source, identity);
        // General Image, Segmentation Image, Multi-frame Functional Groups
        put(list, TagFromName.InstanceNumber, Integer.toString(identity.instanceNumber()));
        put(list, TagFromName.ContentDate, identity.contentDate());
        put(list, TagFromName.ContentTime, identity.contentTime());
        put(list, TagFromName.ImageType, "DERIVED", "PRIMARY");
        put(list, TagFromName.ContentLabel, contentLabel(segment.label()));
        put(list, TagFromName.ContentDescription, contentDescription(segment));
        put(list, TagFromName.ContentCreatorName);
        put(list, TagFromName.SegmentationType, "BINARY");
        put(list, SEGMENTS_OVERLAP, "NO");
        putSequence(list, TagFromName.SegmentSequence, segmentItem(segment));
        put(list, TagFromName.NumberOfFrames, Integer.toString(framedSlices.size()));

        // Image Pixel
        put(list, TagFromName.SamplesPerPixel, "1");
        put(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        put(list, TagFromName.Rows, Integer.toString(source.rows()));
        put(list, TagFromName.Columns, Integer.toString(source.columns()));
        put(list, TagFromName.BitsAllocated, "1");
        put(list, TagFromName.BitsStored, "1");
        put(list, TagFromName.HighBit, "0");
        put(list, TagFromName.PixelRepresentation, "0");
        put(list, TagFromName.LossyImageCompression, "00");
        OtherByteAttribute pixelData = new OtherByteAttribute(TagFromName.PixelData);
        pixelData.setValues(BitPacking.pack(framedSlices.stream().map(mask::plane).toList()));
        list.put(pixelData);

        // Multi-frame Dimension: frames are indexed by segment, then by position
        String dimensionOrganizationUid = DerivedUid.of(List.of(identity.sopInstanceUid(), "DimensionOrganizationUID"));
        AttributeList organization = new AttributeList();
        put(organization, TagFromName.DimensionOrganizationUID, dimensionOrganizationUid);
        putSequence(list, TagFromName.DimensionOrganizationSequence, organization);
        putSequence(list, TagFromName.DimensionIndexSequence,
                dimensionIndex(dimensionOrganizationUid, TagFromName.ReferencedSegmentNumber,
                        TagFromName.SegmentIdentificationSequence, "ReferencedSegmentNumber"),
                dimensionIndex(dimensionOrganizationUid, TagFromName.ImagePositionPatient,
                        TagFromName.PlanePositionSequence, "ImagePositionPatient"));

        putSequence(list, TagFromName.SharedFunctionalGroupsSequence, sharedFunctionalGroups(source));
        List<AttributeList> perFrame = new ArrayList<>();
        for (int frame = 0; frame < framedSlices.size(); frame++) {
            perFrame.add(frameFunctionalGroups(source.slices().get(framedSlices.get(frame)), frame + 1));
        }
        putSequence(list, TagFromName.PerFrameFunctionalGroupsSequence, perFrame.toArray(AttributeList[]::new));

        // Common Instance Reference: every source instance, framed or not
        AttributeList referencedSeries = new AttributeList();
        put(referencedSeries, TagFromName.SeriesInstanceUID, source.seriesInstanceUid());
        List<AttributeList> instances = new ArrayList<>();
        for (CtSlice slice : source.slices()) {
            instances.add(referencedInstance(slice));
        }
        putSequence(referencedSeries, TagFromName.ReferencedInstanceSequence, instances.toArray(AttributeList[]::new));
        putSequence(list, TagFromName.ReferencedSeriesSequence, referencedSeries);

        list.insertSuitableSpecificCharacterSetForAllStringValues();
        return list;
    }

    private static AttributeList segmentItem(SegmentDescription segment) throws DicomException {
        AttributeList item = new AttributeList();
        put(item, TagFromName.SegmentNumber, Integer.toString(SEGMENT_NUMBER));
        put(item, TagFromName.SegmentLabel, segment.label());
        putCode(item, TagFromName.SegmentedPropertyCategoryCodeSequence, segment.category());
        putCode(item, TagFromName.SegmentedPropertyTypeCodeSequence, segment.type());
        put(item, TagFromName.SegmentAlgorithmType, segment.algorithmType());
        if (!"MANUAL".equals(segment.algorithmType())) {
            put(item, SEGMENT_ALGORITHM_NAME, segment.algorithmName());
            AttributeList algorithm = new AttributeList();
            putCode(algorithm, ALGORITHM_FAMILY_CODE_SEQUENCE, ARTIFICIAL_INTELLIGENCE);
            put(algorithm, ALGORITHM_NAME, segment.algorithmName());
            put(algorithm, ALGORITHM_VERSION, segment.algorithmVersion());
            putSequence(item, SEGMENTATION_ALGORITHM_IDENTIFICATION_SEQUENCE, algorithm);
        }
        int[] lab = ColorUtilities.getIntegerScaledCIELabPCSFromSRGB(segment.recommendedDisplayRgb());
        put(item, TagFromName.RecommendedDisplayCIELabValue,
                Integer.toString(lab[0]), Integer.toString(lab[1]), Integer.toString(lab[2]));
        return item;
    }

    private static AttributeList dimensionIndex(String organizationUid, AttributeTag pointer, AttributeTag functionalGroup, String label)
            throws DicomException {
        AttributeList item = new AttributeList();
        put(item, TagFromName.DimensionOrganizationUID, organizationUid);
        AttributeTagAttribute indexPointer = new AttributeTagAttribute(TagFromName.DimensionIndexPointer);
        indexPointer.addValue(pointer);
        item.put(indexPointer);
        AttributeTagAttribute groupPointer = new AttributeTagAttribute(TagFromName.FunctionalGroupPointer);
        groupPointer.addValue(functionalGroup);
        item.put(groupPointer);
        put(item, TagFromName.DimensionDescriptionLabel, label);
        return item;
    }

    private static AttributeList sharedFunctionalGroups(CtVolume source) throws DicomException {
        SliceGeometry grid = source.slices().get(0).geometry();
        AttributeList shared = new AttributeList();

        AttributeList orientation = new AttributeList();
        put(orientation, TagFromName.ImageOrientationPatient, decimals(grid.rowDirection(), grid.columnDirection()));
        putSequence(shared, TagFromName.PlaneOrientationSequence, orientation);

        AttributeList measures = new AttributeList();
        put(measures, TagFromName.PixelSpacing, DicomValues.decimalString(grid.rowSpacing()), DicomValues.decimalString(grid.columnSpacing()));
        Optional<Double> spacing = uniformSpacing(source);
        Optional<String> thickness = sourceSliceThickness(source).or(() -> spacing.map(DicomValues::decimalString));
        if (thickness.isPresent()) {
            put(measures, TagFromName.SliceThickness, thickness.get());
        }
        if (spacing.isPresent()) {
            put(measures, TagFromName.SpacingBetweenSlices, DicomValues.decimalString(spacing.get()));
        }
        putSequence(shared, TagFromName.PixelMeasuresSequence, measures);
        return shared;
    }

    /** The source's SliceThickness, cleaned, when it has a positive one. */
    private static Optional<String> sourceSliceThickness(CtVolume source) {
        return source.header().element(Tag.SliceThickness)
                .flatMap(element -> DicomValues.cleanCopy(Tag.SliceThickness, element, 1))
                .map(attribute -> attribute.getSingleStringValueOrEmptyString())
                .filter(value -> !value.isEmpty() && Double.parseDouble(value) > 0);
    }

    /** The distance between adjacent slices along the normal, when all are equal (within tolerance) and positive. */
    private static Optional<Double> uniformSpacing(CtVolume volume) {
        if (volume.depth() < 2) {
            return Optional.empty();
        }
        Vec3 normal = volume.slices().get(0).geometry().normal();
        double[] along = volume.slices().stream().mapToDouble(s -> s.geometry().distanceAlong(normal)).toArray();
        double mean = (along[along.length - 1] - along[0]) / (along.length - 1);
        for (int i = 1; i < along.length; i++) {
            if (Math.abs(along[i] - along[i - 1] - mean) > TOLERANCE_MM) {
                return Optional.empty();
            }
        }
        return mean > TOLERANCE_MM ? Optional.of(mean) : Optional.empty();
    }

    /** @param positionIndex 1-based rank of the frame's position among all frames */
    private static AttributeList frameFunctionalGroups(CtSlice slice, int positionIndex) throws DicomException {
        AttributeList frame = new AttributeList();

        AttributeList sourceImage = referencedInstance(slice);
        putCode(sourceImage, TagFromName.PurposeOfReferenceCodeSequence, SOURCE_IMAGE);
        put(sourceImage, TagFromName.SpatialLocationsPreserved, "YES");
        AttributeList derivation = new AttributeList();
        putSequence(derivation, TagFromName.SourceImageSequence, sourceImage);
        putCode(derivation, TagFromName.DerivationCodeSequence, SEGMENTATION);
        putSequence(frame, TagFromName.DerivationImageSequence, derivation);

        AttributeList content = new AttributeList();
        put(content, TagFromName.DimensionIndexValues, Integer.toString(SEGMENT_NUMBER), Integer.toString(positionIndex));
        putSequence(frame, TagFromName.FrameContentSequence, content);

        AttributeList position = new AttributeList();
        put(position, TagFromName.ImagePositionPatient, decimals(slice.geometry().position()));
        putSequence(frame, TagFromName.PlanePositionSequence, position);

        AttributeList segmentIdentification = new AttributeList();
        put(segmentIdentification, TagFromName.ReferencedSegmentNumber, Integer.toString(SEGMENT_NUMBER));
        putSequence(frame, TagFromName.SegmentIdentificationSequence, segmentIdentification);
        return frame;
    }

    private static String[] decimals(Vec3... vectors) {
        String[] values = new String[vectors.length * 3];
        for (int i = 0; i < vectors.length; i++) {
            values[3 * i] = DicomValues.decimalString(vectors[i].x());
            values[3 * i + 1] = DicomValues.decimalString(vectors[i].y());
            values[3 * i + 2] = DicomValues.decimalString(vectors[i].z());
        }
        return values;
    }

    /**
     * The segment label as a ContentLabel, a CS: upper case letters, digits, space and underscore, at most 16
     * characters. The label is a valid LO, so something that is not a space is left.
     */
    private static String contentLabel(String segmentLabel) {
        String label = segmentLabel.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_ ]", "_");
        return label.substring(0, Math.min(16, label.length())).trim();
    }

    /** ContentDescription is an LO of at most 64 characters. */
    private static String contentDescription(SegmentDescription segment) {
        String description = segment.label() + " segmentation"
                + ("MANUAL".equals(segment.algorithmType()) ? "" : " by " + segment.algorithmName() + " " + segment.algorithmVersion());
        return description.substring(0, Math.min(64, description.length())).trim();
    }
}
