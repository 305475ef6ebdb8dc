package org.livernode.export;

import java.time.Duration;

/** first, 2 x first, 4 x first ... up to {@code cap}: quick recovery from a short outage, no hammering of a long one. */
public record ExponentialBackoff(Duration first, Duration cap) implements RetryDelay {

    public ExponentialBackoff {
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first <= cap, got first " + first + " and cap " + cap);
        }
    }

    @Override
    public Duration after(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1, got " + failedAttempts);
        }
        int doublings = Math.min(failedAttempts - 1, 40);
        double millis = first.toMillis() * Math.pow(2, doublings);
        return millis >= cap.toMillis() ? cap : Duration.ofMillis((long) millis);
    }
}
