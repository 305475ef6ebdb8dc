package org.livernode.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.StringAttribute;
import java.math.BigDecimal;
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

/**
 * Makes values valid DICOM before they go into an object the node writes. Real source headers break the
 * standard (trailing NUL padding, DS values over 16 characters, malformed dates), and receivers reject
 * such objects: dciodvfy reports errors, Eclipse refuses an RT Structure Set with a DS value longer than 16
 * characters. Everything copied from a source goes through {@link #cleanCopy}, and every number written as
 * DS through {@link DecimalString#of(double)}.
 */
public final class ValueCleaning {

    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3])([0-5][0-9]([0-5][0-9]|60)?)?(\\.[0-9]{1,6})?");
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,11}");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

    /** VRs in which leading spaces are part of the value; in all others they are padding. */
    private static final Set<String> LEADING_SPACES_SIGNIFICANT = Set.of("ST", "LT", "UT", "UC");
    /** VRs whose single value may contain a backslash; in all others it separates values. */
    private static final Set<String> BACKSLASH_ALLOWED = Set.of("ST", "LT", "UT", "UR");

    private ValueCleaning() {}

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
            case "DS" -> parseDecimal(value).map(DecimalString::of);
            case "IS" -> parseInteger(value).map(n -> Long.toString(n));
            case "DA" -> isValidDate(value) ? Optional.of(value) : Optional.empty();
            case "TM" -> TIME.matcher(value).matches() ? Optional.of(value) : Optional.empty();
            case "UI" -> UidSyntax.isUid(value, UidSyntax.Leniency.STRICT) ? Optional.of(value) : Optional.empty();
            case "PN" -> isWellFormedPersonName(value) ? Optional.of(value) : Optional.empty();
            default -> Optional.of(value);
        };
    }

    /**
     * The values of a copy of a source element that is valid DICOM, or empty when it cannot be made valid. The
     * copy has the VR the data dictionary gives the tag (not whatever the source file claimed), each value
     * cleaned by {@link #cleanValue}, at most {@code maxValues} values, every value within the VR's length and
     * character repertoire. A copy whose values are all empty has no value (an empty list).
     */
    public static Optional<List<String>> cleanCopy(Tag tag, InstanceHeader.Element source, int maxValues) {
        Optional<String> vr = DataDictionary.vr(tag);
        if (vr.isEmpty() || !source.textual()) {
            return Optional.empty();
        }
        try {
            // Read back through PixelMed as the source was received, so that its values are what PixelMed saw.
            Attribute received = AttributeFactory.newAttribute(DataDictionary.attributeTag(tag), source.vr().getBytes(StandardCharsets.US_ASCII));
            for (String value : source.values()) {
                received.addValue(value);
            }
            String[] rawValues = received.getOriginalStringValues();
            List<String> values = new ArrayList<>();
            for (String raw : rawValues == null ? new String[0] : rawValues) {
                Optional<String> value = cleanValue(vr.get(), raw);
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
            return isValidString(tag, vr.get(), values) ? Optional.of(List.copyOf(values)) : Optional.empty();
        } catch (DicomException e) {
            return Optional.empty();
        }
    }

    /** True when {@code value} is a valid single value of the attribute {@code tag}, judged as {@link #cleanCopy} does. */
    public static boolean isValidValue(Tag tag, String value) {
        String vr = DataDictionary.requireVr(tag);
        Optional<String> cleaned = cleanValue(vr, value);
        if (cleaned.isEmpty() || !cleaned.get().equals(value)) {
            return false;
        }
        try {
            return isValidString(tag, vr, List.of(value));
        } catch (DicomException e) {
            return false;
        }
    }

    /** PixelMed's judgement of length and character repertoire ({@link StringAttribute#isValid}); false for non-string VRs. */
    private static boolean isValidString(Tag tag, String vr, List<String> values) throws DicomException {
        Attribute attribute = AttributeFactory.newAttribute(DataDictionary.attributeTag(tag), vr.getBytes(StandardCharsets.US_ASCII));
        for (String value : values) {
            attribute.addValue(value);
        }
        return attribute instanceof StringAttribute s && s.isValid();
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
