package org.livernode.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;

/**
 * Filling a PixelMed AttributeList, for the code that still builds one itself (WarmUp's and the tests'
 * synthetic CT) until it writes through {@link DataSet}: the VR of each attribute comes from the data dictionary.
 */
public final class AttributeLists {

    private AttributeLists() {}

    /** Puts {@code tag} with these values; with none, an empty (Type 2) attribute. */
    public static void put(AttributeList list, AttributeTag tag, String... values) throws DicomException {
        Attribute attribute = list.putNewAttribute(tag);
        for (String value : values) {
            attribute.addValue(value);
        }
    }
}
