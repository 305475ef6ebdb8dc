package org.livernode.dicom;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The VR the standard's data dictionary gives a tag: what the node writes an element with, whatever a source said. */
final class DataDictionary {

    private DataDictionary() {}

    static Optional<String> vr(Tag tag) {
        byte[] vr = DicomDictionary.StandardDictionary.getValueRepresentationFromTag(attributeTag(tag));
        return vr == null ? Optional.empty() : Optional.of(new String(vr, StandardCharsets.US_ASCII));
    }

    /** As {@link #vr}, for a tag the node writes: one the dictionary lacks is a bug of the caller. */
    static String requireVr(Tag tag) {
        return vr(tag).orElseThrow(() -> new IllegalArgumentException(tag + " is not in the DICOM data dictionary"));
    }

    static AttributeTag attributeTag(Tag tag) {
        return new AttributeTag(tag.group(), tag.element());
    }
}
