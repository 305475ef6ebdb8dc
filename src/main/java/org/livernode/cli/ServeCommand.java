package org.livernode.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.livernode.config.ConfigException;
import org.livernode.config.ConfigLoader;
import org.livernode.config.LivernodeConfig;
import org.livernode.pipeline.LiverNode;
import picocli.CommandLine.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs the DICOM node until it is stopped (SIGTERM or Ctrl-C): all in one process, or as a receiver whose series are
 * segmented by inference workers ({@code livernode worker}) behind the broker. Without {@code --role} the config
 * decides: a broker section makes a receiver (an operator who configured a broker means to use it), none all in one.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the DICOM node: receive CT series, segment them, send the results to the destinations.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "conf/livernode.yaml",
            description = "configuration file (default: ${DEFAULT-VALUE})")
    Path config;

    @Option(names = "--role", paramLabel = "ROLE",
            description = "all-in-one (segment in this process) or receiver (inference workers segment, through the config's broker);"
                    + " default: receiver when the config has a broker section, else all-in-one")
    String role;

    @Override
    public Integer call() throws Exception {
        LivernodeConfig settings = ConfigLoader.load(config);
        LiverNode.Role chosen = role == null ? LiverNode.Role.defaultFor(settings) : switch (role) {
            case "all-in-one" -> LiverNode.Role.ALL_IN_ONE;
            case "receiver" -> LiverNode.Role.RECEIVER;
            default -> throw new ParameterException(spec.commandLine(), "--role must be all-in-one or receiver, got '" + role + "'");
        };
        if (chosen == LiverNode.Role.RECEIVER && settings.broker().isEmpty()) {
            throw new ConfigException(config + ": --role receiver needs a broker section (broker.uri) in the config");
        }
        if (chosen == LiverNode.Role.ALL_IN_ONE && settings.broker().isPresent()) {
            log.info("All in one process: the config's broker section is not used");
        }
        LiverNode node = LiverNode.start(settings, chosen);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
