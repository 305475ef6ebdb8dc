package org.livernode.output.seg;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.livernode.dicom.CieLab;
import org.livernode.dicom.CodedConcept;
import org.livernode.dicom.DataSet;
import org.livernode.dicom.DecimalString;
import org.livernode.dicom.DerivedUid;
import org.livernode.dicom.Part10Writer;
import org.livernode.dicom.SopClasses;
import org.livernode.dicom.Tag;
import org.livernode.dicom.ValueCleaning;
import org.livernode.output.CommonModules;
import org.livernode.output.OutputIdentity;
import org.livernode.output.SegmentDescription;
import org.livernode.output.SourceChecks;
import org.livernode.output.SourceModules;
import org.livernode.output.SourceReferences;
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
    /** The number of the one segment, which other objects (the volume report) reference. */
    public static final int SEGMENT_NUMBER = 1;

    /** CID 7162 Surface Processing Algorithm Families: the node's algorithms are trained models. */
    private static final CodedConcept ARTIFICIAL_INTELLIGENCE = new CodedConcept("123110", "DCM", "Artificial Intelligence");

    private final DataSet dataSet;

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
        this.dataSet = build(source, mask, segment, identity, emptyFrames.framedSlices(mask));
    }

    /** Writes the object to {@code file}, atomically (see {@link Part10Writer}). */
    public void write(Path file) throws IOException {
        Part10Writer.write(dataSet, file);
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

    private static DataSet build(CtVolume source, SegmentationMask mask, SegmentDescription segment,
            OutputIdentity identity, List<Integer> framedSlices) {
        DataSet dataSet = new DataSet();

        CommonModules.put(dataSet, SopClasses.SEGMENTATION_STORAGE, "SEG", source, identity);
        SourceModules.putFrameOfReference(source, dataSet);
        // General Image, Segmentation Image, Multi-frame Functional Groups
        dataSet.put(Tag.InstanceNumber, Integer.toString(identity.instanceNumber()));
        dataSet.put(Tag.ContentDate, identity.contentDate());
        dataSet.put(Tag.ContentTime, identity.contentTime());
        dataSet.put(Tag.ImageType, "DERIVED", "PRIMARY");
        dataSet.put(Tag.ContentLabel, contentLabel(segment.label()));
        dataSet.put(Tag.ContentDescription, contentDescription(segment));
        dataSet.put(Tag.ContentCreatorName);
        dataSet.put(Tag.SegmentationType, "BINARY");
        dataSet.put(Tag.SegmentsOverlap, "NO");
        dataSet.putSequence(Tag.SegmentSequence, segmentItem(segment));
        dataSet.put(Tag.NumberOfFrames, Integer.toString(framedSlices.size()));

        // Image Pixel
        dataSet.put(Tag.SamplesPerPixel, "1");
        dataSet.put(Tag.PhotometricInterpretation, "MONOCHROME2");
        dataSet.put(Tag.Rows, Integer.toString(source.rows()));
        dataSet.put(Tag.Columns, Integer.toString(source.columns()));
        dataSet.put(Tag.BitsAllocated, "1");
        dataSet.put(Tag.BitsStored, "1");
        dataSet.put(Tag.HighBit, "0");
        dataSet.put(Tag.PixelRepresentation, "0");
        dataSet.put(Tag.LossyImageCompression, "00");
        dataSet.putBytes(Tag.PixelData, BitPacking.pack(framedSlices.stream().map(mask::plane).toList()));

        // Multi-frame Dimension: frames are indexed by segment, then by position
        String dimensionOrganizationUid = DerivedUid.of(List.of(identity.sopInstanceUid(), "DimensionOrganizationUID"));
        dataSet.putSequence(Tag.DimensionOrganizationSequence, new DataSet().put(Tag.DimensionOrganizationUID, dimensionOrganizationUid));
        dataSet.putSequence(Tag.DimensionIndexSequence,
                dimensionIndex(dimensionOrganizationUid, Tag.ReferencedSegmentNumber, Tag.SegmentIdentificationSequence,
                        "ReferencedSegmentNumber"),
                dimensionIndex(dimensionOrganizationUid, Tag.ImagePositionPatient, Tag.PlanePositionSequence, "ImagePositionPatient"));

        dataSet.putSequence(Tag.SharedFunctionalGroupsSequence, sharedFunctionalGroups(source));
        List<DataSet> perFrame = new ArrayList<>();
        for (int frame = 0; frame < framedSlices.size(); frame++) {
            CtSlice slice = source.slices().get(framedSlices.get(frame));
            perFrame.add(new FrameFunctionalGroups(slice.sopClassUid(), slice.sopInstanceUid(), slice.geometry().position(), SEGMENT_NUMBER,
                    frame + 1).toDataSet());
        }
        dataSet.putSequence(Tag.PerFrameFunctionalGroupsSequence, perFrame);

        // Common Instance Reference: every source instance, framed or not
        dataSet.putSequence(Tag.ReferencedSeriesSequence, new DataSet()
                .put(Tag.SeriesInstanceUID, source.seriesInstanceUid())
                .putSequence(Tag.ReferencedInstanceSequence, SourceReferences.everySlice(source)));
        return dataSet;
    }

    private static DataSet segmentItem(SegmentDescription segment) {
        DataSet item = new DataSet();
        item.put(Tag.SegmentNumber, Integer.toString(SEGMENT_NUMBER));
        item.put(Tag.SegmentLabel, segment.label());
        item.putCode(Tag.SegmentedPropertyCategoryCodeSequence, segment.category());
        item.putCode(Tag.SegmentedPropertyTypeCodeSequence, segment.type());
        item.put(Tag.SegmentAlgorithmType, segment.algorithmType());
        if (!"MANUAL".equals(segment.algorithmType())) {
            item.put(Tag.SegmentAlgorithmName, segment.algorithmName());
            item.putSequence(Tag.SegmentationAlgorithmIdentificationSequence, new DataSet()
                    .putCode(Tag.AlgorithmFamilyCodeSequence, ARTIFICIAL_INTELLIGENCE)
                    .put(Tag.AlgorithmName, segment.algorithmName())
                    .put(Tag.AlgorithmVersion, segment.algorithmVersion()));
        }
        int[] lab = CieLab.fromSrgb(segment.recommendedDisplayRgb());
        item.put(Tag.RecommendedDisplayCIELabValue, Integer.toString(lab[0]), Integer.toString(lab[1]), Integer.toString(lab[2]));
        return item;
    }

    private static DataSet dimensionIndex(String organizationUid, Tag pointer, Tag functionalGroup, String label) {
        return new DataSet()
                .put(Tag.DimensionOrganizationUID, organizationUid)
                .putTags(Tag.DimensionIndexPointer, pointer)
                .putTags(Tag.FunctionalGroupPointer, functionalGroup)
                .put(Tag.DimensionDescriptionLabel, label);
    }

    private static DataSet sharedFunctionalGroups(CtVolume source) {
        SliceGeometry grid = source.slices().get(0).geometry();
        DataSet shared = new DataSet();
        shared.putSequence(Tag.PlaneOrientationSequence,
                new DataSet().put(Tag.ImageOrientationPatient, decimals(grid.rowDirection(), grid.columnDirection())));

        DataSet measures = new DataSet();
        measures.put(Tag.PixelSpacing, DecimalString.of(grid.rowSpacing()), DecimalString.of(grid.columnSpacing()));
        Optional<Double> spacing = uniformSpacing(source);
        Optional<String> thickness = sourceSliceThickness(source).or(() -> spacing.map(DecimalString::of));
        if (thickness.isPresent()) {
            measures.put(Tag.SliceThickness, thickness.get());
        }
        if (spacing.isPresent()) {
            measures.put(Tag.SpacingBetweenSlices, DecimalString.of(spacing.get()));
        }
        shared.putSequence(Tag.PixelMeasuresSequence, measures);
        return shared;
    }

    /** The source's SliceThickness, cleaned, when it has a positive one. */
    private static Optional<String> sourceSliceThickness(CtVolume source) {
        return source.header().element(Tag.SliceThickness)
                .flatMap(element -> ValueCleaning.cleanCopy(Tag.SliceThickness, element, 1))
                .filter(values -> !values.isEmpty() && Double.parseDouble(values.get(0)) > 0)
                .map(values -> values.get(0));
    }

    /** The distance between adjacent slices along the normal, when all are equal (within tolerance) and positive. */
    private static Optional<Double> uniformSpacing(CtVolume volume) {
        if (volume.depth() < 2) {
            return Optional.empty();
        }
        double[] along = volume.positionsAlongNormal();
        double mean = (along[along.length - 1] - along[0]) / (along.length - 1);
        for (int i = 1; i < along.length; i++) {
            if (Math.abs(along[i] - along[i - 1] - mean) > TOLERANCE_MM) {
                return Optional.empty();
            }
        }
        return mean > TOLERANCE_MM ? Optional.of(mean) : Optional.empty();
    }

    private static String[] decimals(Vec3... vectors) {
        String[] values = new String[vectors.length * 3];
        for (int i = 0; i < vectors.length; i++) {
            values[3 * i] = DecimalString.of(vectors[i].x());
            values[3 * i + 1] = DecimalString.of(vectors[i].y());
            values[3 * i + 2] = DecimalString.of(vectors[i].z());
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
