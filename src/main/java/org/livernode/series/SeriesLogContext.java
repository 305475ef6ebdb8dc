package org.livernode.series;

import org.livernode.dicom.LogSafe;
import org.slf4j.MDC;

/**
 * The series a thread works on, named on every log line it writes meanwhile: its UID goes into SLF4J's MDC under
 * {@value #MDC_KEY}, which the logback patterns print. Set where a series' work runs (its job, the streaming of its
 * instances, the delivery of its results, the {@code segment} command), so that those messages need not name it.
 */
public final class SeriesLogContext {
    public static final String MDC_KEY = "series";

    private SeriesLogContext() {}

    /** Names the series (as {@link LogSafe#uid} writes a UID) on this thread's log lines until closed. */
    public static MDC.MDCCloseable of(String seriesInstanceUid) {
        return MDC.putCloseable(MDC_KEY, LogSafe.uid(seriesInstanceUid));
    }
}
