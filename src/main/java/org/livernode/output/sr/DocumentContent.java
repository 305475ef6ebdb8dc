package org.livernode.output.sr;

import java.util.List;
import org.livernode.dicom.CodedConcept;
import org.livernode.dicom.DataSet;
import org.livernode.dicom.Tag;

/**
 * The root of an SR content tree: a CONTAINER at the top level of the data set (SR Document Content module),
 * which has no relationship to a parent, holding the document's title, its template and its items.
 */
public record DocumentContent(CodedConcept title, ContentValue.Container container, List<ContentItem> children) {

    public DocumentContent {
        if (title == null || container == null || children == null) {
            throw new IllegalArgumentException("a document's content needs a title, a container and a list of children");
        }
        children = List.copyOf(children);
    }

    public void putInto(DataSet dataSet) {
        ContentItem.putNamedValue(dataSet, title, container, children);
    }

    /** @throws IllegalArgumentException when the root is not a CONTAINER, or naming what in the tree is not understood */
    public static DocumentContent fromDataSet(DataSet dataSet) {
        if (!"CONTAINER".equals(dataSet.string(Tag.ValueType))) {
            throw new IllegalArgumentException("the root content item is not a CONTAINER but \"" + dataSet.string(Tag.ValueType) + "\"");
        }
        return new DocumentContent(ContentItem.conceptName(dataSet), ContentValue.Container.fromDataSet(dataSet),
                ContentItem.childrenOf(dataSet));
    }

    /** The one child named {@code childName}; @throws IllegalArgumentException when there is none or more than one */
    public ContentItem child(CodedConcept childName) {
        return ContentItem.only(children, childName, "the document \"" + title.meaning() + "\"");
    }
}
