package org.livernode.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.StringAttribute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads an object the node wrote back into a {@link DataSet}, the inverse of {@link Part10Writer}: for readers
 * that parse the node's own objects with the same types that built them (the SR's content items). Text values
 * come back without their padding; the file meta information is left out.
 */
public final class DataSetReader {

    private DataSetReader() {}

    /**
     * @throws DicomReadException when the file is not DICOM, or holds an element a {@link DataSet} cannot
     *     (one the data dictionary does not know, or of a VR such as OW that the node never writes)
     */
    public static DataSet read(Path file) throws DicomReadException {
        AttributeList list = new AttributeList();
        try {
            list.read(file.toFile());
            list.removeMetaInformationHeaderAttributes();
            return dataSet(list);
        } catch (IOException | DicomException | RuntimeException e) {
            throw new DicomReadException(file, e);
        }
    }

    private static DataSet dataSet(AttributeList list) throws DicomException {
        DataSet dataSet = new DataSet();
        for (Attribute attribute : list.values()) {
            Tag tag = new Tag(attribute.getGroup(), attribute.getElement());
            if (attribute instanceof SequenceAttribute sequence) {
                List<DataSet> items = new ArrayList<>();
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    items.add(dataSet(sequence.getItem(i).getAttributeList()));
                }
                dataSet.putSequence(tag, items);
            } else if (attribute instanceof AttributeTagAttribute pointers) {
                dataSet.putTags(tag, Arrays.stream(pointers.getAttributeTagValues())
                        .map(pointer -> new Tag(pointer.getGroup(), pointer.getElement())).toArray(Tag[]::new));
            } else if ("OB".equals(vr(attribute))) {
                dataSet.putBytes(tag, attribute.getByteValues());
            } else {
                // Numbers of the binary VRs come in decimal form, as DataSet keeps them.
                String[] values = attribute instanceof StringAttribute text ? text.getOriginalStringValues() : attribute.getStringValues();
                String vr = vr(attribute);
                dataSet.put(tag, values == null ? List.of() : Arrays.stream(values).map(v -> ValueCleaning.stripPadding(v, vr)).toList());
            }
        }
        return dataSet;
    }

    private static String vr(Attribute attribute) {
        return new String(attribute.getVR(), StandardCharsets.US_ASCII);
    }
}
