package org.livernode.output.sr;

import java.util.List;
import org.livernode.dicom.CodedConcept;
import org.livernode.dicom.DataSet;
import org.livernode.dicom.DecimalString;
import org.livernode.dicom.Tag;
import org.livernode.dicom.UidSyntax;

/**
 * The value of one SR content item, one record per value type (PS3.3 C.17.3 and its macros): each writes its
 * attributes into the item and reads them back, so that what the encoder builds and what the reader parses are
 * described once.
 */
public sealed interface ContentValue permits ContentValue.Container, ContentValue.Code, ContentValue.Num, ContentValue.Text,
        ContentValue.UidRef, ContentValue.Image {

    /** The ValueType attribute of an item holding this value. */
    String valueType();

    /** Puts the value's attributes into {@code item}. */
    void putInto(DataSet item);

    /**
     * The value of a content item, by its ValueType.
     *
     * @throws IllegalArgumentException naming what is missing or which value type the node does not read
     */
    static ContentValue fromDataSet(DataSet item) {
        String valueType = item.string(Tag.ValueType);
        return switch (valueType) {
            case "CONTAINER" -> Container.fromDataSet(item);
            case "CODE" -> new Code(requireCode(item, Tag.ConceptCodeSequence, "a CODE item"));
            case "NUM" -> Num.fromDataSet(item);
            case "TEXT" -> new Text(item.string(Tag.TextValue));
            case "UIDREF" -> new UidRef(item.string(Tag.UID));
            case "IMAGE" -> Image.fromDataSet(item);
            default -> throw new IllegalArgumentException("content item of ValueType \"" + valueType + "\", which the node does not read");
        };
    }

    private static CodedConcept requireCode(DataSet item, Tag sequence, String what) {
        return item.code(sequence).orElseThrow(() -> new IllegalArgumentException(what + " without " + sequence));
    }

    private static DataSet onlyItem(DataSet item, Tag sequence, String what) {
        List<DataSet> items = item.items(sequence);
        if (items.size() != 1) {
            throw new IllegalArgumentException(what + " with " + items.size() + " items in " + sequence + ", not 1");
        }
        return items.get(0);
    }

    private static void requireUid(String what, String uid) {
        if (!UidSyntax.isUid(uid, UidSyntax.Leniency.STRICT)) {
            throw new IllegalArgumentException(what + " is not a valid UID: " + uid);
        }
    }

    /**
     * A CONTAINER whose children are separate statements (ContinuityOfContent SEPARATE).
     *
     * @param templateIdentifier the DCMR template that defines the content, empty when none is named
     */
    record Container(String templateIdentifier) implements ContentValue {
        private static final String DCMR = "DCMR";

        public Container {
            if (templateIdentifier == null) {
                throw new IllegalArgumentException("templateIdentifier is null; an empty one names no template");
            }
        }

        @Override
        public String valueType() {
            return "CONTAINER";
        }

        @Override
        public void putInto(DataSet item) {
            item.put(Tag.ContinuityOfContent, "SEPARATE");
            if (!templateIdentifier.isEmpty()) {
                item.putSequence(Tag.ContentTemplateSequence, new DataSet()
                        .put(Tag.MappingResource, DCMR)
                        .put(Tag.TemplateIdentifier, templateIdentifier));
            }
        }

        static Container fromDataSet(DataSet item) {
            return new Container(item.items(Tag.ContentTemplateSequence).stream().findFirst()
                    .map(template -> template.string(Tag.TemplateIdentifier)).orElse(""));
        }
    }

    record Code(CodedConcept value) implements ContentValue {
        public Code {
            if (value == null) {
                throw new IllegalArgumentException("a CODE item needs a code");
            }
        }

        @Override
        public String valueType() {
            return "CODE";
        }

        @Override
        public void putInto(DataSet item) {
            item.putCode(Tag.ConceptCodeSequence, value);
        }
    }

    /** A measurement: a number and its units (UCUM). */
    record Num(double value, CodedConcept units) implements ContentValue {
        public Num {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("a NUM item needs a finite value, got " + value);
            }
            if (units == null) {
                throw new IllegalArgumentException("a NUM item needs units");
            }
        }

        @Override
        public String valueType() {
            return "NUM";
        }

        @Override
        public void putInto(DataSet item) {
            item.putSequence(Tag.MeasuredValueSequence, new DataSet()
                    .putCode(Tag.MeasurementUnitsCodeSequence, units)
                    .put(Tag.NumericValue, DecimalString.of(value)));
        }

        static Num fromDataSet(DataSet item) {
            DataSet measured = onlyItem(item, Tag.MeasuredValueSequence, "a NUM item");
            String numeric = measured.string(Tag.NumericValue);
            try {
                return new Num(Double.parseDouble(numeric), requireCode(measured, Tag.MeasurementUnitsCodeSequence, "a NUM item"));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a NUM item whose NumericValue is not a number: \"" + numeric + "\"", e);
            }
        }
    }

    record Text(String value) implements ContentValue {
        public Text {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("a TEXT item needs text");
            }
        }

        @Override
        public String valueType() {
            return "TEXT";
        }

        @Override
        public void putInto(DataSet item) {
            item.put(Tag.TextValue, value);
        }
    }

    record UidRef(String uid) implements ContentValue {
        public UidRef {
            requireUid("the UID of a UIDREF item", uid);
        }

        @Override
        public String valueType() {
            return "UIDREF";
        }

        @Override
        public void putInto(DataSet item) {
            item.put(Tag.UID, uid);
        }
    }

    /** A reference to one segment of a Segmentation instance: the node's IMAGE items reference nothing else. */
    record Image(String sopClassUid, String sopInstanceUid, int segmentNumber) implements ContentValue {
        public Image {
            requireUid("the referenced SOP Class UID of an IMAGE item", sopClassUid);
            requireUid("the referenced SOP Instance UID of an IMAGE item", sopInstanceUid);
            if (segmentNumber < 1) {
                throw new IllegalArgumentException("segment numbers start at 1, got " + segmentNumber);
            }
        }

        @Override
        public String valueType() {
            return "IMAGE";
        }

        @Override
        public void putInto(DataSet item) {
            item.putSequence(Tag.ReferencedSOPSequence, new DataSet()
                    .put(Tag.ReferencedSOPClassUID, sopClassUid)
                    .put(Tag.ReferencedSOPInstanceUID, sopInstanceUid)
                    .put(Tag.ReferencedSegmentNumber, Integer.toString(segmentNumber)));
        }

        static Image fromDataSet(DataSet item) {
            DataSet reference = onlyItem(item, Tag.ReferencedSOPSequence, "an IMAGE item");
            String segment = reference.string(Tag.ReferencedSegmentNumber);
            if (!segment.matches("[0-9]{1,9}")) {
                throw new IllegalArgumentException("an IMAGE item without a single ReferencedSegmentNumber: \"" + segment + "\"");
            }
            return new Image(reference.string(Tag.ReferencedSOPClassUID), reference.string(Tag.ReferencedSOPInstanceUID),
                    Integer.parseInt(segment));
        }
    }
}
