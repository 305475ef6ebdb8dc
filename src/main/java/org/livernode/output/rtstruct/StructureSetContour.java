package org.livernode.output.rtstruct;

import org.livernode.dicom.DataSet;
import org.livernode.dicom.DecimalString;
import org.livernode.dicom.Tag;
import org.livernode.output.SourceReferences;

/**
 * One contour of the node's RT Structure Set, an item of ROIContourSequence > ContourSequence, described once for
 * both directions: {@link #toDataSet} builds the item {@link DicomStructureSet} writes, {@link #fromDataSet} parses
 * it back for {@link StructureSetContours}. The contour is CLOSED_PLANAR and lies on one image
 * (ContourImageSequence).
 *
 * @param number ContourNumber, from 1
 * @param points ContourData: x y z of each point in turn, in patient coordinates (mm)
 */
public record StructureSetContour(int number, String imageSopClassUid, String imageSopInstanceUid, double[] points) {
    private static final String CLOSED_PLANAR = "CLOSED_PLANAR";

    /** @throws IllegalArgumentException saying what is missing or does not fit */
    public StructureSetContour {
        if (number < 1) {
            throw new IllegalArgumentException("contour number " + number + ": contours count from 1");
        }
        if (imageSopClassUid.isBlank() || imageSopInstanceUid.isBlank()) {
            throw new IllegalArgumentException("contour " + number + " needs the SOP Class UID and SOP Instance UID of its image");
        }
        if (points.length % 3 != 0) {
            throw new IllegalArgumentException("ContourData with " + points.length + " values, not x y z triplets");
        }
        points = points.clone();
    }

    @Override
    public double[] points() {
        return points.clone();
    }

    public DataSet toDataSet() {
        String[] data = new String[points.length];
        for (int i = 0; i < points.length; i++) {
            data[i] = DecimalString.of(points[i]);
        }
        return new DataSet()
                .putSequence(Tag.ContourImageSequence, SourceReferences.image(imageSopClassUid, imageSopInstanceUid))
                .put(Tag.ContourGeometricType, CLOSED_PLANAR)
                .put(Tag.NumberOfContourPoints, Integer.toString(points.length / 3))
                .put(Tag.ContourNumber, Integer.toString(number))
                .put(Tag.ContourData, data);
    }

    /** @throws IllegalArgumentException saying what the item lacks or what does not agree */
    public static StructureSetContour fromDataSet(DataSet item) {
        if (!CLOSED_PLANAR.equals(item.string(Tag.ContourGeometricType))) {
            throw new IllegalArgumentException("a contour that is not " + CLOSED_PLANAR);
        }
        int[] number = item.integers(Tag.ContourNumber);
        DataSet image = item.item(Tag.ContourImageSequence);
        StructureSetContour contour = new StructureSetContour(number.length == 1 ? number[0] : 0, image.string(Tag.ReferencedSOPClassUID),
                image.string(Tag.ReferencedSOPInstanceUID), item.doubles(Tag.ContourData));
        int[] count = item.integers(Tag.NumberOfContourPoints);
        if (count.length != 1 || count[0] != contour.points.length / 3) {
            throw new IllegalArgumentException("contour " + contour.number + " has " + contour.points.length / 3
                    + " points in ContourData, not the NumberOfContourPoints it gives");
        }
        return contour;
    }
}
