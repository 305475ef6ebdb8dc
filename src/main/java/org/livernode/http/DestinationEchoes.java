package org.livernode.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.livernode.export.Destination;

/**
 * Whether each destination answers a C-ECHO, and how long it took, remembered for {@link #MAX_AGE} so that a
 * console open in several browsers does not echo the PACS on every refresh. One check at a time: a request that
 * finds the results stale echoes every destination, the others wait for its results.
 */
public final class DestinationEchoes {
    /** How long a result is shown before the destinations are echoed again. */
    static final Duration MAX_AGE = Duration.ofSeconds(30);

    /** Sends one C-ECHO; returns the status or throws when the destination cannot be reached or refuses. */
    @FunctionalInterface
    public interface Echo {
        int echo(Destination destination) throws Exception;
    }

    /**
     * @param reachable whether the C-ECHO succeeded (status 0)
     * @param millis how long it took
     * @param error what went wrong; empty when reachable
     */
    public record Result(Destination destination, boolean reachable, long millis, String error, Instant checkedAt) {}

    private final List<Destination> destinations;
    private final Echo echo;
    private final Clock clock;
    private List<Result> results = List.of();
    private Instant checkedAt = Instant.MIN;

    public DestinationEchoes(List<Destination> destinations, Echo echo, Clock clock) {
        this.destinations = List.copyOf(destinations);
        this.echo = echo;
        this.clock = clock;
    }

    /** The latest results, echoing again first when they are older than {@link #MAX_AGE}. */
    public synchronized List<Result> results() {
        Instant now = clock.instant();
        if (!now.isBefore(checkedAt.plus(MAX_AGE))) {
            List<Result> fresh = new ArrayList<>();
            for (Destination d : destinations) {
                fresh.add(check(d));
            }
            results = List.copyOf(fresh);
            checkedAt = now;
        }
        return results;
    }

    private Result check(Destination destination) {
        long start = System.nanoTime();
        try {
            int status = echo.echo(destination);
            long millis = (System.nanoTime() - start) / 1_000_000;
            return new Result(destination, status == 0, millis, status == 0 ? "" : String.format("C-ECHO status 0x%04X", status), clock.instant());
        } catch (Exception e) {
            return new Result(destination, false, (System.nanoTime() - start) / 1_000_000, String.valueOf(e.getMessage()), clock.instant());
        }
    }
}
