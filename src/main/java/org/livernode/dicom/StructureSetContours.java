package org.livernode.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The contours of an RT Structure Set (one the node wrote) read back: for each contour the image it lies on
 * (ContourImageSequence) and its points in patient coordinates (ContourData, x y z triplets in mm), in the order
 * of ROIContourSequence > ContourSequence.
 */
public final class StructureSetContours {
    private StructureSetContours() {}

    /** One contour: the SOP Instance UID of its image (empty when it names none) and its points, x y z in turn. */
    public record Contour(String sopInstanceUid, double[] points) {}

    public static List<Contour> read(Path file) throws DicomReadException {
        AttributeList list = new AttributeList();
        try {
            list.read(file.toFile());
            if (!(list.get(DataDictionary.attributeTag(Tag.ROIContourSequence)) instanceof SequenceAttribute)) {
                throw new DicomException("no ROIContourSequence: not an RT Structure Set");
            }
            List<Contour> contours = new ArrayList<>();
            for (AttributeList roi : AttributeLists.items(list, Tag.ROIContourSequence)) {
                for (AttributeList contour : AttributeLists.items(roi, Tag.ContourSequence)) {
                    String image = "";
                    for (AttributeList reference : AttributeLists.items(contour, Tag.ContourImageSequence)) {
                        image = Attribute.getSingleStringValueOrEmptyString(reference, DataDictionary.attributeTag(Tag.ReferencedSOPInstanceUID));
                    }
                    Attribute data = contour.get(DataDictionary.attributeTag(Tag.ContourData));
                    double[] points = data == null ? new double[0] : data.getDoubleValues();
                    if (points.length % 3 != 0) {
                        throw new DicomException("ContourData with " + points.length + " values, not x y z triplets");
                    }
                    contours.add(new Contour(image, points));
                }
            }
            return contours;
        } catch (IOException | DicomException | RuntimeException e) {
            throw new DicomReadException(file, e);
        }
    }

}
