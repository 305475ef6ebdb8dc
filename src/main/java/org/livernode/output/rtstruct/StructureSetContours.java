package org.livernode.output.rtstruct;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.livernode.dicom.DataSet;
import org.livernode.dicom.DataSetReader;
import org.livernode.dicom.DicomReadException;
import org.livernode.dicom.Tag;

/** The contours of an RT Structure Set the node wrote ({@link DicomStructureSet}), read back in the order of ROIContourSequence > ContourSequence. */
public final class StructureSetContours {
    private StructureSetContours() {}

    /** @throws DicomReadException naming the file, when it is not DICOM or not an RT Structure Set as the node writes one */
    public static List<StructureSetContour> read(Path file) throws DicomReadException {
        DataSet dataSet = DataSetReader.read(file);
        try {
            if (!dataSet.contains(Tag.ROIContourSequence)) {
                throw new IllegalArgumentException("no ROIContourSequence: not an RT Structure Set");
            }
            List<StructureSetContour> contours = new ArrayList<>();
            for (DataSet roi : dataSet.items(Tag.ROIContourSequence)) {
                for (DataSet contour : roi.items(Tag.ContourSequence)) {
                    contours.add(StructureSetContour.fromDataSet(contour));
                }
            }
            return contours;
        } catch (IllegalArgumentException e) {
            throw new DicomReadException(file, e);
        }
    }
}
