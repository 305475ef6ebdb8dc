package org.livernode.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.livernode.config.ConfigLoader;
import org.livernode.config.LivernodeConfig;
import org.livernode.dicom.LogSafe;
import org.livernode.inference.OnnxSegmenter;
import org.livernode.pipeline.SeriesProcessor;
import org.livernode.series.SeriesFolderScanner;
import org.livernode.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Offline segmentation: a folder of DICOM CT in, the outputs of each series (SEG, RTSTRUCT as configured) out. */
@Command(name = "segment", mixinStandardHelpOptions = true,
        description = "Segment the CT series found in a folder (recursively) and write the configured outputs (SEG, RTSTRUCT) of each.")
final class SegmentCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(SegmentCommand.class);

    @Parameters(index = "0", paramLabel = "DICOM-FOLDER", description = "folder with the CT instances")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "FOLDER", description = "where the SEG files are written")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "config whose inference section is used (default: conf/livernode.yaml if it exists)")
    Path config;

    @Option(names = "--model", paramLabel = "FILE", description = "ONNX model, overriding the config (its .json manifest lies beside it)")
    Path model;

    @Option(names = "--device", paramLabel = "DEVICE", description = "auto, cpu or cuda, overriding the config")
    String device;

    @Override
    public Integer call() throws Exception {
        LivernodeConfig settings = config != null ? ConfigLoader.load(config)
                : Path.of("conf/livernode.yaml").toFile().isFile() ? ConfigLoader.load(Path.of("conf/livernode.yaml"))
                : ConfigLoader.parse("", "defaults");
        Path modelFile = model != null ? model : settings.inference().model();
        String chosenDevice = device != null ? device : settings.inference().device();
        if (!ConfigLoader.DEVICES.contains(chosenDevice)) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--device must be auto, cpu or cuda");
        }
        Map<String, List<Path>> series = SeriesFolderScanner.scan(input);
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no DICOM instances found under " + input);
        }
        int failed = 0;
        int written = 0;
        try (OnnxSegmenter segmenter = OnnxSegmenter.open(modelFile, chosenDevice)) {
            SeriesProcessor processor = SeriesProcessor.fromConfig(segmenter, settings);
            int done = 0;
            for (Map.Entry<String, List<Path>> entry : series.entrySet()) {
                done++;
                try {
                    SeriesProcessor.Result result = processor.process(entry.getValue(), out);
                    result.outputs().forEach(System.out::println);
                    written++;
                    log.info("[{}/{}] series {} done", done, series.size(), LogSafe.uid(entry.getKey()));
                } catch (VolumeException e) {
                    if (e.notApplicable()) {
                        log.info("[{}/{}] series {} skipped: {}", done, series.size(), LogSafe.uid(entry.getKey()), e.getMessage());
                    } else {
                        failed++;
                        log.error("[{}/{}] series {} cannot be processed: {}", done, series.size(), LogSafe.uid(entry.getKey()), e.getMessage());
                    }
                }
            }
        }
        if (written == 0) {
            log.error("No series under {} could be segmented", input);
        }
        return failed == 0 && written > 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
