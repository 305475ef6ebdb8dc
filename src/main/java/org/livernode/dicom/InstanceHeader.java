package org.livernode.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.StringAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The header of one instance, everything before its pixel data, read once and immutable: the top-level
 * elements that hold text or numbers (sequences and binary values are not kept), each with its VR and its
 * values as received. The accessors trim what real files pad values with: the 3D-IRCADb series pads with NUL
 * characters ("0.57\0.57^@") and writes DS values longer than 16 characters. Outputs that copy a value use
 * {@link #element} and clean it themselves.
 */
public final class InstanceHeader {

    /**
     * One element as received.
     *
     * @param vr the value representation the file gave it (the dictionary's in implicit VR)
     * @param textual true for the string VRs (AE, AS, CS, DA, DS, DT, IS, LO, LT, PN, SH, ST, TM, UC, UI, UR, UT),
     *     whose values are kept exactly as received; numbers of the binary VRs (US, SS, UL, SL, FL, FD) are kept in
     *     their decimal form
     */
    public record Element(String vr, boolean textual, List<String> values) {
        public Element {
            values = List.copyOf(values);
        }
    }

    private final SortedMap<Tag, Element> elements;

    public InstanceHeader(Map<Tag, Element> elements) {
        this.elements = new TreeMap<>(elements);
    }

    /**
     * Reads the header of a Part 10 file, stopping before its pixel data. Data sets the spool accepted have had
     * every length checked against what is left of them, so the parse allocates no more than the file holds.
     */
    public static InstanceHeader read(Path file) throws DicomReadException {
        AttributeList list = new AttributeList();
        try {
            list.read(file.toFile(), TagFromName.PixelData);
        } catch (IOException | DicomException | RuntimeException e) {
            throw new DicomReadException(file, e);
        }
        return of(list);
    }

    static InstanceHeader of(AttributeList list) {
        Map<Tag, Element> elements = new TreeMap<>();
        for (Attribute attribute : list.values()) {
            if (attribute instanceof SequenceAttribute) {
                continue;
            }
            String vr = new String(attribute.getVR(), StandardCharsets.US_ASCII);
            boolean textual = attribute instanceof StringAttribute;
            if (!textual && !NUMERIC_BINARY_VRS.contains(vr)) {
                continue;
            }
            String[] values;
            try {
                values = textual ? attribute.getOriginalStringValues() : attribute.getStringValues();
            } catch (DicomException e) {
                continue;
            }
            elements.put(new Tag(attribute.getGroup(), attribute.getElement()),
                    new Element(vr, textual, values == null ? List.of() : Arrays.asList(values)));
        }
        return new InstanceHeader(elements);
    }

    private static final List<String> NUMERIC_BINARY_VRS = List.of("US", "SS", "UL", "SL", "FL", "FD");

    /** Every element, by tag. */
    public SortedMap<Tag, Element> elements() {
        return Collections.unmodifiableSortedMap(elements);
    }

    /** The element as received, when the header has it. */
    public Optional<Element> element(Tag tag) {
        return Optional.ofNullable(elements.get(tag));
    }

    /** The first value, trimmed of NUL and space padding; empty when absent. */
    public String string(Tag tag) {
        List<String> values = strings(tag);
        return values.isEmpty() ? "" : values.get(0);
    }

    /** Every value, each trimmed of NUL and space padding. */
    public List<String> strings(Tag tag) {
        Element element = elements.get(tag);
        if (element == null) {
            return List.of();
        }
        List<String> trimmed = new ArrayList<>(element.values().size());
        for (String value : element.values()) {
            trimmed.add(trim(value == null ? "" : value));
        }
        return trimmed;
    }

    /** The numeric values of a DS, IS or binary number element; empty when absent, empty, or not all finite numbers. */
    public Optional<double[]> doubles(Tag tag) {
        List<String> values = strings(tag);
        if (values.isEmpty()) {
            return Optional.empty();
        }
        double[] result = new double[values.size()];
        for (int i = 0; i < result.length; i++) {
            try {
                result[i] = Double.parseDouble(values.get(i));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (!Double.isFinite(result[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(result);
    }

    /** The first numeric value, or {@code fallback}. */
    public double doubleOr(Tag tag, double fallback) {
        return doubles(tag).map(v -> v[0]).orElse(fallback);
    }

    /** The first numeric value cut to an int, or {@code fallback}. */
    public int intOr(Tag tag, int fallback) {
        return doubles(tag).map(v -> (int) v[0]).orElse(fallback);
    }

    public String sopClassUid() {
        return string(Tag.SOPClassUID);
    }

    public String sopInstanceUid() {
        return string(Tag.SOPInstanceUID);
    }

    public String seriesInstanceUid() {
        return string(Tag.SeriesInstanceUID);
    }

    public String studyInstanceUid() {
        return string(Tag.StudyInstanceUID);
    }

    /** Empty when the instance has none. */
    public String frameOfReferenceUid() {
        return string(Tag.FrameOfReferenceUID);
    }

    public String modality() {
        return string(Tag.Modality);
    }

    public List<String> imageType() {
        return strings(Tag.ImageType);
    }

    static String trim(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\0')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\0')) {
            end--;
        }
        return value.substring(start, end);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof InstanceHeader h && elements.equals(h.elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }
}
