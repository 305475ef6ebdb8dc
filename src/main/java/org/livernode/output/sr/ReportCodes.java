package org.livernode.output.sr;

import org.livernode.dicom.CodedConcept;

/** The codes of the volume report (PS3.16), which the encoder writes and the reader looks for. */
final class ReportCodes {
    private ReportCodes() {}

    // TID 1500 Measurement Report
    static final CodedConcept IMAGING_MEASUREMENT_REPORT = new CodedConcept("126000", "DCM", "Imaging Measurement Report");
    static final CodedConcept IMAGING_MEASUREMENTS = new CodedConcept("126010", "DCM", "Imaging Measurements");
    /** CID 100 Quantitative Diagnostic Imaging Procedures has no CT of the abdomen or liver; this is its CT entry. */
    static final CodedConcept PROCEDURE_REPORTED = new CodedConcept("121058", "DCM", "Procedure reported");
    static final CodedConcept CT_UNSPECIFIED_BODY_REGION = new CodedConcept("25045-6", "LN", "CT unspecified body region");

    // TID 1204 Language of Content Item and Descendants
    static final CodedConcept LANGUAGE = new CodedConcept("121049", "DCM", "Language of Content Item and Descendants");
    static final CodedConcept ENGLISH_US = new CodedConcept("en-US", "RFC5646", "English (United States)");

    // TID 1001 Observation Context, TID 1004 Device Observer Identifying Attributes
    static final CodedConcept OBSERVER_TYPE = new CodedConcept("121005", "DCM", "Observer Type");
    static final CodedConcept DEVICE = new CodedConcept("121007", "DCM", "Device");
    static final CodedConcept DEVICE_OBSERVER_UID = new CodedConcept("121012", "DCM", "Device Observer UID");
    static final CodedConcept DEVICE_OBSERVER_NAME = new CodedConcept("121013", "DCM", "Device Observer Name");
    static final CodedConcept DEVICE_OBSERVER_MANUFACTURER = new CodedConcept("121014", "DCM", "Device Observer Manufacturer");
    static final CodedConcept DEVICE_OBSERVER_MODEL_NAME = new CodedConcept("121015", "DCM", "Device Observer Model Name");

    // TID 1411 Volumetric ROI Measurements
    static final CodedConcept MEASUREMENT_GROUP = new CodedConcept("125007", "DCM", "Measurement Group");
    static final CodedConcept TRACKING_IDENTIFIER = new CodedConcept("112039", "DCM", "Tracking Identifier");
    static final CodedConcept TRACKING_UNIQUE_IDENTIFIER = new CodedConcept("112040", "DCM", "Tracking Unique Identifier");
    static final CodedConcept FINDING = new CodedConcept("121071", "DCM", "Finding");
    static final CodedConcept REFERENCED_SEGMENT = new CodedConcept("121191", "DCM", "Referenced Segment");
    static final CodedConcept SOURCE_SERIES_FOR_SEGMENTATION = new CodedConcept("121232", "DCM", "Source series for segmentation");

    // TID 4019 Algorithm Identification
    static final CodedConcept ALGORITHM_NAME = new CodedConcept("111001", "DCM", "Algorithm Name");
    static final CodedConcept ALGORITHM_VERSION = new CodedConcept("111003", "DCM", "Algorithm Version");

    // TID 1419 ROI Measurements
    static final CodedConcept VOLUME = new CodedConcept("118565006", "SCT", "Volume");
    static final CodedConcept MILLILITRE = new CodedConcept("ml", "UCUM", "milliliter");
    /** Says on the volume that the liver reaches the edge of the scanned range (no code in PS3.16 says that). */
    static final CodedConcept COMMENT = new CodedConcept("121106", "DCM", "Comment");
    static final String WITHIN_SCANNED_RANGE_ONLY = "Within the scanned range only: the liver extends beyond the field of view";

    // The quality outcome, a qualitative evaluation of the group (TID 1411 row "CONTAINS CODE"): the concept
    // "Quality Assessment" with a value of CID 6044 Types of Image Quality Assessment, each reason a
    // "Quality Finding" of it.
    static final CodedConcept QUALITY_ASSESSMENT = new CodedConcept("111050", "DCM", "Quality Assessment");
    static final CodedConcept MEETS_QUALITY_STANDARD = new CodedConcept("111237", "DCM", "Usable - Meets the quality control standard");
    static final CodedConcept DOES_NOT_MEET_QUALITY_STANDARD = new CodedConcept("111236", "DCM",
            "Usable - Does not meet the quality control standard");
    static final CodedConcept QUALITY_FINDING = new CodedConcept("111052", "DCM", "Quality Finding");
}
