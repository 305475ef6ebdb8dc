package org.livernode.pipeline;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.livernode.dicom.CtSliceWriter;
import org.livernode.dicom.DerivedUid;
import org.livernode.inference.InferenceException;
import org.livernode.series.SeriesLogContext;
import org.livernode.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs a small synthetic series through the whole processing path (decoding, pre-processing, inference,
 * post-processing, the quality check, SEG and RTSTRUCT encoding) before the node accepts associations. The JIT compiles the hot
 * loops here rather than while the first patient's series waits, and it does not compete with the model for
 * the CPU then: on two cores the first series after startup otherwise takes twice as long as later ones.
 */
final class WarmUp {
    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);
    private static final int SLICES = 32;
    private static final int MATRIX = 512;

    private WarmUp() {}

    static void run(SeriesProcessor processor) throws IOException, InferenceException {
        long start = System.nanoTime();
        Path folder = Files.createTempDirectory("livernode-warm-up");
        String series = DerivedUid.of(List.of("livernode warm-up series"));
        try (MDC.MDCCloseable logged = SeriesLogContext.of(series)) {
            List<Path> files = write(folder.resolve("ct"), series);
            processor.process(files, folder.resolve("out"));
        } catch (VolumeException e) {
            throw new IllegalStateException("the synthetic warm-up series cannot be assembled: " + e.getMessage(), e);
        } finally {
            MoreFiles.deleteRecursively(folder, RecursiveDeleteOption.ALLOW_INSECURE);
        }
        log.info("Processing path warmed up with a synthetic {}-slice series in {} ms", SLICES, (System.nanoTime() - start) / 1_000_000);
    }

    /** An abdomen-like cross-section: air, a body of 20 HU, an organ of 100 HU, on slices 1 mm apart. */
    private static List<Path> write(Path folder, String series) throws IOException {
        Files.createDirectories(folder);
        short[] pixels = new short[MATRIX * MATRIX];
        for (int r = 0; r < MATRIX; r++) {
            for (int c = 0; c < MATRIX; c++) {
                double x = (c - MATRIX / 2.0) / (MATRIX / 2.0), y = (r - MATRIX / 2.0) / (MATRIX / 2.0);
                double organ = (x + 0.3) * (x + 0.3) / 0.09 + y * y / 0.06;
                pixels[r * MATRIX + c] = (short) (x * x + y * y > 0.8 ? -1000 : organ < 1 ? 100 : 20);
            }
        }
        List<Path> files = new ArrayList<>();
        for (int z = 0; z < SLICES; z++) {
            Path file = folder.resolve(z + ".dcm");
            CtSliceWriter.write(new CtSliceWriter.Slice(series + ".0", series, series + "." + (z + 1), series + ".1",
                    new double[] {-175, -175, z}, new double[] {1, 0, 0, 0, 1, 0}, 0.68, MATRIX, MATRIX, 16, true, pixels, Map.of()),
                    "LIVERNODE", file);
            files.add(file);
        }
        return files;
    }
}
