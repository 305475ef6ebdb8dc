package org.livernode.output.rtstruct;

import static org.livernode.output.DicomAttributes.put;
import static org.livernode.output.DicomAttributes.putCode;
import static org.livernode.output.DicomAttributes.putSequence;
import static org.livernode.output.DicomAttributes.referencedInstance;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.livernode.output.CommonModules;
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

    private final AttributeList attributes;

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
        try {
            this.attributes = build(source, mask, segment, identity);
        } catch (DicomException e) {
            // Every value was checked above or comes from DicomValues, so PixelMed refusing one is a bug here.
            throw new IllegalStateException("PixelMed rejected a structure set attribute: " + e.getMessage(), e);
        }
    }

    /** Writes the object to {@code file}, atomically (see {@link Part10File}), in Implicit VR Little Endian. */
    public void write(Path file) throws IOException {
        Part10File.write(attributes, file, TransferSyntax.ImplicitVRLittleEndian);
    }

    private static AttributeList build(CtVolume source, SegmentationMask mask, SegmentDescription segment, OutputIdentity identity)
            throws DicomException {
        AttributeList list = new AttributeList();

        CommonModules.put(list, SOPClass.RTStructureSetStorage, "RTSTRUCT", source, identity);
        put(list, TagFromName.OperatorsName);

        // Structure Set
        put(list, TagFromName.StructureSetLabel, structureSetLabel(segment.label()));
        put(list, RtTags.STRUCTURE_SET_NAME, identity.seriesDescription());
        put(list, RtTags.STRUCTURE_SET_DESCRIPTION, segment.label() + " contours" + byAlgorithm(segment));
        put(list, TagFromName.InstanceNumber, Integer.toString(identity.instanceNumber()));
        put(list, TagFromName.StructureSetDate, identity.contentDate());
        put(list, TagFromName.StructureSetTime, identity.contentTime());
        putSequence(list, RtTags.REFERENCED_FRAME_OF_REFERENCE_SEQUENCE, referencedFrameOfReference(source));
        putSequence(list, RtTags.STRUCTURE_SET_ROI_SEQUENCE, structureSetRoi(source, segment));

        // ROI Contour
        AttributeList roiContour = new AttributeList();
        put(roiContour, RtTags.REFERENCED_ROI_NUMBER, Integer.toString(ROI_NUMBER));
        int[] rgb = segment.recommendedDisplayRgb();
        put(roiContour, RtTags.ROI_DISPLAY_COLOR, Integer.toString(rgb[0]), Integer.toString(rgb[1]), Integer.toString(rgb[2]));
        List<AttributeList> contours = contours(source, mask);
        // ContourSequence is Type 3: an ROI that the mask leaves empty has none.
        if (!contours.isEmpty()) {
            putSequence(roiContour, RtTags.CONTOUR_SEQUENCE, contours.toArray(AttributeList[]::new));
        }
        putSequence(list, RtTags.ROI_CONTOUR_SEQUENCE, roiContour);

        // RT ROI Observations
        AttributeList observation = new AttributeList();
        put(observation, RtTags.OBSERVATION_NUMBER, "1");
        put(observation, RtTags.REFERENCED_ROI_NUMBER, Integer.toString(ROI_NUMBER));
        putCode(observation, RtTags.RT_ROI_IDENTIFICATION_CODE_SEQUENCE, segment.type());
        put(observation, RtTags.RT_ROI_INTERPRETED_TYPE, "ORGAN");
        put(observation, RtTags.ROI_INTERPRETER);
        putSequence(list, RtTags.RT_ROI_OBSERVATIONS_SEQUENCE, observation);

        list.insertSuitableSpecificCharacterSetForAllStringValues();
        return list;
    }

    /** Frame of reference, then study, then series, listing every source slice as a contour image. */
    private static AttributeList referencedFrameOfReference(CtVolume source) throws DicomException {
        AttributeList series = new AttributeList();
        put(series, TagFromName.SeriesInstanceUID, source.seriesInstanceUid());
        List<AttributeList> images = new ArrayList<>();
        for (CtSlice slice : source.slices()) {
            images.add(referencedInstance(slice));
        }
        putSequence(series, RtTags.CONTOUR_IMAGE_SEQUENCE, images.toArray(AttributeList[]::new));

        AttributeList study = new AttributeList();
        put(study, TagFromName.ReferencedSOPClassUID, DETACHED_STUDY_MANAGEMENT);
        put(study, TagFromName.ReferencedSOPInstanceUID, source.studyInstanceUid());
        putSequence(study, RtTags.RT_REFERENCED_SERIES_SEQUENCE, series);

        AttributeList frameOfReference = new AttributeList();
        put(frameOfReference, TagFromName.FrameOfReferenceUID, source.frameOfReferenceUid());
        putSequence(frameOfReference, RtTags.RT_REFERENCED_STUDY_SEQUENCE, study);
        return frameOfReference;
    }

    private static AttributeList structureSetRoi(CtVolume source, SegmentDescription segment) throws DicomException {
        AttributeList roi = new AttributeList();
        put(roi, RtTags.ROI_NUMBER, Integer.toString(ROI_NUMBER));
        put(roi, TagFromName.ReferencedFrameOfReferenceUID, source.frameOfReferenceUid());
        put(roi, RtTags.ROI_NAME, segment.label());
        // The defined terms of ROIGenerationAlgorithm are those of SegmentAlgorithmType.
        put(roi, RtTags.ROI_GENERATION_ALGORITHM, segment.algorithmType());
        if (!"MANUAL".equals(segment.algorithmType())) {
            put(roi, RtTags.ROI_GENERATION_DESCRIPTION, longString(segment.algorithmName() + " " + segment.algorithmVersion()));
        }
        return roi;
    }

    /** One ContourSequence item per contour, slice by slice in volume order, numbered from 1. */
    private static List<AttributeList> contours(CtVolume source, SegmentationMask mask) throws DicomException {
        List<AttributeList> items = new ArrayList<>();
        for (int z = 0; z < source.depth(); z++) {
            if (mask.isEmpty(z)) {
                continue;
            }
            CtSlice slice = source.slices().get(z);
            for (PixelContour contour : ContourTracer.traceSimplified(mask.plane(z), mask.rows(), mask.columns())) {
                AttributeList item = new AttributeList();
                putSequence(item, RtTags.CONTOUR_IMAGE_SEQUENCE, referencedInstance(slice));
                put(item, RtTags.CONTOUR_GEOMETRIC_TYPE, "CLOSED_PLANAR");
                put(item, RtTags.NUMBER_OF_CONTOUR_POINTS, Integer.toString(contour.points().size()));
                put(item, RtTags.CONTOUR_NUMBER, Integer.toString(items.size() + 1));
                put(item, TagFromName.ContourData, contourData(slice.geometry(), contour));
                items.add(item);
            }
        }
        return items;
    }

    /** x\y\z of each point in patient coordinates (mm), through the slice's own geometry. */
    private static String[] contourData(SliceGeometry geometry, PixelContour contour) {
        String[] values = new String[contour.points().size() * 3];
        int i = 0;
        for (PixelPoint point : contour.points()) {
            Vec3 p = geometry.patientPoint(point.row(), point.column());
            values[i++] = DicomValues.decimalString(p.x());
            values[i++] = DicomValues.decimalString(p.y());
            values[i++] = DicomValues.decimalString(p.z());
        }
        return values;
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
