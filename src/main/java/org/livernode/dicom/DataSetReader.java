package org.livernode.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.StringAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Part 10 file into a {@link DataSet}, the inverse of {@link Part10Writer}: the data set without its file
 * meta information, each element with the VR the file gives it. String and binary number VRs become text (padding
 * trimmed, numbers in decimal form), AT tags, the other-binary VRs (OB, OW, ...) and UN bytes, SQ items.
 */
public final class DataSetReader {
    private DataSetReader() {}

    /** @throws DicomReadException naming the file, when it is not DICOM or holds an element a DataSet has no value for */
    public static DataSet read(Path file) throws DicomReadException {
        AttributeList list = new AttributeList();
        try {
            list.read(file.toFile());
            // PixelMed reads any bytes as some data set; a file the writer wrote starts with file meta information.
            if (Attribute.getSingleStringValueOrEmptyString(list, TagFromName.TransferSyntaxUID).isBlank()) {
                throw new DicomException("no file meta information: not a Part 10 file");
            }
            list.removeMetaInformationHeaderAttributes();
            return dataSet(list);
        } catch (IOException | DicomException | RuntimeException e) {
            throw new DicomReadException(file, e);
        }
    }

    private static DataSet dataSet(AttributeList list) throws DicomException {
        DataSet dataSet = new DataSet();
        for (Attribute attribute : list.values()) {
            dataSet.putValue(new Tag(attribute.getGroup(), attribute.getElement()), value(attribute));
        }
        return dataSet;
    }

    private static DataSet.Value value(Attribute attribute) throws DicomException {
        String vr = new String(attribute.getVR(), StandardCharsets.US_ASCII);
        if (attribute instanceof SequenceAttribute sequence) {
            List<DataSet> items = new ArrayList<>(sequence.getNumberOfItems());
            for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                items.add(dataSet(sequence.getItem(i).getAttributeList()));
            }
            return new DataSet.Items(items);
        }
        if (attribute instanceof AttributeTagAttribute pointers) {
            List<Tag> tags = new ArrayList<>();
            for (AttributeTag tag : pointers.getAttributeTagValues()) {
                tags.add(new Tag(tag.getGroup(), tag.getElement()));
            }
            return new DataSet.Tags(tags);
        }
        if (DataSet.TEXT_VRS.contains(vr)) {
            String[] values = attribute instanceof StringAttribute ? attribute.getOriginalStringValues() : attribute.getStringValues();
            List<String> trimmed = new ArrayList<>();
            for (String value : values == null ? new String[0] : values) {
                trimmed.add(InstanceHeader.trim(value == null ? "" : value));
            }
            return new DataSet.Text(vr, trimmed);
        }
        if (vr.startsWith("O") || "UN".equals(vr)) {
            byte[] bytes = attribute.getByteValues(false);
            return new DataSet.Bytes(bytes == null ? new byte[0] : bytes);
        }
        throw new DicomException("element " + new Tag(attribute.getGroup(), attribute.getElement()) + " has VR " + vr
                + ", which a DataSet does not hold");
    }
}
