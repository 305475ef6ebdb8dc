package org.livernode.output.rtstruct;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;

/**
 * RT Structure Set attributes that PixelMed's generated TagFromName leaves out, looked up by keyword in
 * its data dictionary; a misspelt keyword fails when the class loads.
 */
final class RtTags {

    static final AttributeTag CONTOUR_GEOMETRIC_TYPE = tag("ContourGeometricType");
    static final AttributeTag CONTOUR_IMAGE_SEQUENCE = tag("ContourImageSequence");
    static final AttributeTag CONTOUR_NUMBER = tag("ContourNumber");
    static final AttributeTag CONTOUR_SEQUENCE = tag("ContourSequence");
    static final AttributeTag NUMBER_OF_CONTOUR_POINTS = tag("NumberOfContourPoints");
    static final AttributeTag OBSERVATION_NUMBER = tag("ObservationNumber");
    static final AttributeTag ROI_CONTOUR_SEQUENCE = tag("ROIContourSequence");
    static final AttributeTag ROI_DISPLAY_COLOR = tag("ROIDisplayColor");
    static final AttributeTag ROI_GENERATION_ALGORITHM = tag("ROIGenerationAlgorithm");
    static final AttributeTag ROI_GENERATION_DESCRIPTION = tag("ROIGenerationDescription");
    static final AttributeTag ROI_INTERPRETER = tag("ROIInterpreter");
    static final AttributeTag ROI_NAME = tag("ROIName");
    static final AttributeTag ROI_NUMBER = tag("ROINumber");
    static final AttributeTag RT_ROI_IDENTIFICATION_CODE_SEQUENCE = tag("RTROIIdentificationCodeSequence");
    static final AttributeTag RT_ROI_INTERPRETED_TYPE = tag("RTROIInterpretedType");
    static final AttributeTag RT_ROI_OBSERVATIONS_SEQUENCE = tag("RTROIObservationsSequence");
    static final AttributeTag RT_REFERENCED_SERIES_SEQUENCE = tag("RTReferencedSeriesSequence");
    static final AttributeTag RT_REFERENCED_STUDY_SEQUENCE = tag("RTReferencedStudySequence");
    static final AttributeTag REFERENCED_FRAME_OF_REFERENCE_SEQUENCE = tag("ReferencedFrameOfReferenceSequence");
    static final AttributeTag REFERENCED_ROI_NUMBER = tag("ReferencedROINumber");
    static final AttributeTag STRUCTURE_SET_DESCRIPTION = tag("StructureSetDescription");
    static final AttributeTag STRUCTURE_SET_NAME = tag("StructureSetName");
    static final AttributeTag STRUCTURE_SET_ROI_SEQUENCE = tag("StructureSetROISequence");

    private RtTags() {}

    private static AttributeTag tag(String keyword) {
        AttributeTag tag = DicomDictionary.StandardDictionary.getTagFromName(keyword);
        if (tag == null) {
            throw new IllegalStateException("PixelMed's data dictionary has no " + keyword);
        }
        return tag;
    }
}
