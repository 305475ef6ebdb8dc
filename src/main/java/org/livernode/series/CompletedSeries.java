package org.livernode.series;

import java.util.Set;

/**
 * A series taken as complete (see {@link SeriesTracker} for the rules).
 *
 * @param instancesReceived instances received since the series was last completed (re-sent ones included)
 * @param callingAeTitles the senders that delivered them
 * @param trigger what made the tracker take it as complete
 */
public record CompletedSeries(String seriesInstanceUid, int instancesReceived, Set<String> callingAeTitles, Trigger trigger) {

    /** What ended the wait for more instances of a series. */
    public enum Trigger {
        /** One association delivered the whole series and was released: completed at once, without the grace period. */
        WHOLE_SERIES_RELEASED,
        /** The release grace period passed after the last association that delivered the series was released. */
        RELEASE_GRACE,
        /** No instance of the series arrived for the idle timeout. */
        IDLE_TIMEOUT
    }
}
