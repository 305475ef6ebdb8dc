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
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** C-STORE of files and folders to a peer, for field checks. */
@Command(name = "send", mixinStandardHelpOptions = true, description = "Send DICOM files (folders are searched recursively) with C-STORE.")
final class SendCommand implements Callable<Integer> {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @Parameters(index = "0", paramLabel = "AETITLE@HOST:PORT", converter = DicomAddress.class)
    Destination peer;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "FILE-OR-FOLDER")
    List<Path> inputs;

    @Option(names = "--calling-ae", defaultValue = "LIVERNODE", description = "our AE title (default: ${DEFAULT-VALUE})")
    String callingAe;

    @Override
    public Integer call() throws Exception {
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
        List<StoreResult> results = new StorageScu(callingAe, CONNECT_TIMEOUT, READ_TIMEOUT).send(peer, files);
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
