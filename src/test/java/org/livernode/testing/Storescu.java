package org.livernode.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** DCMTK's storescu playing the scanner of the integration tests, sending to a node on 127.0.0.1. */
public final class Storescu {
    private Storescu() {}

    /** The command line that sends {@code files} from {@code callingAe} to {@code calledAe} on {@code port}, storescu's {@code options} first. */
    public static List<String> command(int port, String callingAe, String calledAe, List<Path> files, String... options) {
        List<String> command = new ArrayList<>(List.of(ExternalProgram.require("storescu", "dcmtk")));
        command.addAll(List.of(options));
        command.addAll(List.of("-aet", callingAe, "-aec", calledAe, "127.0.0.1", Integer.toString(port)));
        files.forEach(f -> command.add(f.toString()));
        return command;
    }

    /** Sends {@code files} as {@link #command} says, waiting at most {@code timeoutSeconds} for storescu to finish. */
    public static ExternalProgram.Result send(int port, String callingAe, String calledAe, List<Path> files, long timeoutSeconds) {
        return ExternalProgram.run(command(port, callingAe, calledAe, files), timeoutSeconds);
    }
}
