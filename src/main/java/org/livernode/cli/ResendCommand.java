package org.livernode.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.livernode.config.ConfigLoader;
import org.livernode.config.LivernodeConfig;
import org.livernode.export.DeadLetters;
import org.livernode.export.Destination;
import org.livernode.export.OperatorRequests;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.livernode.state.StateRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Asks the node to send the results in the dead-letter folder again. The command does not send them itself: it
 * files a request that the node's outbox takes up (at once when the node runs, else when it starts), so that the
 * outbox delivers, records, audits and counts them like any other delivery.
 */
@Command(name = "resend", mixinStandardHelpOptions = true,
        description = "Send again the results the node gave up delivering (the dead-letter folder in the spool): the node"
                + " delivers them, at once when it runs, else when it starts.")
final class ResendCommand implements Callable<Integer> {
    private static final long POLL_MILLIS = 200;

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "conf/livernode.yaml",
            description = "configuration file whose spool and destinations are used (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--destination", paramLabel = "NAME", description = "only the results for this destination")
    String destination;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "wait up to this long for the outcome; exit 1 unless every result was delivered (default: do not wait)")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        if (waitSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--wait must be 0 or more seconds, got " + waitSeconds);
        }
        LivernodeConfig settings = ConfigLoader.load(config);
        Set<String> destinations = settings.destinations().stream().map(Destination::name).collect(Collectors.toSet());
        if (destination != null && !destinations.contains(destination)) {
            throw new IllegalArgumentException("no destination named " + destination + " in " + config + "; configured: " + destinations);
        }
        StateRoot state = new StateRoot(settings.node().spoolDir());
        List<DeadLetters.Letter> letters = new DeadLetters(state.deadLetters()).list(destination);
        List<DeadLetters.Letter> requeued = new ArrayList<>();
        for (DeadLetters.Letter letter : letters) {
            if (destinations.contains(letter.destination())) {
                requeued.add(letter);
            } else {
                err().println("left: " + letter.file() + ": destination " + letter.destination() + " is not configured");
            }
        }
        if (requeued.isEmpty()) {
            System.out.println("requeued 0 of " + letters.size() + " dead-lettered result(s)");
            return requeued.size() == letters.size() ? ExitCodes.OK : ExitCodes.FAILED;
        }
        Path request = new OperatorRequests(state.operatorRequests()).file(requeued);
        for (DeadLetters.Letter letter : requeued) {
            System.out.println("requeued: " + letter.file().getFileName() + " to " + letter.destination() + " (job " + letter.jobId() + ")");
        }
        System.out.println("requeued " + requeued.size() + " of " + letters.size() + " dead-lettered result(s); the node sends them"
                + " at once when it runs, else when it starts");
        if (waitSeconds == 0) {
            return requeued.size() == letters.size() ? ExitCodes.OK : ExitCodes.FAILED;
        }
        return awaitOutcome(request, requeued, letters.size(), JobStore.open(state.jobs()));
    }

    /** Waits until the node has taken the request up and each requeued delivery is delivered or given up again. */
    private int awaitOutcome(Path request, List<DeadLetters.Letter> requeued, int letters, JobStore jobs) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        while (Files.exists(request)) {
            if (System.nanoTime() > deadline) {
                err().println("the node did not take the request up within " + waitSeconds + " s: is it running? It will when it starts ("
                        + request + ")");
                return ExitCodes.FAILED;
            }
            Thread.sleep(POLL_MILLIS);
        }
        int delivered = 0;
        for (DeadLetters.Letter letter : requeued) {
            String file = letter.file().getFileName().toString();
            Optional<Delivery> outcome = delivery(jobs, letter, file);
            while (outcome.isPresent() && outcome.get().state() == Delivery.State.PENDING && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
                outcome = delivery(jobs, letter, file);
            }
            if (outcome.isEmpty()) {
                err().println("left: " + file + " to " + letter.destination() + ": job " + letter.jobId() + " has no such delivery");
            } else if (outcome.get().state() == Delivery.State.DELIVERED) {
                delivered++;
            } else if (outcome.get().state() == Delivery.State.PENDING) {
                err().println("left: " + file + " to " + letter.destination() + ": still being tried after " + waitSeconds + " s ("
                        + outcome.get().lastError() + ")");
            } else {
                err().println("left: " + file + " to " + letter.destination() + ": " + outcome.get().lastError());
            }
        }
        System.out.println("resent " + delivered + " of " + letters + " dead-lettered result(s)");
        return delivered == letters ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** The command line's error stream (stderr, unless a caller redirects it). */
    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private static Optional<Delivery> delivery(JobStore jobs, DeadLetters.Letter letter, String file) throws IOException {
        Optional<JobRecord> job = jobs.find(letter.jobId());
        return job.flatMap(j -> j.deliveries().stream().filter(d -> d.destination().equals(letter.destination()) && d.file().equals(file))
                .findFirst());
    }
}
