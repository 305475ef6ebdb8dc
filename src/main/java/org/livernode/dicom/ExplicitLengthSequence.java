package org.livernode.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A sequence written with explicit lengths (sequence and items) instead of PixelMed's delimiters. DCMTK-based
 * archives such as Orthanc store every object with explicit lengths, so writing ours that way means the PACS
 * keeps exactly the bytes we sent, and a round trip can be checked byte for byte.
 */
final class ExplicitLengthSequence extends SequenceAttribute {

    ExplicitLengthSequence(AttributeTag tag) {
        super(tag);
    }

    /** A copy of {@code list} in which every sequence, at any depth, is written with explicit lengths. */
    static AttributeList convert(AttributeList list) {
        AttributeList converted = new AttributeList();
        for (Attribute a : list.values()) {
            if (a instanceof SequenceAttribute sequence) {
                ExplicitLengthSequence explicit = new ExplicitLengthSequence(sequence.getTag());
                Iterator<SequenceItem> items = sequence.iterator();
                while (items.hasNext()) {
                    explicit.addItem(convert(items.next().getAttributeList()));
                }
                converted.put(explicit);
            } else {
                converted.put(a);
            }
        }
        return converted;
    }

    @Override
    public void write(DicomOutputStream o) throws DicomException, IOException {
        List<byte[]> items = new ArrayList<>();
        long length = 0;
        Iterator<SequenceItem> iterator = iterator();
        while (iterator.hasNext()) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            DicomOutputStream itemStream = new DicomOutputStream(buffer, null, o.getTransferSyntaxToWriteDataSet().getUID());
            iterator.next().getAttributeList().write(itemStream);
            itemStream.flush();
            byte[] item = buffer.toByteArray();
            items.add(item);
            length += 8 + item.length;
        }
        if (length > 0xfffffffeL) {
            throw new DicomException("sequence " + getTag() + " is too long for an explicit length: " + length + " bytes");
        }
        valueLength = length;
        writeBase(o);
        for (byte[] item : items) {
            o.writeUnsigned16(0xfffe);
            o.writeUnsigned16(0xe000);
            o.writeUnsigned32(item.length);
            o.write(item);
        }
    }
}
