package org.livernode.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.livernode.series.SeriesLogContext;
import org.slf4j.LoggerFactory;

/**
 * Records every log event of every logger, as one line of level, logger, the series the thread works on (when
 * {@link SeriesLogContext} names one, as the logback pattern prints it), formatted message and any stack trace, from
 * creation to {@link #close()}. The node's own loggers are opened to TRACE meanwhile; third-party
 * loggers keep the levels of the logback configuration the node ships (PixelMed at WARN). Registered with
 * {@code @RegisterExtension} in an instance field, it records each test on its own and closes after it.
 */
public final class LogCapture implements AutoCloseable, AfterEachCallback {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger livernode = (Logger) LoggerFactory.getLogger("org.livernode");
    private final Level livernodeLevel = livernode.getLevel();
    private final List<String> lines = new ArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            String series = event.getMDCPropertyMap().get(SeriesLogContext.MDC_KEY);
            String line = event.getLevel() + " " + event.getLoggerName() + (series == null ? "" : " series=" + series) + " - "
                    + event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy()));
            synchronized (lines) {
                lines.add(line);
                lines.notifyAll();
            }
        }
    };

    public LogCapture() {
        appender.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        appender.start();
        root.addAppender(appender);
        livernode.setLevel(Level.TRACE);
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The first line that matches, waiting up to 10 s for it: servers log after the peer has gone. */
    public String await(Predicate<String> matching) throws InterruptedException {
        return awaitCount(1, matching).get(0);
    }

    /** The first {@code count} lines that match, waiting up to 10 s for them. */
    public List<String> awaitCount(int count, Predicate<String> matching) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        synchronized (lines) {
            while (true) {
                List<String> matches = lines.stream().filter(matching).limit(count).toList();
                if (matches.size() == count) {
                    return matches;
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError(matches.size() + " of " + count + " log lines matched within 10 s; the lines were:\n"
                            + String.join("\n", lines));
                }
                lines.wait(left);
            }
        }
    }

    /** The first {@code count} lines that contain every one of {@code parts}. */
    public List<String> awaitCount(int count, String... parts) throws InterruptedException {
        return awaitCount(count, containingAll(parts));
    }

    /** The first line that contains every one of {@code parts}, waiting for it as {@link #await(Predicate)}. */
    public String await(String... parts) throws InterruptedException {
        return await(containingAll(parts));
    }

    private static Predicate<String> containingAll(String... parts) {
        return line -> List.of(parts).stream().allMatch(line::contains);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        livernode.setLevel(livernodeLevel);
    }
}
