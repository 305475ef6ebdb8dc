package org.livernode.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.StringAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.livernode.dicom.DecimalString;
import org.livernode.dicom.Tag;
import org.livernode.dicom.ValueCleaning;
import org.livernode.volume.CtVolume;

/** Reading a written output back with PixelMed, an independent reader, and what every output holds alike. */
public final class ReadBack {

    private ReadBack() {}

    public static AttributeList read(Path file) throws IOException, DicomException {
        AttributeList list = new AttributeList();
        list.read(file.toString());
        return list;
    }

    /** PixelMed's tag for one of ours. */
    public static AttributeTag at(Tag tag) {
        return new AttributeTag(tag.group(), tag.element());
    }

    public static String value(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrNull(list, tag);
    }

    public static List<AttributeList> items(AttributeList list, AttributeTag tag) {
        SequenceAttribute sequence = (SequenceAttribute) list.get(tag);
        assertNotNull(sequence, "no sequence " + tag);
        List<AttributeList> items = new ArrayList<>();
        for (int i = 0; i < sequence.getNumberOfItems(); i++) {
            items.add(sequence.getItem(i).getAttributeList());
        }
        return items;
    }

    /** The one item of a sequence that must have exactly one. */
    public static AttributeList only(AttributeList list, AttributeTag tag) {
        List<AttributeList> items = items(list, tag);
        assertEquals(1, items.size(), "items in " + tag);
        return items.get(0);
    }

    /** CodeValue, CodingSchemeDesignator and CodeMeaning of the one item of a code sequence. */
    public static List<String> code(AttributeList list, AttributeTag tag) {
        AttributeList code = only(list, tag);
        return List.of(value(code, TagFromName.CodeValue), value(code, TagFromName.CodingSchemeDesignator), value(code, TagFromName.CodeMeaning));
    }

    /**
     * The modules every output shares ({@link CommonModules}): its identity and the fixed one of
     * {@code OutputFixtures.identity}, the node as maker, and the patient and study of the source.
     */
    public static void assertCommonModules(AttributeList list, CtVolume source, OutputIdentity identity, String modality,
            String seriesNumber) {
        assertEquals(modality, value(list, TagFromName.Modality));
        assertEquals(identity.sopInstanceUid(), value(list, TagFromName.SOPInstanceUID));
        assertEquals(identity.seriesInstanceUid(), value(list, TagFromName.SeriesInstanceUID));
        assertEquals(seriesNumber, value(list, TagFromName.SeriesNumber));
        assertEquals(identity.seriesDescription(), value(list, TagFromName.SeriesDescription));
        assertEquals("20261127", value(list, TagFromName.SeriesDate));
        assertEquals("104207", value(list, TagFromName.SeriesTime));
        assertEquals("livernode", value(list, TagFromName.Manufacturer));
        assertEquals("livernode", value(list, TagFromName.ManufacturerModelName));
        assertEquals("node-01", value(list, TagFromName.DeviceSerialNumber));
        assertEquals("0.1.0", value(list, TagFromName.SoftwareVersions));
        assertEquals(source.studyInstanceUid(), value(list, TagFromName.StudyInstanceUID));
        assertEquals("ACC0001", value(list, TagFromName.AccessionNumber));
        assertEquals("20261127", value(list, TagFromName.StudyDate));
    }

    /** Every NUL anywhere but in UID padding, and every DS value over 16 characters, at any depth. */
    public static List<String> uncleanValues(AttributeList list) throws DicomException {
        List<String> problems = new ArrayList<>();
        collectUncleanValues(list, "", problems);
        return problems;
    }

    private static void collectUncleanValues(AttributeList list, String path, List<String> problems) throws DicomException {
        for (Attribute attribute : list.values()) {
            String where = path + attribute.getTag();
            if (attribute instanceof SequenceAttribute sequence) {
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    collectUncleanValues(sequence.getItem(i).getAttributeList(), where + "[" + i + "].", problems);
                }
            } else if (attribute instanceof StringAttribute && attribute.getVM() > 0) {
                String vr = new String(attribute.getVR());
                for (String value : attribute.getOriginalStringValues()) {
                    String unpadded = "UI".equals(vr) ? value.replaceFirst("\0$", "") : value;
                    if (unpadded.indexOf('\0') >= 0) {
                        problems.add(where + " " + vr + " has a NUL: " + value.replace("\0", "<NUL>"));
                    }
                    if ("DS".equals(vr) && ValueCleaning.stripPadding(value, vr).length() > DecimalString.MAX_LENGTH) {
                        problems.add(where + " DS value over 16 characters: " + value);
                    }
                }
            }
        }
    }
}
