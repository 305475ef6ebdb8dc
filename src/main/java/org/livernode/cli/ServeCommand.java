package org.livernode.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.livernode.config.ConfigLoader;
import org.livernode.pipeline.LiverNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the DICOM node until it is stopped (SIGTERM or Ctrl-C). */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start the DICOM node: receive CT series, segment them, send the results to the destinations.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "conf/livernode.yaml",
            description = "configuration file (default: ${DEFAULT-VALUE})")
    Path config;

    @Override
    public Integer call() throws Exception {
        LiverNode node = LiverNode.start(ConfigLoader.load(config));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
