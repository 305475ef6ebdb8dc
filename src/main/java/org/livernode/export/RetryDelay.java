package org.livernode.export;

import java.time.Duration;

/** How long to wait before the next attempt to deliver, after {@code failedAttempts} failures. */
public interface RetryDelay {
    Duration after(int failedAttempts);
}
