package org.livernode.cli;

import java.util.concurrent.Callable;
import org.livernode.dimse.DicomStatus;
import org.livernode.dimse.service.EchoScu;
import org.livernode.export.Destination;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** C-ECHO: checks that a peer answers, as administrators do with echoscu. */
@Command(name = "echo", mixinStandardHelpOptions = true, description = "Verify a DICOM peer with C-ECHO.")
final class EchoCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "AETITLE@HOST:PORT", converter = DicomAddress.class)
    Destination peer;

    @Option(names = "--calling-ae", defaultValue = "LIVERNODE", description = "our AE title (default: ${DEFAULT-VALUE})")
    String callingAe;

    @Override
    public Integer call() throws Exception {
        long start = System.nanoTime();
        int status = new EchoScu(callingAe, SendCommand.CONNECT_TIMEOUT, SendCommand.READ_TIMEOUT).echo(peer);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("C-ECHO " + peer.aeTitle() + "@" + peer.host() + ":" + peer.port() + ": " + DicomStatus.describe(status)
                + " in " + millis + " ms");
        return DicomStatus.isSuccess(status) ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
