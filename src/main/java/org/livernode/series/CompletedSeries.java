package org.livernode.series;

import java.time.Instant;
import java.util.Set;

/**
 * A series for which no new instance has arrived for the idle timeout.
 *
 * @param instancesReceived instances received since the series was last completed (re-sent ones included)
 * @param callingAeTitles the senders that delivered them
 * @param lastArrival when the last of them was stored
 */
public record CompletedSeries(String seriesInstanceUid, int instancesReceived, Set<String> callingAeTitles, Instant lastArrival) {}
