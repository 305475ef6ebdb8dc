package org.livernode.retention;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * How long the spool keeps what it no longer needs, as the {@code retention} section of the configuration gives it.
 *
 * @param deliveredSeries a series whose every result was delivered (or that had nothing to deliver)
 * @param failed a series whose job failed, and a file in {@code failed/}
 * @param deadLetter a dead letter; its series is kept as long as it is
 * @param maxSpoolBytes above this, delivered series go oldest first whatever their age; empty for no limit
 * @param interval between two purge rounds
 */
public record RetentionConfig(Duration deliveredSeries, Duration failed, Duration deadLetter, OptionalLong maxSpoolBytes, Duration interval) {}
