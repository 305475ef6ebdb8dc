package org.livernode.output.sr;

import java.nio.file.Path;
import java.util.Locale;
import org.livernode.dicom.DataSet;
import org.livernode.dicom.DataSetReader;
import org.livernode.dicom.DicomReadException;

/**
 * What a volume report written by {@link DicomVolumeReport} states, read back through the same content items.
 *
 * @param referencedSegment the segment of the SEG that was measured
 * @param sourceSeriesInstanceUid the CT series the segmentation was made from
 */
public record VolumeReport(LiverVolume volume, QualityAssessment quality, ContentValue.Image referencedSegment, String sourceSeriesInstanceUid) {

    /**
     * @throws DicomReadException when the file is not DICOM
     * @throws IllegalArgumentException naming the item that is missing or not as the node writes it
     */
    public static VolumeReport read(Path file) throws DicomReadException {
        return fromDataSet(DataSetReader.read(file));
    }

    /** @throws IllegalArgumentException naming the item that is missing or not as the node writes it */
    public static VolumeReport fromDataSet(DataSet dataSet) {
        DocumentContent document = DocumentContent.fromDataSet(dataSet);
        if (!ContentItem.sameConcept(document.title(), ReportCodes.IMAGING_MEASUREMENT_REPORT)) {
            throw new IllegalArgumentException("not a measurement report: the document's title is \"" + document.title().meaning() + "\"");
        }
        ContentItem group = document.child(ReportCodes.IMAGING_MEASUREMENTS).child(ReportCodes.MEASUREMENT_GROUP);

        ContentItem volumeItem = group.child(ReportCodes.VOLUME);
        ContentValue.Num volume = value(volumeItem, ContentValue.Num.class);
        if (!ContentItem.sameConcept(volume.units(), ReportCodes.MILLILITRE)) {
            throw new IllegalArgumentException("the volume is in " + volume.units().value() + " (" + volume.units().scheme() + "), not ml (UCUM)");
        }
        boolean withinScannedRangeOnly = volumeItem.children(ReportCodes.COMMENT).stream()
                .anyMatch(comment -> comment.value() instanceof ContentValue.Text text && ReportCodes.WITHIN_SCANNED_RANGE_ONLY.equals(text.value()));

        ContentItem assessment = group.child(ReportCodes.QUALITY_ASSESSMENT);
        ContentValue.Code outcome = value(assessment, ContentValue.Code.class);
        String outcomeName;
        if (ContentItem.sameConcept(outcome.value(), ReportCodes.MEETS_QUALITY_STANDARD)) {
            outcomeName = QualityAssessment.PASS;
        } else if (ContentItem.sameConcept(outcome.value(), ReportCodes.DOES_NOT_MEET_QUALITY_STANDARD)) {
            outcomeName = QualityAssessment.REVIEW;
        } else {
            throw new IllegalArgumentException("the quality assessment is \"" + outcome.value().meaning() + "\", neither outcome the node writes");
        }
        QualityAssessment quality = new QualityAssessment(outcomeName, assessment.children(ReportCodes.QUALITY_FINDING).stream()
                .map(finding -> value(finding, ContentValue.Text.class).value()).toList());

        return new VolumeReport(new LiverVolume(volume.value(), withinScannedRangeOnly), quality,
                value(group.child(ReportCodes.REFERENCED_SEGMENT), ContentValue.Image.class),
                value(group.child(ReportCodes.SOURCE_SERIES_FOR_SEGMENTATION), ContentValue.UidRef.class).uid());
    }

    private static <T extends ContentValue> T value(ContentItem item, Class<T> type) {
        if (!type.isInstance(item.value())) {
            throw new IllegalArgumentException("\"" + item.name().meaning() + "\" is a " + item.value().valueType() + " item, not a "
                    + type.getSimpleName().toUpperCase(Locale.ROOT));
        }
        return type.cast(item.value());
    }
}
