package org.livernode.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.livernode.testing.LogCapture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The series a thread works on is on its log lines while the context is open, and the shipped patterns print it. */
class SeriesLogContextTest {
    private static final Logger log = LoggerFactory.getLogger(SeriesLogContextTest.class);

    @RegisterExtension
    final LogCapture captured = new LogCapture();

    @Test
    void linesWrittenInTheContextNameTheSeriesAsALogSafeUid() {
        try (MDC.MDCCloseable series = SeriesLogContext.of("1.2.840.1")) {
            log.info("inside");
        }
        try (MDC.MDCCloseable series = SeriesLogContext.of("Doe^John")) {
            log.info("a malformed UID");
        }
        log.info("outside");
        String logger = "INFO " + SeriesLogContextTest.class.getName();
        assertEquals(List.of(logger + " series=1.2.840.1 - inside", logger + " series=(not a UID: 8 characters) - a malformed UID",
                logger + " - outside"), captured.lines());
    }

    @ParameterizedTest
    @ValueSource(strings = {"conf/logback.xml", "src/test/resources/logback-test.xml"})
    void thePatternPrintsTheSeriesOnlyWhenThereIsOne(String configuration) throws Exception {
        Matcher pattern = Pattern.compile("<pattern>(.*)</pattern>").matcher(Files.readString(Path.of(configuration)));
        assertTrue(pattern.find(), configuration);
        PatternLayout layout = new PatternLayout();
        layout.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        layout.setPattern(pattern.group(1));
        layout.start();
        ch.qos.logback.classic.Logger jobRunner = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.livernode.pipeline.JobRunner");
        LoggingEvent inSeries = new LoggingEvent(null, jobRunner, Level.INFO, "Processing 3 instances", null, null);
        inSeries.setMDCPropertyMap(Map.of(SeriesLogContext.MDC_KEY, "1.2.840.1"));
        LoggingEvent outside = new LoggingEvent(null, jobRunner, Level.INFO, "Retention: nothing to delete", null, null);
        outside.setMDCPropertyMap(Map.of());
        assertEquals(" JobRunner series=1.2.840.1 - Processing 3 instances" + System.lineSeparator(), afterThread(layout.doLayout(inSeries)));
        assertEquals(" JobRunner - Retention: nothing to delete" + System.lineSeparator(), afterThread(layout.doLayout(outside)));
    }

    /** The line from after the thread's name on: the time and the thread differ from run to run. */
    private static String afterThread(String line) {
        return line.substring(line.indexOf(']') + 1);
    }
}
