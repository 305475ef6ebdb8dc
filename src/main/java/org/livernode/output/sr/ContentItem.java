package org.livernode.output.sr;

import java.util.ArrayList;
import java.util.List;
import org.livernode.dicom.CodedConcept;
import org.livernode.dicom.DataSet;
import org.livernode.dicom.Tag;

/**
 * One item of an SR content tree (PS3.3 C.17.3, Document Content Macro): how it relates to its parent, its concept
 * name, its value and its children. {@link #toDataSet} builds the item of a ContentSequence and
 * {@link #fromDataSet} parses one back, so the encoder and the reader share this description, as highdicom's
 * content items do.
 */
public record ContentItem(RelationshipType relationship, CodedConcept name, ContentValue value, List<ContentItem> children) {

    public ContentItem {
        if (relationship == null || name == null || value == null || children == null) {
            throw new IllegalArgumentException("a content item needs a relationship, a concept name, a value and a list of children");
        }
        children = List.copyOf(children);
    }

    /** An item without children. */
    public ContentItem(RelationshipType relationship, CodedConcept name, ContentValue value) {
        this(relationship, name, value, List.of());
    }

    public DataSet toDataSet() {
        DataSet item = new DataSet().put(Tag.RelationshipType, relationship.dicomValue());
        putNamedValue(item, name, value, children);
        return item;
    }

    /** @throws IllegalArgumentException naming what in the item (or a descendant) is missing or not understood */
    public static ContentItem fromDataSet(DataSet item) {
        return new ContentItem(RelationshipType.of(item.string(Tag.RelationshipType)), conceptName(item), ContentValue.fromDataSet(item),
                childrenOf(item));
    }

    /** The children named {@code childName}, in order. */
    public List<ContentItem> children(CodedConcept childName) {
        return named(children, childName);
    }

    /** The one child named {@code childName}; @throws IllegalArgumentException when there is none or more than one */
    public ContentItem child(CodedConcept childName) {
        return only(children, childName, "\"" + name.meaning() + "\"");
    }

    /** ValueType, ConceptNameCodeSequence, the value's attributes and the children: an item, or the document's root. */
    static void putNamedValue(DataSet target, CodedConcept name, ContentValue value, List<ContentItem> children) {
        target.put(Tag.ValueType, value.valueType());
        target.putCode(Tag.ConceptNameCodeSequence, name);
        value.putInto(target);
        if (!children.isEmpty()) {
            target.putSequence(Tag.ContentSequence, children.stream().map(ContentItem::toDataSet).toList());
        }
    }

    static CodedConcept conceptName(DataSet item) {
        return item.code(Tag.ConceptNameCodeSequence)
                .orElseThrow(() -> new IllegalArgumentException("a content item of ValueType " + item.string(Tag.ValueType)
                        + " without ConceptNameCodeSequence"));
    }

    static List<ContentItem> childrenOf(DataSet item) {
        List<ContentItem> children = new ArrayList<>();
        for (DataSet child : item.items(Tag.ContentSequence)) {
            children.add(fromDataSet(child));
        }
        return children;
    }

    /** Codes are the same concept when value and scheme agree; the meaning is only a display text. */
    static boolean sameConcept(CodedConcept a, CodedConcept b) {
        return a.value().equals(b.value()) && a.scheme().equals(b.scheme());
    }

    static List<ContentItem> named(List<ContentItem> items, CodedConcept name) {
        return items.stream().filter(item -> sameConcept(item.name(), name)).toList();
    }

    static ContentItem only(List<ContentItem> items, CodedConcept name, String parent) {
        List<ContentItem> matches = named(items, name);
        if (matches.size() != 1) {
            throw new IllegalArgumentException(parent + " has " + matches.size() + " items \"" + name.meaning() + "\" ("
                    + name.value() + ", " + name.scheme() + "), not 1");
        }
        return matches.get(0);
    }
}
