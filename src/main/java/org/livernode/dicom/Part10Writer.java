package org.livernode.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.livernode.state.DurableFiles;

/**
 * Writes the objects the node creates: Part 10, sequences with explicit lengths, explicit VR little endian
 * unless an object needs another transfer syntax. The specific character set is the one suitable for all
 * string values (ISO_IR 100 when one needs Latin-1, none for plain ASCII).
 */
public final class Part10Writer {
    private Part10Writer() {}

    /**
     * Writes {@code dataSet} with file meta information for its SOP Class and Instance UIDs to {@code file}
     * through a temporary sibling: fsync'ed and renamed atomically, so that no reader ever sees half a file and a
     * job record written after it never names one that a power cut could have lost.
     */
    public static void write(DataSet dataSet, Path file) throws IOException {
        write(dataSet, file, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    /** As {@link #write(DataSet, Path)}, in {@code transferSyntax}. */
    public static void write(DataSet dataSet, Path file, TransferSyntax transferSyntax) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try {
            AttributeList list = attributeList(dataSet);
            list.insertSuitableSpecificCharacterSetForAllStringValues();
            AttributeList encoded = ExplicitLengthSequence.convert(list);
            // No SourceApplicationEntityTitle: the node's AE title is configuration, not known to the writers.
            FileMetaInformation.addFileMetaInformation(encoded, transferSyntax.uid(), null);
            encoded.write(partial.toFile(), transferSyntax.uid(), true, true);
            DurableFiles.commit(partial, file);
        } catch (DicomException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The data set as PixelMed attributes, each with the VR the data set gives it. */
    static AttributeList attributeList(DataSet dataSet) throws DicomException {
        AttributeList list = new AttributeList();
        for (Map.Entry<Tag, DataSet.Value> element : dataSet.elements().entrySet()) {
            list.put(attribute(element.getKey(), element.getValue()));
        }
        return list;
    }

    private static Attribute attribute(Tag tag, DataSet.Value value) throws DicomException {
        if (value instanceof DataSet.Text text && "DS".equals(text.vr())) {
            return new DecimalStringElement(DataDictionary.attributeTag(tag), text.values());
        }
        if (value instanceof DataSet.Text text) {
            Attribute attribute = AttributeFactory.newAttribute(DataDictionary.attributeTag(tag),
                    text.vr().getBytes(StandardCharsets.US_ASCII));
            for (String v : text.values()) {
                attribute.addValue(v);
            }
            return attribute;
        }
        if (value instanceof DataSet.Tags tags) {
            AttributeTagAttribute attribute = new AttributeTagAttribute(DataDictionary.attributeTag(tag));
            for (Tag pointer : tags.values()) {
                attribute.addValue(DataDictionary.attributeTag(pointer));
            }
            return attribute;
        }
        if (value instanceof DataSet.Bytes bytes) {
            OtherByteAttribute attribute = new OtherByteAttribute(DataDictionary.attributeTag(tag));
            attribute.setValues(bytes.value());
            return attribute;
        }
        SequenceAttribute sequence = new SequenceAttribute(DataDictionary.attributeTag(tag));
        for (DataSet item : ((DataSet.Items) value).items()) {
            sequence.addItem(attributeList(item));
        }
        return sequence;
    }
}
