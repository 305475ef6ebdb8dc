package org.livernode.output.sr;

import static org.livernode.output.sr.RelationshipType.CONTAINS;
import static org.livernode.output.sr.RelationshipType.HAS_CONCEPT_MOD;
import static org.livernode.output.sr.RelationshipType.HAS_OBS_CONTEXT;
import static org.livernode.output.sr.RelationshipType.HAS_PROPERTIES;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.livernode.dicom.DataSet;
import org.livernode.dicom.DerivedUid;
import org.livernode.dicom.Part10Writer;
import org.livernode.dicom.SopClasses;
import org.livernode.dicom.Tag;
import org.livernode.output.CommonModules;
import org.livernode.output.OutputIdentity;
import org.livernode.output.SegmentDescription;
import org.livernode.output.SourceChecks;
import org.livernode.output.SourceReferences;
import org.livernode.output.seg.DicomSegmentation;
import org.livernode.volume.CtVolume;

/**
 * A Comprehensive 3D SR instance holding a TID 1500 Measurement Report of the liver's volume: one TID 1411
 * measurement group that references the segment of the node's SEG and the CT series it was made from, states the
 * volume in millilitres (and whether it covers the scanned range only) and the outcome of the quality checks. The
 * constructor checks the inputs and builds the object; {@link #write} stores it as a DICOM Part 10 file.
 * {@link VolumeReport#read} reads it back through the same content items.
 */
public final class DicomVolumeReport {

    private final DataSet dataSet;

    /**
     * @param source the CT volume the SEG was made from: patient, study and the series the report references
     * @param segmentation the SEG whose segment {@link DicomSegmentation#SEGMENT_NUMBER} was measured
     * @param segment what was segmented and by which algorithm, as in the SEG
     * @param identity the report's own UIDs and numbers ({@code OutputUids.forVolume(..., "SR")})
     * @throws IllegalArgumentException naming what is wrong when a UID of the source is not valid or its source
     *     attributes are missing
     */
    public DicomVolumeReport(CtVolume source, SegmentationReference segmentation, SegmentDescription segment, LiverVolume volume,
            QualityAssessment quality, OutputIdentity identity) {
        SourceChecks.requireValidUids(source);
        SourceChecks.requireSourceAttributes(source);
        if (segmentation == null || segment == null || volume == null || quality == null || identity == null) {
            throw new IllegalArgumentException("a volume report needs the SEG, the segment, the volume, the quality assessment and its identity");
        }
        this.dataSet = build(source, segmentation, segment, volume, quality, identity);
    }

    /** Writes the object to {@code file}, atomically (see {@link Part10Writer}). */
    public void write(Path file) throws IOException {
        Part10Writer.write(dataSet, file);
    }

    private static DataSet build(CtVolume source, SegmentationReference segmentation, SegmentDescription segment, LiverVolume volume,
            QualityAssessment quality, OutputIdentity identity) {
        DataSet dataSet = new DataSet();
        CommonModules.put(dataSet, SopClasses.COMPREHENSIVE_3D_SR_STORAGE, "SR", source, identity);
        // SR Document Series: the node works without a performed procedure step
        dataSet.putSequence(Tag.ReferencedPerformedProcedureStepSequence, List.of());

        // SR Document General
        dataSet.put(Tag.InstanceNumber, Integer.toString(identity.instanceNumber()));
        dataSet.put(Tag.ContentDate, identity.contentDate());
        dataSet.put(Tag.ContentTime, identity.contentTime());
        dataSet.put(Tag.CompletionFlag, "COMPLETE");
        dataSet.put(Tag.VerificationFlag, "UNVERIFIED");
        dataSet.putSequence(Tag.PerformedProcedureCodeSequence, List.of());
        dataSet.putSequence(Tag.CurrentRequestedProcedureEvidenceSequence, new DataSet()
                .put(Tag.StudyInstanceUID, source.studyInstanceUid())
                .putSequence(Tag.ReferencedSeriesSequence,
                        new DataSet()
                                .put(Tag.SeriesInstanceUID, source.seriesInstanceUid())
                                .putSequence(Tag.ReferencedSOPSequence, SourceReferences.everySlice(source)),
                        new DataSet()
                                .put(Tag.SeriesInstanceUID, segmentation.seriesInstanceUid())
                                .putSequence(Tag.ReferencedSOPSequence, new DataSet()
                                        .put(Tag.ReferencedSOPClassUID, SopClasses.SEGMENTATION_STORAGE)
                                        .put(Tag.ReferencedSOPInstanceUID, segmentation.sopInstanceUid()))));

        // SR Document Content
        List<ContentItem> root = new ArrayList<>();
        root.add(new ContentItem(HAS_CONCEPT_MOD, ReportCodes.LANGUAGE, new ContentValue.Code(ReportCodes.ENGLISH_US)));
        root.addAll(deviceObserver(identity));
        root.add(new ContentItem(HAS_CONCEPT_MOD, ReportCodes.PROCEDURE_REPORTED, new ContentValue.Code(ReportCodes.CT_UNSPECIFIED_BODY_REGION)));
        root.add(new ContentItem(CONTAINS, ReportCodes.IMAGING_MEASUREMENTS, new ContentValue.Container(""),
                List.of(measurementGroup(source, segmentation, segment, volume, quality))));
        new DocumentContent(ReportCodes.IMAGING_MEASUREMENT_REPORT, new ContentValue.Container("1500"), root).putInto(dataSet);
        return dataSet;
    }

