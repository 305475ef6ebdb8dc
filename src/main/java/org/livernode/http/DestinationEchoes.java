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
 * finds the results stale echoes every destination; requests meanwhile get the previous results rather than wait
 * (an unreachable destination takes the connect timeout), so they do not tie up the HTTP threads.
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
     * @param checkedAt null before the first check
     */
    public record Result(Destination destination, boolean reachable, long millis, String error, Instant checkedAt) {}

    private final List<Destination> destinations;
    private final Echo echo;
    private final Clock clock;
    private List<Result> results;
    private Instant checkedAt = Instant.MIN;
    private boolean checking;

    public DestinationEchoes(List<Destination> destinations, Echo echo, Clock clock) {
        this.destinations = List.copyOf(destinations);
        this.echo = echo;
        this.clock = clock;
        this.results = this.destinations.stream().map(d -> new Result(d, false, 0, "not checked yet", null)).toList();
    }

    /**
     * The latest results: echoed again first when they are older than {@link #MAX_AGE}, unless another request is
     * doing that already.
     */
    public List<Result> results() {
        Instant now;
        synchronized (this) {
            now = clock.instant();
            if (checking || now.isBefore(checkedAt.plus(MAX_AGE))) {
                return results;
            }
            checking = true;
        }
        List<Result> fresh = new ArrayList<>();
        try {
            for (Destination d : destinations) {
                fresh.add(check(d));
            }
        } finally {
            synchronized (this) {
                if (fresh.size() == destinations.size()) {
                    results = List.copyOf(fresh);
                    checkedAt = now;
                }
                checking = false;
            }
        }
        return fresh;
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
