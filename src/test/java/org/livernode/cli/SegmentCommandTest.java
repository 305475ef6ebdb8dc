package org.livernode.cli;

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
import org.livernode.testing.TestModels;

class SegmentCommandTest {

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private List<Path> outputs() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            return files.toList();
        }
    }

    @Test
    void writesASegAndAnRtstructPerSeriesFound() throws Exception {
        CtPhantom first = new CtPhantom().slices(6);
        CtPhantom second = new CtPhantom().slices(5).matrix(48, 48);
        first.write(dir.resolve("in/a"));
        second.write(dir.resolve("in/b/deeper"));
        Files.writeString(dir.resolve("in/README.txt"), "not DICOM, left out");
        int code = cli.run("segment", dir.resolve("in").toString(), "--out", dir.resolve("out").toString(), "--model", TestModels.BAND.toString());
        assertEquals(0, code, cli.errors());
        List<Path> outputs = outputs();
        assertEquals(4, outputs.size(), outputs.toString());
        for (CtPhantom phantom : List.of(first, second)) {
            assertEquals("1.2.840.10008.5.1.4.1.1.66.4", DicomInspection.sopClassUid(dir.resolve("out/seg-" + phantom.seriesInstanceUid() + ".dcm")));
            assertEquals("1.2.840.10008.5.1.4.1.1.481.3", DicomInspection.sopClassUid(dir.resolve("out/rtstruct-" + phantom.seriesInstanceUid() + ".dcm")));
        }
        // Progress on stderr whatever the log level: one line per series in the scanner's order, then a summary.
        List<String> progress = cli.errors().lines().filter(l -> l.startsWith("[") || l.contains("series segmented")).toList();
        List<String> uids = java.util.stream.Stream.of(first, second).map(CtPhantom::seriesInstanceUid).sorted().toList();
        assertEquals(3, progress.size(), cli.errors());
        assertTrue(progress.get(0).matches("\\[1/2] series " + uids.get(0).replace(".", "\\.") + ": \\d+ slices, seg \\+ rtstruct in \\d+\\.\\d s"),
                progress.get(0));
        assertTrue(progress.get(1).startsWith("[2/2] series " + uids.get(1) + ": "), progress.get(1));
        assertTrue(progress.get(2).matches("2 of 2 series segmented in \\d+\\.\\d s"), progress.get(2));
    }


    @Test
    void missingModelExitsWithConfigurationCodeAndSaysWhereItBelongs() throws Exception {
        new CtPhantom().slices(3).write(dir.resolve("in"));
        int code = cli.run("segment", dir.resolve("in").toString(), "--out", dir.resolve("out").toString(),
                "--model", dir.resolve("none.onnx").toString());
        assertEquals(3, code);
        assertEquals(1, cli.errors().lines().count(), cli.errors());
        assertTrue(cli.errors().contains("none.json"), cli.errors());
    }

    @Test
    void folderWithoutUsableSeriesFails() throws Exception {
        new CtPhantom().slices(1).write(dir.resolve("in"));
        int code = cli.run("segment", dir.resolve("in").toString(), "--out", dir.resolve("out").toString(), "--model", TestModels.BAND.toString());
        assertEquals(1, code);
    }

    @Test
    void missingArgumentsAndAnUnknownDeviceAreUsageErrors() {
        assertEquals(2, cli.run("segment"));
        assertEquals(2, cli.run("segment", dir.toString(), "--out", dir.toString(), "--device", "tpu", "--model", TestModels.BAND.toString()));
    }
}
