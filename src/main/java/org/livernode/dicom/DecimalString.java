package org.livernode.dicom;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Numbers written as DS (Decimal String): at most 16 characters. Real source headers carry longer ones, and
 * receivers reject them (Eclipse refuses an RT Structure Set with a DS value longer than 16 characters), so
 * every number the node writes as DS goes through {@link #of(double)}.
 *
 * <p>The rounding works on decimal digits, without BigDecimal: an RT Structure Set has hundreds of thousands of
 * contour coordinates, and formatting them through BigDecimal cost more than tracing the contours.
 */
public final class DecimalString {

    /** Longest value of VR DS, in characters. */
    public static final int MAX_LENGTH = 16;

    private DecimalString() {}

    /**
     * The value as a DS of at most 16 characters, with as many significant digits as fit. Plain notation
     * where it fits, scientific otherwise; always a digit before the decimal point, as pydicom and highdicom
     * write it (PixelMed's FloatFormatter would write ".5" and ".1E-19"). The digits are those of
     * {@link Double#toString}, the shortest that identify the double, rounded half-even where they do not fit.
     */
    public static String of(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a DS value must be finite, got " + value);
        }
        // 123.45 or 1.2345E-7: always a point, an exponent only in the second form.
        String text = Double.toString(Math.abs(value));
        int exponentAt = text.indexOf('E');
        int mantissaEnd = exponentAt < 0 ? text.length() : exponentAt;
        int pointAt = text.indexOf('.');
        char[] digits = new char[mantissaEnd - 1];
        text.getChars(0, pointAt, digits, 0);
        text.getChars(pointAt + 1, mantissaEnd, digits, pointAt);
        int exponent = exponentAt < 0 ? 0 : Integer.parseInt(text, exponentAt + 1, text.length(), 10);
        return format(value < 0, digits, pointAt + exponent);
    }

    /** As {@link #of(double)}, with the digits of {@code value} as they are (a source header's DS, say). */
    static String of(BigDecimal value) {
        char[] digits = value.unscaledValue().abs().toString().toCharArray();
        return format(value.signum() < 0, digits, digits.length - value.scale());
    }

    /**
     * The number {@code 0.digits x 10^point} (negated when {@code negative}) in at most 16 characters: rounded
     * half-even to the most significant digits that fit in plain notation or, failing that, in scientific.
     */
    private static String format(boolean negative, char[] digits, int point) {
        int first = 0, end = digits.length;
        while (first < end && digits[first] == '0') {
            first++;
            point--;
        }
        while (end > first && digits[end - 1] == '0') {
            end--;
        }
        if (first == end) {
            return "0";
        }
        char[] significant = first == 0 && end == digits.length ? digits : Arrays.copyOfRange(digits, first, end);
        for (int kept = Math.min(significant.length, MAX_LENGTH); kept >= 1; kept--) {
            char[] rounded = significant;
            int roundedPoint = point;
            if (kept < significant.length) {
                rounded = new char[kept];
                roundedPoint += roundHalfEven(significant, rounded);
            }
            int count = withoutTrailingZeros(rounded);
            String sign = negative ? "-" : "";
            if (sign.length() + plainLength(count, roundedPoint) <= MAX_LENGTH) {
                return sign + plain(rounded, count, roundedPoint);
            }
            String scientific = sign + scientific(rounded, count, roundedPoint);
            if (scientific.length() <= MAX_LENGTH) {
                return scientific;
            }
        }
        throw new IllegalArgumentException("cannot write " + (negative ? "-0." : "0.") + new String(significant) + "E" + point
                + " as a DS of at most " + MAX_LENGTH + " characters");
    }

    /**
     * Rounds {@code digits} half-even to the length of {@code rounded}, into it; returns 1 when a carry added
     * a digit in front (999 to 2 digits is 10, one place further left), else 0.
     */
    private static int roundHalfEven(char[] digits, char[] rounded) {
        int kept = rounded.length;
        System.arraycopy(digits, 0, rounded, 0, kept);
        char next = digits[kept];
        // digits has no trailing zeros, so anything after the next digit makes it more than half.
        boolean up = next > '5' || next == '5' && (kept + 1 < digits.length || (digits[kept - 1] - '0') % 2 == 1);
        if (!up) {
            return 0;
        }
        for (int i = kept - 1; i >= 0; i--) {
            if (rounded[i] != '9') {
                rounded[i]++;
                return 0;
            }
            rounded[i] = '0';
        }
        rounded[0] = '1';
        return 1;
    }

    /** How many of {@code digits} are left without trailing zeros; at least one, as digits never start with 0. */
    private static int withoutTrailingZeros(char[] digits) {
        int count = digits.length;
        while (count > 1 && digits[count - 1] == '0') {
            count--;
        }
        return count;
    }

    private static int plainLength(int count, int point) {
        if (point >= count) {
            return point;
        }
        return point > 0 ? count + 1 : 2 - point + count;
    }

    /** 0.digits x 10^point written out: 1250, 12.5, 0.00125. */
    private static String plain(char[] digits, int count, int point) {
        StringBuilder text = new StringBuilder(plainLength(count, point));
        if (point >= count) {
            text.append(digits, 0, count);
            zeros(text, point - count);
        } else if (point > 0) {
            text.append(digits, 0, point).append('.').append(digits, point, count - point);
        } else {
            zeros(text.append("0."), -point).append(digits, 0, count);
        }
        return text.toString();
    }

    private static StringBuilder zeros(StringBuilder text, int count) {
        for (int i = 0; i < count; i++) {
            text.append('0');
        }
        return text;
    }

    /** Mantissa with one digit before the point, then E and the exponent: 1.25E-7. */
    private static String scientific(char[] digits, int count, int point) {
        StringBuilder text = new StringBuilder(count + 6).append(digits[0]);
        if (count > 1) {
            text.append('.').append(digits, 1, count - 1);
        }
        return text.append('E').append(point - 1).toString();
    }
}
