package org.livernode.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.DicomInspection;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.TestModels;

/**
 * A 2,000-slice series in a JVM whose heap (160 MiB) could not hold even the model-sized copy of the scan
 * (2,000 x 224 x 224 floats = 400 MB): memory must not grow with the length of the series.
 */
class LongSeriesIT {

    @TempDir
    Path dir;

    @Test
    void twoThousandSlicesAreSegmentedInABoundedHeap() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(2000).matrix(64, 64).sliceSpacing(0.1);
        phantom.write(dir.resolve("ct"));
        Path out = dir.resolve("out");
        ExternalProgram.Result result = ExternalProgram.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx160m", "-Dlogback.configurationFile=conf/logback.xml", "-jar", "target/livernode.jar",
                "segment", dir.resolve("ct").toString(), "--out", out.toString(), "--model", TestModels.BAND.toString()), 600);
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("2000 slices segmented"), result.output());
        Path seg;
        try (Stream<Path> files = Files.list(out)) {
            seg = files.filter(f -> f.getFileName().toString().startsWith("seg-")).findFirst().orElseThrow();
        }
        DicomInspection.PydicomView view = DicomInspection.readWithPydicom(seg, dir.resolve("pydicom"));
        assertEquals(2000, view.facts().get("referencedSeries").get(0).get("sopInstanceUids").size());
        // The phantom's liver spans 60 mm along z, so about 600 slices at 0.1 mm have a frame.
        int frames = view.facts().get("numberOfFrames").asInt();
        assertTrue(frames > 500 && frames < 700, frames + " frames");
    }
}
