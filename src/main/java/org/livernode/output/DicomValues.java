package org.livernode.output;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.StringAttribute;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.livernode.dicom.InstanceHeader;
import org.livernode.dicom.Tag;
import org.livernode.dicom.UidSyntax;

/**
 * Makes values valid DICOM before they go into an object the node writes. Real source headers break the
 * standard (trailing NUL padding, DS values over 16 characters, malformed dates), and receivers reject
 * such objects: dciodvfy reports errors, Eclipse refuses an RT Structure Set with a DS value longer than 16
 * characters. Everything copied from a source goes through {@link #cleanCopy}, and every number written as
 * DS through {@link #decimalString(double)}.
 */
public final class DicomValues {

    /** Longest value of VR DS, in characters. */
    public static final int MAX_DS_LENGTH = 16;

    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3])([0-5][0-9]([0-5][0-9]|60)?)?(\\.[0-9]{1,6})?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,11}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

    /** VRs in which leading spaces are part of the value; in all others they are padding. */
    private static final Set<String> LEADING_SPACES_SIGNIFICANT = Set.of("ST", "LT", "UT", "UC");
    /** VRs whose single value may contain a backslash; in all others it separates values. */
    private static final Set<String> BACKSLASH_ALLOWED = Set.of("ST", "LT", "UT", "UR");

    private DicomValues() {}

    /** Removes trailing NUL and space padding, and leading spaces where the VR treats them as padding. */
    public static String stripPadding(String value, String vr) {
        int end = value.length();
        while (end > 0 && (value.charAt(end - 1) == '\0' || value.charAt(end - 1) == ' ')) {
            end--;
        }
        int start = 0;
        if (!LEADING_SPACES_SIGNIFICANT.contains(vr)) {
            while (start < end && value.charAt(start) == ' ') {
                start++;
            }
        }
        return value.substring(start, end);
    }

    /**
     * The value as a DS of at most 16 characters, with as many significant digits as fit. Plain notation
     * where it fits, scientific otherwise; always a digit before the decimal point, as pydicom and highdicom
     * write it (PixelMed's FloatFormatter would write ".5" and ".1E-19").
     */
    public static String decimalString(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a DS value must be finite, got " + value);
        }
        return decimalString(BigDecimal.valueOf(value));
    }

    private static String decimalString(BigDecimal value) {
        for (int digits = Math.min(value.precision(), MAX_DS_LENGTH); digits >= 1; digits--) {
            BigDecimal rounded = value.round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
            String plain = rounded.toPlainString();
            if (plain.length() <= MAX_DS_LENGTH) {
                return plain;
            }
            String scientific = scientific(rounded);
            if (scientific.length() <= MAX_DS_LENGTH) {
                return scientific;
            }
        }
        throw new IllegalArgumentException("cannot write " + value + " as a DS of at most " + MAX_DS_LENGTH + " characters");
    }

    /** Mantissa with one digit before the point, then E and the exponent: -1.25E-7. */
    private static String scientific(BigDecimal value) {
        String digits = value.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - value.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (value.signum() < 0 ? "-" : "") + mantissa + "E" + exponent;
    }

    /**
     * One value made valid for its VR, or empty when that is impossible. Padding is stripped; DS and IS are
     * re-formatted (a DS to at most 16 characters); DA, TM, UI and PN must be well formed. Length and character
     * repertoire of the string VRs are checked by {@link #cleanCopy}, which knows the attribute.
     */
    public static Optional<String> cleanValue(String vr, String raw) {
        String value = stripPadding(raw, vr);
        if (value.isEmpty()) {
            return Optional.of(value);
        }
        if (value.indexOf('\\') >= 0 && !BACKSLASH_ALLOWED.contains(vr)) {
            return Optional.empty();
        }
        return switch (vr) {
            case "DS" -> parseDecimal(value).map(DicomValues::decimalString);
            case "IS" -> parseInteger(value).map(n -> Long.toString(n));
            case "DA" -> isValidDate(value) ? Optional.of(value) : Optional.empty();
            case "TM" -> TIME.matcher(value).matches() ? Optional.of(value) : Optional.empty();
            case "UI" -> UidSyntax.isUid(value, UidSyntax.Leniency.STRICT) ? Optional.of(value) : Optional.empty();
            case "PN" -> isWellFormedPersonName(value) ? Optional.of(value) : Optional.empty();
            default -> Optional.of(value);
        };
    }

    /**
     * A copy of a string attribute that is valid DICOM, or empty when it cannot be made valid. The copy has
     * the VR the data dictionary gives the tag (not whatever the source file claimed), each value cleaned by
     * {@link #cleanValue}, at most {@code maxValues} values, every value within the VR's length and
     * character repertoire. A copy whose values are all empty has no value (zero length).
     */
    public static Optional<Attribute> cleanCopy(Attribute source, int maxValues) {
        AttributeTag tag = source.getTag();
        byte[] vrBytes = DicomDictionary.StandardDictionary.getValueRepresentationFromTag(tag);
        if (vrBytes == null || !(source instanceof StringAttribute)) {
            return Optional.empty();
        }
        String vr = new String(vrBytes, StandardCharsets.US_ASCII);
        try {
            String[] rawValues = source.getOriginalStringValues();
            List<String> values = new ArrayList<>();
            for (String raw : rawValues == null ? new String[0] : rawValues) {
                Optional<String> value = cleanValue(vr, raw);
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                values.add(value.get());
            }
            if (values.stream().allMatch(String::isEmpty)) {
                values.clear();
            }
            if (values.size() > maxValues) {
                return Optional.empty();
            }
            Attribute copy = AttributeFactory.newAttribute(tag, vrBytes);
            for (String value : values) {
                copy.addValue(value);
            }
            return copy instanceof StringAttribute s && s.isValid() ? Optional.of(copy) : Optional.empty();
        } catch (DicomException e) {
            return Optional.empty();
        }
    }

    /** As {@link #cleanCopy(Attribute, int)}, for an element of a source header. */
    public static Optional<Attribute> cleanCopy(Tag tag, InstanceHeader.Element element, int maxValues) {
        if (!element.textual()) {
            return Optional.empty();
        }
        try {
            Attribute source = AttributeFactory.newAttribute(new AttributeTag(tag.group(), tag.element()),
                    element.vr().getBytes(StandardCharsets.US_ASCII));
            for (String value : element.values()) {
                source.addValue(value);
            }
            return cleanCopy(source, maxValues);
        } catch (DicomException e) {
            return Optional.empty();
        }
    }

    /** True when {@code value} is a valid single value of the attribute {@code tag}, judged as {@link #cleanCopy} does. */
    public static boolean isValidValue(AttributeTag tag, String value) {
        byte[] vrBytes = DicomDictionary.StandardDictionary.getValueRepresentationFromTag(tag);
        if (vrBytes == null) {
            throw new IllegalArgumentException(tag + " is not in the DICOM data dictionary");
        }
        String vr = new String(vrBytes, StandardCharsets.US_ASCII);
        Optional<String> cleaned = cleanValue(vr, value);
        if (cleaned.isEmpty() || !cleaned.get().equals(value)) {
            return false;
        }
        try {
            Attribute attribute = AttributeFactory.newAttribute(tag, vrBytes);
            attribute.addValue(value);
            return attribute instanceof StringAttribute s && s.isValid();
        } catch (DicomException e) {
            return false;
        }
    }

    private static Optional<BigDecimal> parseDecimal(String value) {
        try {
            BigDecimal decimal = new BigDecimal(value);
            return Double.isFinite(decimal.doubleValue()) ? Optional.of(decimal) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> parseInteger(String value) {
        if (!INTEGER.matcher(value).matches()) {
            return Optional.empty();
        }
        long parsed = Long.parseLong(value);
        return parsed >= Integer.MIN_VALUE && parsed <= Integer.MAX_VALUE ? Optional.of(parsed) : Optional.empty();
    }

    /** At most three component groups (alphabetic, ideographic, phonetic) of at most five components each. */
    private static boolean isWellFormedPersonName(String value) {
        String[] groups = value.split("=", -1);
        return groups.length <= 3 && Arrays.stream(groups).allMatch(group -> group.split("\\^", -1).length <= 5);
    }

    private static boolean isValidDate(String value) {
        try {
            LocalDate.parse(value, DATE);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
