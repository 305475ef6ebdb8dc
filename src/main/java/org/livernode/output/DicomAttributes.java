package org.livernode.output;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import org.livernode.volume.CtSlice;

/** Shorthands for filling a PixelMed AttributeList: the VR of each attribute comes from the data dictionary. */
public final class DicomAttributes {

    private DicomAttributes() {}

    /** Puts {@code tag} with these values; with none, an empty (Type 2) attribute. */
    public static void put(AttributeList list, AttributeTag tag, String... values) throws DicomException {
        Attribute attribute = list.putNewAttribute(tag);
        for (String value : values) {
            attribute.addValue(value);
        }
    }

    /** Puts a sequence with these items. */
    public static void putSequence(AttributeList list, AttributeTag tag, AttributeList... items) {
        SequenceAttribute sequence = new SequenceAttribute(tag);
        for (AttributeList item : items) {
            sequence.addItem(item);
        }
        list.put(sequence);
    }

    /** Puts a code sequence with one item holding {@code code}. */
    public static void putCode(AttributeList list, AttributeTag tag, CodedConcept code) throws DicomException {
        CodedSequenceItem.putSingleCodedSequenceItem(list, tag, code.value(), code.scheme(), code.meaning());
    }

    /** An item that references a source slice: its ReferencedSOPClassUID and ReferencedSOPInstanceUID. */
    public static AttributeList referencedInstance(CtSlice slice) throws DicomException {
        AttributeList reference = new AttributeList();
        put(reference, TagFromName.ReferencedSOPClassUID, slice.sopClassUid());
        put(reference, TagFromName.ReferencedSOPInstanceUID, slice.sopInstanceUid());
        return reference;
    }
}
