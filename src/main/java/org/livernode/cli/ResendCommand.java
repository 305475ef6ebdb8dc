package org.livernode.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.livernode.config.ConfigLoader;
import org.livernode.config.LivernodeConfig;
import org.livernode.dimse.service.StorageScu;
import org.livernode.dimse.service.StoreResult;
import org.livernode.export.DeadLetters;
import org.livernode.export.Destination;
import org.livernode.state.StateRoot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Sends the results in the dead-letter folder again, to the destinations they were meant for. */
@Command(name = "resend", mixinStandardHelpOptions = true,
        description = "Send again the results the node gave up delivering (the dead-letter folder in the spool).")
final class ResendCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "conf/livernode.yaml",
            description = "configuration file whose spool and destinations are used (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--destination", paramLabel = "NAME", description = "only the results for this destination")
    String destination;

    @Override
    public Integer call() throws Exception {
        LivernodeConfig settings = ConfigLoader.load(config);
        Map<String, Destination> destinations = new HashMap<>();
        settings.destinations().forEach(d -> destinations.put(d.name(), d));
        if (destination != null && !destinations.containsKey(destination)) {
            throw new IllegalArgumentException("no destination named " + destination + " in " + config + "; configured: " + destinations.keySet());
        }
        DeadLetters deadLetters = new DeadLetters(new StateRoot(settings.node().spoolDir()).deadLetters());
        List<DeadLetters.Letter> letters = deadLetters.list(destination);
        StorageScu sender = new StorageScu(settings.node().aeTitle(), SendCommand.CONNECT_TIMEOUT, SendCommand.READ_TIMEOUT);
        int delivered = 0;
        for (DeadLetters.Letter letter : letters) {
            Destination target = destinations.get(letter.destination());
            if (target == null) {
                System.err.println("left: " + letter.file() + ": destination " + letter.destination() + " is not configured");
                continue;
            }
            StoreResult result;
            try {
                result = sender.send(target, List.of(letter.file())).get(0);
            } catch (java.io.IOException e) {
                System.err.println("left: " + letter.file() + ": " + e.getMessage());
                continue;
            }
            if (result.stored()) {
                deadLetters.remove(letter);
                delivered++;
            } else {
                System.err.println("left: " + letter.file() + ": " + result.describe());
            }
        }
        System.out.println("resent " + delivered + " of " + letters.size() + " dead-lettered result(s)");
        return delivered == letters.size() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
