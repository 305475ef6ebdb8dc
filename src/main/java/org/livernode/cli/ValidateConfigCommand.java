package org.livernode.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.livernode.config.ConfigException;
import org.livernode.config.ConfigLoader;
import org.livernode.config.LivernodeConfig;
import org.livernode.inference.InferenceException;
import org.livernode.inference.OnnxSegmenter;
import org.livernode.pipeline.SeriesProcessor;
import org.livernode.routing.Router;
import org.livernode.routing.RoutingRule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Checks a configuration as {@code serve} would at startup, without opening ports: the YAML with its
 * destinations, rules and TLS files, then the model with its manifest, loaded on the configured device.
 */
@Command(name = "validate-config", mixinStandardHelpOptions = true,
        description = "Check the configuration (keys, destinations, rules, TLS files) and load the model and its manifest,"
                + " as serve would; exit 0 when serve would start, 3 otherwise.")
final class ValidateConfigCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "conf/livernode.yaml",
            description = "configuration file (default: ${DEFAULT-VALUE})")
    Path config;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        LivernodeConfig settings;
        try {
            settings = ConfigLoader.load(config);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return ExitCodes.CONFIGURATION;
        }
        String model;
        try (OnnxSegmenter segmenter = OnnxSegmenter.open(settings.inference().model(), settings.inference().device())) {
            model = segmenter.manifest().name() + " " + segmenter.manifest().version() + " on " + segmenter.executionProvider();
            // What serve builds from the manifest next: its segment must fit a SEG.
            SeriesProcessor.fromConfig(segmenter, settings);
        } catch (InferenceException e) {
            err.println(config + ": inference.model: " + ExitCodes.message(e));
            return ExitCodes.CONFIGURATION;
        }
        System.out.println("configuration OK: " + config + ": model " + model + "; " + settings.destinations().size() + " destination(s); rules "
                + (settings.rules().isEmpty() ? Router.DEFAULT_RULE : settings.rules().stream().map(RoutingRule::name).toList())
                + "; HTTP " + settings.http().map(http -> http.bindAddress() + ":" + http.port()).orElse("off") + "; audit log "
                + settings.audit().file());
        return ExitCodes.OK;
    }
}
