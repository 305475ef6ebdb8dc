package org.livernode.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.livernode.config.ConfigLoader;
import org.livernode.config.LivernodeConfig;
import org.livernode.dicom.LogSafe;
import org.livernode.inference.Device;
import org.livernode.inference.OnnxSegmenter;
import org.livernode.output.OutputType;
import org.livernode.pipeline.SeriesProcessor;
import org.livernode.series.SeriesFolderScanner;
import org.livernode.series.SeriesLogContext;
import org.livernode.volume.VolumeException;
import org.slf4j.MDC;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Offline segmentation: a folder of DICOM CT in, the outputs of each series (the config's top-level {@code outputs})
 * out. Routing rules do not apply: every CT series found is segmented. One progress line per series on stderr, with
 * its time, whatever the log level.
 */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = "Segment the CT series found in a folder (recursively) and write the configured outputs (SEG, RTSTRUCT) of each.")
final class SegmentCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DICOM-FOLDER", description = "folder with the CT instances")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "FOLDER", description = "where the output files are written")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "config whose inference section is used (default: conf/livernode.yaml if it exists)")
    Path config;

    @Option(names = "--model", paramLabel = "FILE", description = "ONNX model, overriding the config (its .json manifest lies beside it)")
    Path model;

    @Option(names = "--device", paramLabel = "DEVICE", description = "auto, cpu or cuda, overriding the config")
    String device;

    @Spec
    CommandSpec spec;

    /** Seconds since {@code start}, for the progress lines. */
    private static String since(long start) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9);
    }

    @Override
    public Integer call() throws Exception {
        LivernodeConfig settings = config != null ? ConfigLoader.load(config)
                : Path.of("conf/livernode.yaml").toFile().isFile() ? ConfigLoader.load(Path.of("conf/livernode.yaml"))
                : ConfigLoader.parse("", "defaults");
        Path modelFile = model != null ? model : settings.inference().model();
        Device chosenDevice = device == null ? settings.inference().device() : ConfigLoader.choice(Device.class, device)
                .orElseThrow(() -> new picocli.CommandLine.ParameterException(spec.commandLine(), "--device must be auto, cpu or cuda"));
        Map<String, List<Path>> series = SeriesFolderScanner.scan(input);
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no DICOM instances found under " + input);
        }
        int failed = 0;
        int written = 0;
        PrintWriter progress = spec.commandLine().getErr();
        long start = System.nanoTime();
        try (OnnxSegmenter segmenter = OnnxSegmenter.open(modelFile, chosenDevice)) {
            SeriesProcessor processor = SeriesProcessor.fromConfig(segmenter, settings);
            int done = 0;
            for (Map.Entry<String, List<Path>> entry : series.entrySet()) {
                done++;
                String position = "[" + done + "/" + series.size() + "] series " + LogSafe.uid(entry.getKey());
                long seriesStart = System.nanoTime();
                try (MDC.MDCCloseable logged = SeriesLogContext.of(entry.getKey())) {
                    SeriesProcessor.Result result = processor.process(entry.getValue(), out);
                    result.outputs().values().forEach(System.out::println);
                    written++;
                    progress.printf("%s: %d slices, %s in %s%n", position, result.slices(),
                            result.outputs().keySet().stream().map(OutputType::configName).collect(Collectors.joining(" + ")), since(seriesStart));
                } catch (VolumeException e) {
                    if (e.notApplicable()) {
                        progress.printf("%s skipped: %s%n", position, e.getMessage());
                    } else {
                        failed++;
                        progress.printf("%s cannot be processed: %s%n", position, e.getMessage());
                    }
                }
            }
        }
        progress.printf("%d of %d series segmented in %s%s%n", written, series.size(), since(start),
                written == 0 ? "; none under " + input + " could be" : "");
        return failed == 0 && written > 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
