package org.livernode.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DecimalStringTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "1.6000000238418579, 1.60000002384186",
            "0.569999992847443, 0.56999999284744",
            "-123456.78901234567, -123456.78901235",
            "0.3333333333333333, 0.33333333333333",
            "-235.2, -235.2",
            "4.0, 4",
            "-0.0, 0",
            "100, 100",
            "0.002, 0.002",
            "1e-20, 1E-20",
            "-123456789012345678.0, -1.2345678901E17",
            // rounded half even, with carries
            "9.9999999999999995E-5, 0.0001",
            "0.00012345678901234, 1.23456789012E-4",
            "12.300000000000001, 12.3",
            "-98.45703125, -98.45703125",
            "0.125, 0.125",
            "1234567890123456.7, 1234567890123457",
            "2.5E-16, 2.5E-16",
            "999999999999999.95, 1000000000000000",
            "4.9E-324, 4.9E-324",
            "1.7976931348623157E308, 1.7976931349E308"})
    void keepsAsManyDigitsAsFitInSixteenCharactersRoundedHalfEven(double value, String expected) {
        assertEquals(expected, DecimalString.of(value));
    }

    @Test
    void refusesWhatIsNotAFiniteNumber() {
        assertThrows(IllegalArgumentException.class, () -> DecimalString.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> DecimalString.of(Double.POSITIVE_INFINITY));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "1.6500000238418579, 1.65000002384186",
            "0.57000000000000000000001, 0.57",
            "0.125000000000000050, 0.125",
            "-0.0000, 0",
            "000123.4500, 123.45",
            "1E-400, 1E-400",
            "12345678901234567890, 1.23456789012E19"})
    void writesASourceHeadersDigitsAsTheyAre(String source, String expected) {
        assertEquals(expected, DecimalString.of(new BigDecimal(source)));
    }

    @Test
    void everyFiniteDoubleFitsAndParsesBackWithinTheDigitsThatFit() {
        Random random = new Random(16);
        for (int i = 0; i < 50_000; i++) {
            double value = randomDouble(random);
            String ds = DecimalString.of(value);
            assertTrue(ds.length() <= DecimalString.MAX_LENGTH, ds + " for " + value);
            assertTrue(DS_NUMBER.matcher(ds).matches(), ds + " is not a DS number");
            double error = Math.abs(Double.parseDouble(ds) - value);
            if (error > Math.abs(value) * 1e-15) {
                // Then the 16 characters were the limit: no DS could hold a digit more.
                assertTrue(error <= halfUnitOfTheFinestFit(value) * (1 + 1e-9) + Math.ulp(value), ds + " for " + value + " is off by " + error);
            }
        }
    }

    @Test
    void writesWhatRoundingThroughBigDecimalWrites() {
        Random random = new Random(17);
        for (int i = 0; i < 50_000; i++) {
            double value = randomDouble(random);
            assertEquals(throughBigDecimal(BigDecimal.valueOf(value)), DecimalString.of(value), "for " + value);
        }
        for (int i = 0; i < 20_000; i++) {
            BigDecimal value = new BigDecimal(new BigInteger(random.nextInt(120) + 1, random), random.nextInt(80) - 40);
            value = random.nextBoolean() ? value.negate() : value;
            assertEquals(throughBigDecimal(value), DecimalString.of(value), "for " + value.toPlainString());
        }
    }

    private static final Pattern DS_NUMBER = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?(E[+-]?[0-9]+)?");

    /**
     * Doubles of every magnitude, and those contour coordinates are made of: a position plus a multiple of a
     * pixel spacing, which often have long binary tails (12.300000000000001) or decimal ties.
     */
    private static double randomDouble(Random random) {
        double sign = random.nextBoolean() ? -1 : 1;
        return switch (random.nextInt(4)) {
            case 0 -> sign * random.nextDouble() * Math.pow(10, random.nextInt(600) - 300);
            case 1 -> sign * anyFiniteBits(random);
            case 2 -> -250 + random.nextInt(512) * 0.9765625 + (random.nextInt(1024) - 512) * 0.5 * 0.68359375;
            default -> sign * random.nextInt(100_000) / Math.pow(10, random.nextInt(12)) * (1 + random.nextInt(3) * 1e-16);
        };
    }

    /** A double with random bits, subnormals included, that is finite. */
    private static double anyFiniteBits(Random random) {
        double value;
        do {
            value = Double.longBitsToDouble(random.nextLong() & Long.MAX_VALUE);
        } while (!Double.isFinite(value));
        return value;
    }

    /** Half a unit in the last digit of the most digits of {@code value} that a DS, plain or scientific, can hold. */
    private static double halfUnitOfTheFinestFit(double value) {
        BigDecimal magnitude = BigDecimal.valueOf(Math.abs(value));
        int exponent = magnitude.precision() - magnitude.scale() - 1;
        int room = DecimalString.MAX_LENGTH - (value < 0 ? 1 : 0);
        for (int digits = 17; digits >= 1; digits--) {
            int point = exponent + 1;
            int plain = point >= digits ? point : point > 0 ? digits + 1 : 2 - point + digits;
            int scientific = digits + (digits > 1 ? 1 : 0) + 1 + Integer.toString(exponent).length();
            if (Math.min(plain, scientific) <= room) {
                return 0.5 * Math.pow(10, exponent - digits + 1);
            }
        }
        throw new AssertionError("no DS holds a digit of " + value);
    }

    /** The formatting DecimalString did with BigDecimal before it worked on digits: each value must stay the same. */
    private static String throughBigDecimal(BigDecimal value) {
        for (int digits = Math.min(value.precision(), DecimalString.MAX_LENGTH); digits >= 1; digits--) {
            BigDecimal rounded = value.round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
            String plain = rounded.toPlainString();
            if (plain.length() <= DecimalString.MAX_LENGTH) {
                return plain;
            }
            String unscaled = rounded.unscaledValue().abs().toString();
            int exponent = unscaled.length() - 1 - rounded.scale();
            String mantissa = unscaled.length() == 1 ? unscaled : unscaled.charAt(0) + "." + unscaled.substring(1);
            String scientific = (rounded.signum() < 0 ? "-" : "") + mantissa + "E" + exponent;
            if (scientific.length() <= DecimalString.MAX_LENGTH) {
                return scientific;
            }
        }
        throw new AssertionError("no DS for " + value);
    }
}
