package org.livernode.dicom;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A data set the node writes, built element by element: in tag order, as Part 10 stores it, each element with
 * the VR the data dictionary gives its tag. {@link Part10Writer} alone turns it into bytes, {@link DataSetReader}
 * reads them back (each element then with the VR the file gives it). Putting a tag again replaces its element.
 */
public final class DataSet {

    /** What an element holds. */
    public sealed interface Value permits Text, Tags, Bytes, Items {}

    /**
     * The values of a string VR, or of a binary number VR (US, SS, UL, SL, FL, FD) in decimal form.
     * No values is an empty element (a Type 2 attribute without a value).
     */
    public record Text(String vr, List<String> values) implements Value {
        public Text {
            values = List.copyOf(values);
        }
    }

    /** AT values: tags that an element points to. */
    public record Tags(List<Tag> values) implements Value {
        public Tags {
            values = List.copyOf(values);
        }
    }

    /** An OB value, such as the Pixel Data of a segmentation; read from a file, any other-binary or UN value, little endian. */
    public record Bytes(byte[] value) implements Value {
        public Bytes {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Bytes[" + value.length + " bytes]";
        }
    }

    /** The items of a sequence, in order. */
    public record Items(List<DataSet> items) implements Value {
        public Items {
            items = List.copyOf(items);
        }
    }

    /** The VRs of {@link Text}, which {@link #put(Tag, String...)} takes and {@link DataSetReader} reads: every string VR and the binary numbers. */
    static final Set<String> TEXT_VRS = Set.of("AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST",
            "TM", "UC", "UI", "UR", "UT", "US", "SS", "UL", "SL", "FL", "FD");

    private final SortedMap<Tag, Value> elements = new TreeMap<>();

    /** Puts {@code tag} with these values, with the dictionary's VR; with none, an empty (Type 2) element. */
    public DataSet put(Tag tag, String... values) {
        return put(tag, List.of(values));
    }

    /** As {@link #put(Tag, String...)}. */
    public DataSet put(Tag tag, List<String> values) {
        String vr = DataDictionary.requireVr(tag);
        if (!TEXT_VRS.contains(vr)) {
            throw new IllegalArgumentException(tag + " has VR " + vr + ", which does not take text values");
        }
        elements.put(tag, new Text(vr, values));
        return this;
    }

    /** Puts an AT element pointing to {@code values}. */
    public DataSet putTags(Tag tag, Tag... values) {
        String vr = DataDictionary.requireVr(tag);
        if (!"AT".equals(vr)) {
            throw new IllegalArgumentException(tag + " has VR " + vr + ", not AT");
        }
        elements.put(tag, new Tags(List.of(values)));
        return this;
    }

    /** Puts {@code value} as OB. */
    public DataSet putBytes(Tag tag, byte[] value) {
        String vr = DataDictionary.requireVr(tag);
        if (!vr.startsWith("O")) {
            throw new IllegalArgumentException(tag + " has VR " + vr + ", not an other-byte VR");
        }
        elements.put(tag, new Bytes(value));
        return this;
    }

    /** Puts a sequence with these items. */
    public DataSet putSequence(Tag tag, List<DataSet> items) {
        String vr = DataDictionary.requireVr(tag);
        if (!"SQ".equals(vr)) {
            throw new IllegalArgumentException(tag + " has VR " + vr + ", not SQ");
        }
        elements.put(tag, new Items(items));
        return this;
    }

    /** As {@link #putSequence(Tag, List)}. */
    public DataSet putSequence(Tag tag, DataSet... items) {
        return putSequence(tag, List.of(items));
    }

    /** Puts {@code value} as a file holds it, with the VR it has there, for {@link DataSetReader}. */
    DataSet putValue(Tag tag, Value value) {
        elements.put(tag, value);
        return this;
    }

    /** Puts a code sequence with one item holding {@code code}. */
    public DataSet putCode(Tag tag, CodedConcept code) {
        return putSequence(tag, new DataSet()
                .put(Tag.CodeValue, code.value())
                .put(Tag.CodingSchemeDesignator, code.scheme())
                .put(Tag.CodeMeaning, code.meaning()));
    }

    /** Every element, in tag order. */
    public SortedMap<Tag, Value> elements() {
        return Collections.unmodifiableSortedMap(elements);
    }

    public boolean contains(Tag tag) {
        return elements.containsKey(tag);
    }

    public Optional<Value> value(Tag tag) {
        return Optional.ofNullable(elements.get(tag));
    }

    /** The values of a text element; empty when it is absent or has none. */
    public List<String> strings(Tag tag) {
        return elements.get(tag) instanceof Text text ? text.values() : List.of();
    }

    /** The first value of a text element; empty when it is absent or has none. */
    public String string(Tag tag) {
        List<String> values = strings(tag);
        return values.isEmpty() ? "" : values.get(0);
    }

    /** The code in the first item of a code sequence, as {@link #putCode} puts it; empty when there is none. */
    public Optional<CodedConcept> code(Tag tag) {
        return items(tag).stream().findFirst()
                .map(item -> new CodedConcept(item.string(Tag.CodeValue), item.string(Tag.CodingSchemeDesignator), item.string(Tag.CodeMeaning)));
    }

    /** The items of a sequence; empty when it is absent. */
    public List<DataSet> items(Tag tag) {
        return elements.get(tag) instanceof Items items ? items.items() : List.of();
    }

    /** The one item of a sequence that must have exactly one; IllegalArgumentException when it has none or several. */
    public DataSet item(Tag tag) {
        List<DataSet> items = items(tag);
        if (items.size() != 1) {
            throw new IllegalArgumentException("sequence " + tag + " has " + items.size() + " items, not 1");
        }
        return items.get(0);
    }

    /** The values of a text element as numbers; none when it is absent. IllegalArgumentException when one is not a number. */
    public double[] doubles(Tag tag) {
        List<String> values = strings(tag);
        double[] numbers = new double[values.size()];
        for (int i = 0; i < numbers.length; i++) {
            try {
                numbers[i] = Double.parseDouble(values.get(i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("value " + (i + 1) + " of " + tag + " is not a number");
            }
        }
        return numbers;
    }

    /** As {@link #doubles}, for whole numbers (IS, US, UL, ...); IllegalArgumentException when one is not an int. */
    public int[] integers(Tag tag) {
        double[] numbers = doubles(tag);
        int[] whole = new int[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            whole[i] = (int) numbers[i];
            if (whole[i] != numbers[i]) {
                throw new IllegalArgumentException("value " + (i + 1) + " of " + tag + " is not a whole number");
            }
        }
        return whole;
    }

    /** Equal when they hold the same elements with the same VRs and values. */
    @Override
    public boolean equals(Object other) {
        return other instanceof DataSet d && elements.equals(d.elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }
}
