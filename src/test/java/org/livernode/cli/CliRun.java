package org.livernode.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs the command line as main does and keeps what it printed: on System.out (results, help, version) and on stderr. */
public final class CliRun {
    private final StringWriter err = new StringWriter();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public int run(String... args) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            // Made after System.out is replaced: picocli takes its standard output when the command line is made.
            CommandLine cli = LivernodeCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            return cli.execute(args);
        } finally {
            System.setOut(original);
        }
    }

    /** Everything printed on System.out so far. */
    public String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Everything printed on the error stream so far. */
    public String errors() {
        return err.toString();
    }

    /** Forgets what was printed, for the next run. */
    public void clear() {
        out.reset();
        err.getBuffer().setLength(0);
    }
}
