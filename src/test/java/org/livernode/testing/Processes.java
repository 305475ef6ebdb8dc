package org.livernode.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The end of the peers' processes that tests start. */
final class Processes {
    private Processes() {}

    /**
     * Asks the process to stop and waits until it has exited, killing it if it takes longer than {@code grace}, so that
     * what comes next can take its ports and files.
     */
    static void stop(Process process, Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
