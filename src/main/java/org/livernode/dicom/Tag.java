package org.livernode.dicom;

/**
 * A data element tag (PS3.5 7.1.1): group and element number. The constants are the elements the node reads
 * or writes, named by their DICOM keywords as dcm4che's {@code Tag} names them.
 */
public record Tag(int group, int element) implements Comparable<Tag> {

    public Tag {
        if (group < 0 || group > 0xFFFF || element < 0 || element > 0xFFFF) {
            throw new IllegalArgumentException("a tag's group and element are 16-bit numbers, got " + group + ", " + element);
        }
    }

    public static final Tag AccessionNumber = new Tag(0x0008, 0x0050);
    public static final Tag AdditionalPatientHistory = new Tag(0x0010, 0x21B0);
    public static final Tag AlgorithmFamilyCodeSequence = new Tag(0x0066, 0x002F);
    public static final Tag AlgorithmName = new Tag(0x0066, 0x0036);
    public static final Tag AlgorithmVersion = new Tag(0x0066, 0x0031);
    public static final Tag BitsAllocated = new Tag(0x0028, 0x0100);
    public static final Tag BitsStored = new Tag(0x0028, 0x0101);
    public static final Tag BodyPartExamined = new Tag(0x0018, 0x0015);
    public static final Tag CodeMeaning = new Tag(0x0008, 0x0104);
    public static final Tag CodeValue = new Tag(0x0008, 0x0100);
    public static final Tag CodingSchemeDesignator = new Tag(0x0008, 0x0102);
    public static final Tag Columns = new Tag(0x0028, 0x0011);
    public static final Tag CompletionFlag = new Tag(0x0040, 0xA491);
    public static final Tag ConceptCodeSequence = new Tag(0x0040, 0xA168);
    public static final Tag ConceptNameCodeSequence = new Tag(0x0040, 0xA043);
    public static final Tag ContentCreatorName = new Tag(0x0070, 0x0084);
    public static final Tag ContentDate = new Tag(0x0008, 0x0023);
    public static final Tag ContentDescription = new Tag(0x0070, 0x0081);
    public static final Tag ContentLabel = new Tag(0x0070, 0x0080);
    public static final Tag ContentSequence = new Tag(0x0040, 0xA730);
    public static final Tag ContentTemplateSequence = new Tag(0x0040, 0xA504);
    public static final Tag ContentTime = new Tag(0x0008, 0x0033);
    public static final Tag ContinuityOfContent = new Tag(0x0040, 0xA050);
    public static final Tag ContourData = new Tag(0x3006, 0x0050);
    public static final Tag ContourGeometricType = new Tag(0x3006, 0x0042);
    public static final Tag ContourImageSequence = new Tag(0x3006, 0x0016);
    public static final Tag ContourNumber = new Tag(0x3006, 0x0048);
    public static final Tag ContourSequence = new Tag(0x3006, 0x0040);
    public static final Tag CurrentRequestedProcedureEvidenceSequence = new Tag(0x0040, 0xA375);
    public static final Tag DerivationCodeSequence = new Tag(0x0008, 0x9215);
    public static final Tag DerivationImageSequence = new Tag(0x0008, 0x9124);
    public static final Tag DeviceSerialNumber = new Tag(0x0018, 0x1000);
    public static final Tag DimensionDescriptionLabel = new Tag(0x0020, 0x9421);
    public static final Tag DimensionIndexPointer = new Tag(0x0020, 0x9165);
    public static final Tag DimensionIndexSequence = new Tag(0x0020, 0x9222);
    public static final Tag DimensionIndexValues = new Tag(0x0020, 0x9157);
    public static final Tag DimensionOrganizationSequence = new Tag(0x0020, 0x9221);
    public static final Tag DimensionOrganizationUID = new Tag(0x0020, 0x9164);
    public static final Tag EthnicGroup = new Tag(0x0010, 0x2160);
    public static final Tag FrameContentSequence = new Tag(0x0020, 0x9111);
    public static final Tag FrameOfReferenceUID = new Tag(0x0020, 0x0052);
    public static final Tag FunctionalGroupPointer = new Tag(0x0020, 0x9167);
    public static final Tag HighBit = new Tag(0x0028, 0x0102);
    public static final Tag ImageOrientationPatient = new Tag(0x0020, 0x0037);
    public static final Tag ImagePositionPatient = new Tag(0x0020, 0x0032);
    public static final Tag ImageType = new Tag(0x0008, 0x0008);
    public static final Tag InstanceNumber = new Tag(0x0020, 0x0013);
    public static final Tag InstitutionName = new Tag(0x0008, 0x0080);
    public static final Tag IssuerOfPatientID = new Tag(0x0010, 0x0021);
    public static final Tag KVP = new Tag(0x0018, 0x0060);
    public static final Tag LossyImageCompression = new Tag(0x0028, 0x2110);
    public static final Tag Manufacturer = new Tag(0x0008, 0x0070);
    public static final Tag ManufacturerModelName = new Tag(0x0008, 0x1090);
    public static final Tag MappingResource = new Tag(0x0008, 0x0105);
    public static final Tag MeasuredValueSequence = new Tag(0x0040, 0xA300);
    public static final Tag MeasurementUnitsCodeSequence = new Tag(0x0040, 0x08EA);
    public static final Tag Modality = new Tag(0x0008, 0x0060);
    public static final Tag NumberOfContourPoints = new Tag(0x3006, 0x0046);
    public static final Tag NumberOfFrames = new Tag(0x0028, 0x0008);
    public static final Tag NumericValue = new Tag(0x0040, 0xA30A);
    public static final Tag ObservationNumber = new Tag(0x3006, 0x0082);
    public static final Tag OperatorsName = new Tag(0x0008, 0x1070);
    public static final Tag PatientAge = new Tag(0x0010, 0x1010);
    public static final Tag PatientBirthDate = new Tag(0x0010, 0x0030);
    public static final Tag PatientBirthTime = new Tag(0x0010, 0x0032);
    public static final Tag PatientComments = new Tag(0x0010, 0x4000);
    public static final Tag PatientID = new Tag(0x0010, 0x0020);
    public static final Tag PatientName = new Tag(0x0010, 0x0010);
    public static final Tag PatientSex = new Tag(0x0010, 0x0040);
    public static final Tag PatientSize = new Tag(0x0010, 0x1020);
    public static final Tag PatientWeight = new Tag(0x0010, 0x1030);
    public static final Tag PerFrameFunctionalGroupsSequence = new Tag(0x5200, 0x9230);
    public static final Tag PerformedProcedureCodeSequence = new Tag(0x0040, 0xA372);
    public static final Tag PhotometricInterpretation = new Tag(0x0028, 0x0004);
    public static final Tag PixelData = new Tag(0x7FE0, 0x0010);
    public static final Tag PixelMeasuresSequence = new Tag(0x0028, 0x9110);
    public static final Tag PixelRepresentation = new Tag(0x0028, 0x0103);
    public static final Tag PixelSpacing = new Tag(0x0028, 0x0030);
    public static final Tag PlaneOrientationSequence = new Tag(0x0020, 0x9116);
    public static final Tag PlanePositionSequence = new Tag(0x0020, 0x9113);
    public static final Tag PositionReferenceIndicator = new Tag(0x0020, 0x1040);
    public static final Tag PurposeOfReferenceCodeSequence = new Tag(0x0040, 0xA170);
    public static final Tag ROIContourSequence = new Tag(0x3006, 0x0039);
    public static final Tag ROIDisplayColor = new Tag(0x3006, 0x002A);
    public static final Tag ROIGenerationAlgorithm = new Tag(0x3006, 0x0036);
    public static final Tag ROIGenerationDescription = new Tag(0x3006, 0x0038);
    public static final Tag ROIInterpreter = new Tag(0x3006, 0x00A6);
    public static final Tag ROIName = new Tag(0x3006, 0x0026);
    public static final Tag ROINumber = new Tag(0x3006, 0x0022);
    public static final Tag RTROIIdentificationCodeSequence = new Tag(0x3006, 0x0086);
    public static final Tag RTROIInterpretedType = new Tag(0x3006, 0x00A4);
    public static final Tag RTROIObservationsSequence = new Tag(0x3006, 0x0080);
    public static final Tag RTReferencedSeriesSequence = new Tag(0x3006, 0x0014);
    public static final Tag RTReferencedStudySequence = new Tag(0x3006, 0x0012);
    public static final Tag RecommendedDisplayCIELabValue = new Tag(0x0062, 0x000D);
    public static final Tag ReferencedFrameOfReferenceSequence = new Tag(0x3006, 0x0010);
    public static final Tag ReferencedFrameOfReferenceUID = new Tag(0x3006, 0x0024);
    public static final Tag ReferencedInstanceSequence = new Tag(0x0008, 0x114A);
    public static final Tag ReferencedPerformedProcedureStepSequence = new Tag(0x0008, 0x1111);
    public static final Tag ReferencedROINumber = new Tag(0x3006, 0x0084);
    public static final Tag ReferencedSOPClassUID = new Tag(0x0008, 0x1150);
    public static final Tag ReferencedSOPInstanceUID = new Tag(0x0008, 0x1155);
    public static final Tag ReferencedSOPSequence = new Tag(0x0008, 0x1199);
    public static final Tag ReferencedSegmentNumber = new Tag(0x0062, 0x000B);
    public static final Tag ReferencedSeriesSequence = new Tag(0x0008, 0x1115);
    public static final Tag ReferringPhysicianName = new Tag(0x0008, 0x0090);
    public static final Tag RelationshipType = new Tag(0x0040, 0xA010);
    public static final Tag RescaleIntercept = new Tag(0x0028, 0x1052);
    public static final Tag RescaleSlope = new Tag(0x0028, 0x1053);
    public static final Tag RescaleType = new Tag(0x0028, 0x1054);
    public static final Tag Rows = new Tag(0x0028, 0x0010);
    public static final Tag SOPClassUID = new Tag(0x0008, 0x0016);
    public static final Tag SOPInstanceUID = new Tag(0x0008, 0x0018);
    public static final Tag SamplesPerPixel = new Tag(0x0028, 0x0002);
    public static final Tag SegmentAlgorithmName = new Tag(0x0062, 0x0009);
    public static final Tag SegmentAlgorithmType = new Tag(0x0062, 0x0008);
    public static final Tag SegmentIdentificationSequence = new Tag(0x0062, 0x000A);
    public static final Tag SegmentLabel = new Tag(0x0062, 0x0005);
    public static final Tag SegmentNumber = new Tag(0x0062, 0x0004);
    public static final Tag SegmentSequence = new Tag(0x0062, 0x0002);
    public static final Tag SegmentationAlgorithmIdentificationSequence = new Tag(0x0062, 0x0007);
    public static final Tag SegmentationType = new Tag(0x0062, 0x0001);
    public static final Tag SegmentedPropertyCategoryCodeSequence = new Tag(0x0062, 0x0003);
    public static final Tag SegmentedPropertyTypeCodeSequence = new Tag(0x0062, 0x000F);
    public static final Tag SegmentsOverlap = new Tag(0x0062, 0x0013);
    public static final Tag SeriesDate = new Tag(0x0008, 0x0021);
    public static final Tag SeriesDescription = new Tag(0x0008, 0x103E);
    public static final Tag SeriesInstanceUID = new Tag(0x0020, 0x000E);
    public static final Tag SeriesNumber = new Tag(0x0020, 0x0011);
    public static final Tag SeriesTime = new Tag(0x0008, 0x0031);
    public static final Tag SharedFunctionalGroupsSequence = new Tag(0x5200, 0x9229);
    public static final Tag SliceThickness = new Tag(0x0018, 0x0050);
    public static final Tag SoftwareVersions = new Tag(0x0018, 0x1020);
    public static final Tag SourceApplicationEntityTitle = new Tag(0x0002, 0x0016);
    public static final Tag SourceImageSequence = new Tag(0x0008, 0x2112);
    public static final Tag SpacingBetweenSlices = new Tag(0x0018, 0x0088);
    public static final Tag SpatialLocationsPreserved = new Tag(0x0028, 0x135A);
    public static final Tag StructureSetDate = new Tag(0x3006, 0x0008);
    public static final Tag StructureSetDescription = new Tag(0x3006, 0x0006);
    public static final Tag StructureSetLabel = new Tag(0x3006, 0x0002);
    public static final Tag StructureSetName = new Tag(0x3006, 0x0004);
    public static final Tag StructureSetROISequence = new Tag(0x3006, 0x0020);
    public static final Tag StructureSetTime = new Tag(0x3006, 0x0009);
    public static final Tag StudyDate = new Tag(0x0008, 0x0020);
    public static final Tag StudyDescription = new Tag(0x0008, 0x1030);
    public static final Tag StudyID = new Tag(0x0020, 0x0010);
    public static final Tag StudyInstanceUID = new Tag(0x0020, 0x000D);
    public static final Tag StudyTime = new Tag(0x0008, 0x0030);
    public static final Tag TemplateIdentifier = new Tag(0x0040, 0xDB00);
    public static final Tag TextValue = new Tag(0x0040, 0xA160);
    public static final Tag UID = new Tag(0x0040, 0xA124);
    public static final Tag ValueType = new Tag(0x0040, 0xA040);
    public static final Tag VerificationFlag = new Tag(0x0040, 0xA493);
    public static final Tag WindowCenter = new Tag(0x0028, 0x1050);
    public static final Tag WindowWidth = new Tag(0x0028, 0x1051);

    @Override
    public int compareTo(Tag other) {
        return group != other.group ? Integer.compare(group, other.group) : Integer.compare(element, other.element);
    }

    /** "(0008,0016)", as the standard writes tags. */
    @Override
    public String toString() {
        return String.format("(%04X,%04X)", group, element);
    }
}
