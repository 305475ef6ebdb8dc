package org.livernode.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
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
            "-123456789012345678.0, -1.2345678901E17"})
    void keepsAsManyDigitsAsFitInSixteenCharacters(double value, String expected) {
        assertEquals(expected, DecimalString.of(value));
    }

    @Test
    void refusesWhatIsNotAFiniteNumber() {
        assertThrows(IllegalArgumentException.class, () -> DecimalString.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> DecimalString.of(Double.POSITIVE_INFINITY));
    }

    @Test
    void everyFiniteDoubleFitsAndParsesBackClosely() {
        Random random = new Random(16);
        for (int i = 0; i < 20000; i++) {
            double value = (random.nextBoolean() ? -1 : 1) * random.nextDouble() * Math.pow(10, random.nextInt(600) - 300);
            String ds = DecimalString.of(value);
            assertTrue(ds.length() <= DecimalString.MAX_LENGTH, ds + " for " + value);
            assertTrue(ds.matches("-?[0-9]+(\\.[0-9]+)?(E-?[0-9]+)?"), ds + " is not a DS number");
            double back = Double.parseDouble(ds);
            assertTrue(Math.abs(back - value) <= Math.abs(value) * 1e-8, ds + " for " + value);
        }
    }
}
