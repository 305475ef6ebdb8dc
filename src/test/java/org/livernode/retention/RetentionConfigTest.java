package org.livernode.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.livernode.config.ConfigException;
import org.livernode.config.ConfigLoader;

/** The {@code retention} section of the configuration, as {@link org.livernode.config.ConfigLoader} types and checks it. */
class RetentionConfigTest {

    @Test
    void absentSectionTakesTheDefaults() throws ConfigException {
        RetentionConfig retention = ConfigLoader.parse("node: { port: 11112 }\n", "t").retention();
        assertEquals(new RetentionConfig(Duration.ofHours(72), Duration.ofDays(30), Duration.ofDays(30), OptionalLong.empty(),
                Duration.ofMinutes(10)), retention);
        assertEquals(retention, ConfigLoader.parse("retention: {}\n", "t").retention(), "an empty section is the defaults too");
    }

    @Test
    void readsEveryKeyAsDurationsAndBytes() throws ConfigException {
        RetentionConfig retention = ConfigLoader.parse("""
                retention: { deliveredSeriesHours: 1.5, failedDays: 0.5, deadLetterDays: 7, maxSpoolGiB: 0.0001, intervalMinutes: 0.01 }
                """, "t").retention();
        assertEquals(Duration.ofMinutes(90), retention.deliveredSeries());
        assertEquals(Duration.ofHours(12), retention.failed());
        assertEquals(Duration.ofDays(7), retention.deadLetter());
        assertEquals(OptionalLong.of(107_374), retention.maxSpoolBytes());
        assertEquals(Duration.ofMillis(600), retention.interval());
        assertEquals(Duration.ZERO, ConfigLoader.parse("retention: { deliveredSeriesHours: 0 }\n", "t").retention().deliveredSeries(),
                "0 deletes a delivered series at the next round");
        assertEquals(OptionalLong.empty(), ConfigLoader.parse("retention: { maxSpoolGiB: null }\n", "t").retention().maxSpoolBytes());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            retention: { deliveredSeriesHours: -1 }   | t: retention.deliveredSeriesHours must be between 0 and 87600 hours
            retention: { failedDays: 4000 }           | t: retention.failedDays must be between 0 and 3650 days, got 4000.0
            retention: { deadLetterDays: -0.5 }       | t: retention.deadLetterDays must be between 0 and 3650 days
            retention: { maxSpoolGiB: 0 }             | t: retention.maxSpoolGiB must be above 0
            retention: { intervalMinutes: 0 }         | t: retention.intervalMinutes must be above 0
            retention: { intervalMinutes: 2000 }      | t: retention.intervalMinutes must be above 0 and at most 1440
            retention: { deliveredSeriesDays: 3 }     | t: unknown key retention.deliveredSeriesDays
            retention: { failedDays: soon }           | t: key retention.failedDays has an invalid value
            """)
    void badValuesAreNamedWithTheirKey(String yaml, String messageStart) {
        String message = rejection(yaml);
        assertTrue(message.startsWith(messageStart), message);
    }

    private static String rejection(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml + "\n", "t")).getMessage();
    }
}
