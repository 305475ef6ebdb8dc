package org.livernode.series;

import java.util.Set;

/**
 * A series taken as complete: no new instance for the idle timeout, or its senders released their associations
 * (see {@link SeriesTracker}).
 *
 * @param instancesReceived instances received since the series was last completed (re-sent ones included)
 * @param callingAeTitles the senders that delivered them
 */
public record CompletedSeries(String seriesInstanceUid, int instancesReceived, Set<String> callingAeTitles) {}
