package org.livernode.output.rtstruct;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.livernode.dicom.DataSet;
import org.livernode.dicom.Part10Writer;
import org.livernode.dicom.SopClasses;
import org.livernode.dicom.Tag;
import org.livernode.dicom.TransferSyntax;
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
 * An RT Structure Set Storage instance with one ROI, the segment, outlined on every slice of a CT volume
 * where the mask has pixels, as needle-planning and radiotherapy planning systems read them. The
 * constructor checks the inputs, traces the mask and builds the object; {@link #write} stores it as a DICOM
 * Part 10 file.
 *
 * <p>Contours, for the conformance statement:
 * <ul>
 * <li>Each contour is CLOSED_PLANAR, lies in the plane of one source slice and references that slice
 *     (ContourImageSequence). Its points are the slice's own pixel coordinates mapped through that slice's
 *     ImagePositionPatient, ImageOrientationPatient and PixelSpacing, so each point's distance along the
 *     slice normal is the slice's, up to DS rounding. Slices without mask pixels have no contour; an empty
 *     mask gives the ROI with no contours at all.
 * <li>Tracing: marching squares at level one half on the pixel centres. A vertex lies halfway between an
 *     inside pixel centre and a 4-adjacent outside one (beyond the image counts as outside, so contours of
 *     a mask at the border run along the image edge). The contours are then reduced by Douglas-Peucker
 *     with a tolerance of a quarter pixel, which cannot move a pixel centre across a contour.
 * <li>Filling: a pixel belongs to the ROI when its centre lies inside an odd number of the slice's contours
 *     (even-odd rule); that reproduces the mask exactly. The contour area is the mask's pixel area give or
 *     take half a pixel per contour.
 * <li>Holes: a hole is a separate contour inside the contour that surrounds it on the same slice, and an
 *     island in a hole is again a separate contour inside that one; contours never touch or cross. Outer
 *     boundaries run counter-clockwise about the slice normal (ImageOrientationPatient row direction cross
 *     column direction), hole boundaries clockwise; receivers that ignore orientation and use the even-odd
 *     rule read the same region.
 * <li>Connectivity within a slice: mask pixels 8-connected, background 4-connected. Pixels that touch only
 *     at a corner share one contour; separate components get separate contours.
 * </ul>
 *
 * <p>The file is written in Implicit VR Little Endian, with explicit-length sequences like every output
 * of the node: ContourData of a long contour can exceed the 64 KiB value length that Explicit VR allows a
 * DS (it would have to become UN, which pydicom and many planning systems do not read back as numbers),
 * and Implicit VR is the transfer syntax every receiver accepts.
 */
public final class DicomStructureSet {

    private static final int ROI_NUMBER = 1;
    /** Detached Study Management SOP Class, customary (though retired) for RTReferencedStudySequence. */
    private static final String DETACHED_STUDY_MANAGEMENT = "1.2.840.10008.3.1.2.3.1";

    private final DataSet dataSet;

    /**
     * @param source the CT volume the mask was computed on; every slice is referenced, each contour by the
     *        slice it was traced on, in that slice's geometry
     * @param mask one plane per slice of {@code source}, same rows and columns
     * @throws IllegalArgumentException naming what is wrong when the mask does not fit the volume or a UID of
     *         the source is not valid
     */
    public DicomStructureSet(CtVolume source, SegmentationMask mask, SegmentDescription segment, OutputIdentity identity) {
        SourceChecks.requireMaskFitsVolume(source, mask);
        SourceChecks.requireValidUids(source);
        SourceChecks.requireSourceAttributes(source);
        this.dataSet = build(source, mask, segment, identity);
    }

    /** Writes the object to {@code file}, atomically (see {@link Part10Writer}), in Implicit VR Little Endian. */
    public void write(Path file) throws IOException {
        Part10Writer.write(dataSet, file, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
    }

    private static DataSet build(CtVolume source, SegmentationMask mask, SegmentDescription segment, OutputIdentity identity) {
        DataSet dataSet = new DataSet();

        CommonModules.put(dataSet, SopClasses.RT_STRUCTURE_SET_STORAGE, "RTSTRUCT", source, identity);
        SourceModules.putFrameOfReference(source, dataSet);
        dataSet.put(Tag.OperatorsName);

        // Structure Set
        dataSet.put(Tag.StructureSetLabel, structureSetLabel(segment.label()));
        dataSet.put(Tag.StructureSetName, identity.seriesDescription());
        dataSet.put(Tag.StructureSetDescription, segment.label() + " contours" + byAlgorithm(segment));
        dataSet.put(Tag.InstanceNumber, Integer.toString(identity.instanceNumber()));
        dataSet.put(Tag.StructureSetDate, identity.contentDate());
        dataSet.put(Tag.StructureSetTime, identity.contentTime());
        dataSet.putSequence(Tag.ReferencedFrameOfReferenceSequence, referencedFrameOfReference(source));
        dataSet.putSequence(Tag.StructureSetROISequence, structureSetRoi(source, segment));

        // ROI Contour
        DataSet roiContour = new DataSet();
        roiContour.put(Tag.ReferencedROINumber, Integer.toString(ROI_NUMBER));
        int[] rgb = segment.recommendedDisplayRgb();
        roiContour.put(Tag.ROIDisplayColor, Integer.toString(rgb[0]), Integer.toString(rgb[1]), Integer.toString(rgb[2]));
        List<DataSet> contours = contours(source, mask);
        // ContourSequence is Type 3: an ROI that the mask leaves empty has none.
        if (!contours.isEmpty()) {
            roiContour.putSequence(Tag.ContourSequence, contours);
        }
        dataSet.putSequence(Tag.ROIContourSequence, roiContour);

        // RT ROI Observations
        dataSet.putSequence(Tag.RTROIObservationsSequence, new DataSet()
                .put(Tag.ObservationNumber, "1")
                .put(Tag.ReferencedROINumber, Integer.toString(ROI_NUMBER))
                .putCode(Tag.RTROIIdentificationCodeSequence, segment.type())
                .put(Tag.RTROIInterpretedType, "ORGAN")
                .put(Tag.ROIInterpreter));
        return dataSet;
    }

    /** Frame of reference, then study, then series, listing every source slice as a contour image. */
    private static DataSet referencedFrameOfReference(CtVolume source) {
        DataSet series = new DataSet()
                .put(Tag.SeriesInstanceUID, source.seriesInstanceUid())
                .putSequence(Tag.ContourImageSequence, SourceReferences.everySlice(source));
        DataSet study = new DataSet()
                .put(Tag.ReferencedSOPClassUID, DETACHED_STUDY_MANAGEMENT)
                .put(Tag.ReferencedSOPInstanceUID, source.studyInstanceUid())
                .putSequence(Tag.RTReferencedSeriesSequence, series);
        return new DataSet()
                .put(Tag.FrameOfReferenceUID, source.frameOfReferenceUid())
                .putSequence(Tag.RTReferencedStudySequence, study);
    }

    private static DataSet structureSetRoi(CtVolume source, SegmentDescription segment) {
        DataSet roi = new DataSet();
        roi.put(Tag.ROINumber, Integer.toString(ROI_NUMBER));
        roi.put(Tag.ReferencedFrameOfReferenceUID, source.frameOfReferenceUid());
        roi.put(Tag.ROIName, segment.label());
        // The defined terms of ROIGenerationAlgorithm are those of SegmentAlgorithmType.
        roi.put(Tag.ROIGenerationAlgorithm, segment.algorithmType());
        if (!"MANUAL".equals(segment.algorithmType())) {
            roi.put(Tag.ROIGenerationDescription, longString(segment.algorithmName() + " " + segment.algorithmVersion()));
        }
        return roi;
    }

    /**
     * One ContourSequence item per contour, slice by slice in volume order, numbered from 1. Tracing and formatting the
     * points is most of the encoder's time, and slices and contours do not depend on one another, so both run on
     * several threads; only the numbering is in order.
     */
    private static List<DataSet> contours(CtVolume source, SegmentationMask mask) {
        List<List<double[]>> traced = IntStream.range(0, source.depth()).parallel()
                .mapToObj(z -> sliceContours(source.slices().get(z).geometry(), mask, z))
                .toList();
        List<StructureSetContour> contours = new ArrayList<>();
        for (int z = 0; z < source.depth(); z++) {
            CtSlice slice = source.slices().get(z);
            for (double[] points : traced.get(z)) {
                contours.add(new StructureSetContour(contours.size() + 1, slice.sopClassUid(), slice.sopInstanceUid(), points));
            }
        }
        return contours.parallelStream().map(StructureSetContour::toDataSet).toList();
    }

    /** The points of each contour of one slice, x y z in patient coordinates (mm), through the slice's own geometry. */
    private static List<double[]> sliceContours(SliceGeometry geometry, SegmentationMask mask, int z) {
        if (mask.isEmpty(z)) {
            return List.of();
        }
        List<double[]> contours = new ArrayList<>();
        for (PixelContour contour : ContourTracer.traceSimplified(mask.plane(z), mask.rows(), mask.columns())) {
            double[] points = new double[contour.points().size() * 3];
            int i = 0;
            for (PixelPoint point : contour.points()) {
                Vec3 p = geometry.patientPoint(point.row(), point.column());
                points[i++] = p.x();
                points[i++] = p.y();
                points[i++] = p.z();
            }
            contours.add(points);
        }
        return contours;
    }

    /** StructureSetLabel is an SH: at most 16 characters. The label is a valid LO, so what is left is valid. */
    private static String structureSetLabel(String segmentLabel) {
        return segmentLabel.substring(0, Math.min(16, segmentLabel.length())).trim();
    }

    private static String byAlgorithm(SegmentDescription segment) {
        return "MANUAL".equals(segment.algorithmType()) ? "" : " by " + segment.algorithmName() + " " + segment.algorithmVersion();
    }

    /** An LO of at most 64 characters. */
    private static String longString(String value) {
        return value.substring(0, Math.min(64, value.length())).trim();
    }
}
