package org.livernode.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.util.List;

/**
 * A DS element made from values already written by {@link DecimalString}, encoded once. PixelMed's
 * DecimalStringAttribute copies all its values for each value added, which made the ContourData of an RT
 * Structure Set (thousands of values per contour) quadratic to build. The bytes are PixelMed's: the values
 * joined by backslashes, padded with a space to an even length.
 */
final class DecimalStringElement extends Attribute {
    private static final byte[] VR = {'D', 'S'};

    private final List<String> values;
    private final byte[] padded;

    DecimalStringElement(AttributeTag tag, List<String> values) {
        super(tag);
        this.values = List.copyOf(values);
        byte[] joined = String.join("\\", values).getBytes(StandardCharsets.US_ASCII);
        this.padded = new byte[joined.length + joined.length % 2];
        System.arraycopy(joined, 0, padded, 0, joined.length);
        if (padded.length > joined.length) {
            padded[joined.length] = ' ';
        }
        this.valueLength = joined.length;
        this.valueMultiplicity = values.size();
    }

    @Override
    public byte[] getVR() {
        return VR.clone();
    }

    @Override
    public long getPaddedVL() {
        return padded.length;
    }

    /** The values as written; they are already formatted, so {@code format} does not apply. */
    @Override
    public String[] getStringValues(NumberFormat format) {
        return values.toArray(String[]::new);
    }

    @Override
    public String[] getOriginalStringValues() {
        return values.toArray(String[]::new);
    }

    /** The values are fixed when the element is made; a DataSet is changed before it is written, not after. */
    @Override
    public void removeValues() {
        throw new UnsupportedOperationException("the values of " + getTag() + " are fixed");
    }

    @Override
    public void write(DicomOutputStream o) throws DicomException, IOException {
        writeBase(o);
        o.write(padded);
    }
}
