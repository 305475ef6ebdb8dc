package org.livernode.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import java.util.ArrayList;
import java.util.List;

/** Reading PixelMed attribute lists by our {@link Tag}s, for the readers of objects the node wrote (SEG, RTSTRUCT). */
final class AttributeLists {

    private AttributeLists() {}

    /** The items of a sequence; none when the element is absent or not a sequence. */
    static List<AttributeList> items(AttributeList list, Tag tag) {
        List<AttributeList> items = new ArrayList<>();
        if (list.get(DataDictionary.attributeTag(tag)) instanceof SequenceAttribute sequence) {
            for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                items.add(sequence.getItem(i).getAttributeList());
            }
        }
        return items;
    }
}
