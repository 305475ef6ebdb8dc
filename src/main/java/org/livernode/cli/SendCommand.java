package org.livernode.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.livernode.dimse.service.StorageScu;
import org.livernode.dimse.service.StoreResult;
import org.livernode.export.Destination;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** C-STORE of files and folders to a peer, for field checks. */
@Command(name = "send", mixinStandardHelpOptions = true, description = "Send DICOM files (folders are searched recursively) with C-STORE.")
final class SendCommand implements Callable<Integer> {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "AETITLE@HOST:PORT", converter = DicomAddress.class)
    Destination peer;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE-OR-FOLDER")
    List<Path> inputs;

    @Option(names = "--calling-ae", defaultValue = "LIVERNODE", description = "our AE title (default: ${DEFAULT-VALUE})")
    String callingAe;

    @Option(names = "--rate", paramLabel = "INSTANCES-PER-SECOND", defaultValue = "0",
            description = "send at most this many instances a second, as a scanner does while it reconstructs (default: as fast as the peer answers)")
    double rate;

    @Override
    public Integer call() throws Exception {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new ParameterException(spec.commandLine(), "--rate must be 0 or more instances a second, got " + rate);
        }
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try (Stream<Path> walk = Files.walk(input)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            } else if (Files.isRegularFile(input)) {
                files.add(input);
            } else {
                throw new IOException(input + " does not exist");
            }
        }
        long start = System.nanoTime();
        List<StoreResult> results = new StorageScu(callingAe, CONNECT_TIMEOUT, READ_TIMEOUT).send(peer, files,
                rate == 0 ? Duration.ZERO : Duration.ofNanos(Math.round(1e9 / rate)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        long failed = 0;
        for (StoreResult r : results) {
            if (!r.stored()) {
                failed++;
                System.err.println("not stored: " + r.file() + ": " + r.describe());
            }
        }
        System.out.println("sent " + (results.size() - failed) + " of " + results.size() + " file(s) to " + peer.aeTitle() + "@"
                + peer.host() + ":" + peer.port() + " in " + millis + " ms");
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