    /** TID 1001: the node observed, a device identified as in General Equipment, by a UID of this installation. */
    private static List<ContentItem> deviceObserver(OutputIdentity identity) {
        String deviceUid = DerivedUid.of(List.of(CommonModules.MANUFACTURER, identity.deviceSerialNumber(), "DeviceObserverUID"));
        return List.of(
                new ContentItem(HAS_OBS_CONTEXT, ReportCodes.OBSERVER_TYPE, new ContentValue.Code(ReportCodes.DEVICE)),
                new ContentItem(HAS_OBS_CONTEXT, ReportCodes.DEVICE_OBSERVER_UID, new ContentValue.UidRef(deviceUid)),
                new ContentItem(HAS_OBS_CONTEXT, ReportCodes.DEVICE_OBSERVER_NAME, new ContentValue.Text(identity.deviceSerialNumber())),
                new ContentItem(HAS_OBS_CONTEXT, ReportCodes.DEVICE_OBSERVER_MANUFACTURER, new ContentValue.Text(CommonModules.MANUFACTURER)),
                new ContentItem(HAS_OBS_CONTEXT, ReportCodes.DEVICE_OBSERVER_MODEL_NAME, new ContentValue.Text(CommonModules.MANUFACTURER)));
    }

    /** TID 1411 for the segment, in the template's order. */
    private static ContentItem measurementGroup(CtVolume source, SegmentationReference segmentation, SegmentDescription segment,
            LiverVolume volume, QualityAssessment quality) {
        int segmentNumber = DicomSegmentation.SEGMENT_NUMBER;
        // The tracked finding is the SEG's segment, so a report made again for the same SEG tracks the same one.
        String trackingUid = DerivedUid.of(List.of(segmentation.sopInstanceUid(), Integer.toString(segmentNumber), "TrackingUID"));
        List<ContentItem> group = new ArrayList<>();
        group.add(new ContentItem(HAS_OBS_CONTEXT, ReportCodes.TRACKING_IDENTIFIER, new ContentValue.Text(segment.label())));
        group.add(new ContentItem(HAS_OBS_CONTEXT, ReportCodes.TRACKING_UNIQUE_IDENTIFIER, new ContentValue.UidRef(trackingUid)));
        group.add(new ContentItem(CONTAINS, ReportCodes.FINDING, new ContentValue.Code(segment.type())));
        group.add(new ContentItem(CONTAINS, ReportCodes.REFERENCED_SEGMENT,
                new ContentValue.Image(SopClasses.SEGMENTATION_STORAGE, segmentation.sopInstanceUid(), segmentNumber)));
        group.add(new ContentItem(CONTAINS, ReportCodes.SOURCE_SERIES_FOR_SEGMENTATION, new ContentValue.UidRef(source.seriesInstanceUid())));
        if (!"MANUAL".equals(segment.algorithmType())) {
            group.add(new ContentItem(HAS_CONCEPT_MOD, ReportCodes.ALGORITHM_NAME, new ContentValue.Text(segment.algorithmName())));
            group.add(new ContentItem(HAS_CONCEPT_MOD, ReportCodes.ALGORITHM_VERSION, new ContentValue.Text(segment.algorithmVersion())));
        }
        List<ContentItem> volumeProperties = volume.withinScannedRangeOnly()
                ? List.of(new ContentItem(HAS_PROPERTIES, ReportCodes.COMMENT, new ContentValue.Text(ReportCodes.WITHIN_SCANNED_RANGE_ONLY)))
                : List.of();
        group.add(new ContentItem(CONTAINS, ReportCodes.VOLUME, new ContentValue.Num(volume.millilitres(), ReportCodes.MILLILITRE),
                volumeProperties));
        group.add(new ContentItem(CONTAINS, ReportCodes.QUALITY_ASSESSMENT, new ContentValue.Code(QualityAssessment.PASS.equals(quality.outcome())
                ? ReportCodes.MEETS_QUALITY_STANDARD : ReportCodes.DOES_NOT_MEET_QUALITY_STANDARD),
                quality.reasons().stream()
                        .map(reason -> new ContentItem(HAS_PROPERTIES, ReportCodes.QUALITY_FINDING, new ContentValue.Text(reason))).toList()));
        return new ContentItem(CONTAINS, ReportCodes.MEASUREMENT_GROUP, new ContentValue.Container("1411"), group);
    }
}
