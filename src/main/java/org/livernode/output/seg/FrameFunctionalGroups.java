package org.livernode.output.seg;

import org.livernode.dicom.CodedConcept;
import org.livernode.dicom.DataSet;
import org.livernode.dicom.DecimalString;
import org.livernode.dicom.Tag;
import org.livernode.output.SourceReferences;
import org.livernode.volume.Vec3;

/**
 * The functional groups of one frame of the node's SEG, an item of PerFrameFunctionalGroupsSequence, described
 * once for both directions: {@link #toDataSet} builds the item {@link DicomSegmentation} writes,
 * {@link #fromDataSet} parses it back for {@link SegmentationFrames}. The frame is derived from one source image
 * (DerivationImageSequence > SourceImageSequence), lies where that image lies (PlanePositionSequence) and shows one
 * segment (SegmentIdentificationSequence); FrameContentSequence indexes it by segment, then by position.
 *
 * @param position ImagePositionPatient of the source image (mm)
 * @param segmentNumber the segment the frame shows, from 1
 * @param positionIndex the rank of the frame's position among all frames, from 1
 */
public record FrameFunctionalGroups(String sourceSopClassUid, String sourceSopInstanceUid, Vec3 position, int segmentNumber,
        int positionIndex) {

    private static final CodedConcept SOURCE_IMAGE = new CodedConcept("121322", "DCM", "Source image for image processing operation");
    private static final CodedConcept SEGMENTATION = new CodedConcept("113076", "DCM", "Segmentation");

    /** @throws IllegalArgumentException saying what is missing or out of range */
    public FrameFunctionalGroups {
        if (sourceSopClassUid.isBlank() || sourceSopInstanceUid.isBlank()) {
            throw new IllegalArgumentException("a frame's source image needs a SOP Class UID and a SOP Instance UID");
        }
        if (segmentNumber < 1 || positionIndex < 1) {
            throw new IllegalArgumentException("segment number " + segmentNumber + " and position index " + positionIndex
                    + " of a frame count from 1");
        }
    }

    public DataSet toDataSet() {
        DataSet sourceImage = SourceReferences.image(sourceSopClassUid, sourceSopInstanceUid)
                .putCode(Tag.PurposeOfReferenceCodeSequence, SOURCE_IMAGE)
                .put(Tag.SpatialLocationsPreserved, "YES");
        DataSet derivation = new DataSet()
                .putSequence(Tag.SourceImageSequence, sourceImage)
                .putCode(Tag.DerivationCodeSequence, SEGMENTATION);
        return new DataSet()
                .putSequence(Tag.DerivationImageSequence, derivation)
                .putSequence(Tag.FrameContentSequence, new DataSet()
                        .put(Tag.DimensionIndexValues, Integer.toString(segmentNumber), Integer.toString(positionIndex)))
                .putSequence(Tag.PlanePositionSequence, new DataSet()
                        .put(Tag.ImagePositionPatient, DecimalString.of(position.x()), DecimalString.of(position.y()), DecimalString.of(position.z())))
                .putSequence(Tag.SegmentIdentificationSequence, new DataSet()
                        .put(Tag.ReferencedSegmentNumber, Integer.toString(segmentNumber)));
    }

    /** @throws IllegalArgumentException saying what the item lacks or what does not agree */
    public static FrameFunctionalGroups fromDataSet(DataSet item) {
        DataSet sourceImage = item.item(Tag.DerivationImageSequence).item(Tag.SourceImageSequence);
        double[] position = item.item(Tag.PlanePositionSequence).doubles(Tag.ImagePositionPatient);
        if (position.length != 3) {
            throw new IllegalArgumentException("ImagePositionPatient of a frame has " + position.length + " values, not 3");
        }
        int[] segment = item.item(Tag.SegmentIdentificationSequence).integers(Tag.ReferencedSegmentNumber);
        int[] index = item.item(Tag.FrameContentSequence).integers(Tag.DimensionIndexValues);
        if (segment.length != 1 || index.length != 2) {
            throw new IllegalArgumentException("a frame needs one ReferencedSegmentNumber and two DimensionIndexValues (segment, position), got "
                    + segment.length + " and " + index.length);
        }
        if (index[0] != segment[0]) {
            throw new IllegalArgumentException("a frame of segment " + segment[0] + " is indexed as one of segment " + index[0]);
        }
        return new FrameFunctionalGroups(sourceImage.string(Tag.ReferencedSOPClassUID), sourceImage.string(Tag.ReferencedSOPInstanceUID),
                Vec3.of(position), segment[0], index[1]);
    }
}
