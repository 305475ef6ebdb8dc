package org.livernode.cli;

import org.livernode.pipeline.NodeIdentity;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code livernode} command line. Exit codes: see {@link ExitCodes}. */
@Command(name = "livernode",
        mixinStandardHelpOptions = true,
        versionProvider = LivernodeCli.Version.class,
        description = "DICOM node that segments the liver in CT series and sends a DICOM SEG and an RT Structure Set to the PACS.",
        subcommands = {ServeCommand.class, ValidateConfigCommand.class, SegmentCommand.class, EchoCommand.class, SendCommand.class,
            ResendCommand.class, WorkerCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the work failed (a series, a send, an echo)", "2:invalid command line",
            "3:invalid configuration or model"})
public final class LivernodeCli implements Runnable {

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"livernode " + NodeIdentity.softwareVersionOfThisBuild()};
        }
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: serve, validate-config, segment, echo, send, resend or worker");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with the exit-code mapping and one-line error reporting that {@code main} uses. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LivernodeCli());
        // Subcommands do not inherit it: without this, "livernode serve --version" would print nothing.
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(new Version()));
        cli.setExitCodeExceptionMapper(ExitCodes::of);
        // One line, not the usage text: what was wrong and where the help is.
        cli.setParameterExceptionHandler((e, args) -> {
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            e.getCommandLine().getErr().println(command + ": " + ExitCodes.message(e) + " (see: " + command + " --help)");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("livernode " + commandLine.getCommandName() + ": " + ExitCodes.message(e));
            return ExitCodes.of(e);
        });
        return cli;
    }
}
