package org.livernode.dicom;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers written as DS (Decimal String): at most 16 characters. Real source headers carry longer ones, and
 * receivers reject them (Eclipse refuses an RT Structure Set with a DS value longer than 16 characters), so
 * every number the node writes as DS goes through {@link #of(double)}.
 */
public final class DecimalString {

    /** Longest value of VR DS, in characters. */
    public static final int MAX_LENGTH = 16;

    private DecimalString() {}

    /**
     * The value as a DS of at most 16 characters, with as many significant digits as fit. Plain notation
     * where it fits, scientific otherwise; always a digit before the decimal point, as pydicom and highdicom
     * write it (PixelMed's FloatFormatter would write ".5" and ".1E-19").
     */
    public static String of(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a DS value must be finite, got " + value);
        }
        return of(BigDecimal.valueOf(value));
    }

    static String of(BigDecimal value) {
        for (int digits = Math.min(value.precision(), MAX_LENGTH); digits >= 1; digits--) {
            BigDecimal rounded = value.round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
            String plain = rounded.toPlainString();
            if (plain.length() <= MAX_LENGTH) {
                return plain;
            }
            String scientific = scientific(rounded);
            if (scientific.length() <= MAX_LENGTH) {
                return scientific;
            }
        }
        throw new IllegalArgumentException("cannot write " + value + " as a DS of at most " + MAX_LENGTH + " characters");
    }

    /** Mantissa with one digit before the point, then E and the exponent: -1.25E-7. */
    private static String scientific(BigDecimal value) {
        String digits = value.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - value.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (value.signum() < 0 ? "-" : "") + mantissa + "E" + exponent;
    }
}
