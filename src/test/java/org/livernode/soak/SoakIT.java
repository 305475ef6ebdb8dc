package org.livernode.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.TestModels;

/**
 * The soak test (bench/soak) in short: eight small series from three senders at once against the node (its own
 * JVM) and a real Orthanc, with every kind of fault at least once (kill -9 of the node, Orthanc down, a sender
 * killed mid-series, duplicate re-sends, late instances, an association flood, a slow sender, a full spool). The
 * driver checks its invariants from Orthanc's contents and the node's job records and exits non-zero, naming
 * what failed, when one does not hold; at the end it restarts the node with delivered series kept 0 hours and checks
 * that retention deleted exactly what its rules let go. Phantoms only, with the band model: processing stays cheap (the band
 * model on the real series marks most of the abdomen, whose RTSTRUCT alone takes a minute on a loaded machine).
 * No speed assertions, only a time limit that a loaded machine does not reach.
 */
class SoakIT {
    private static final long TIME_LIMIT_SECONDS = 900;
    private static final Pattern FAULTS = Pattern.compile("\\| faults injected \\| (.*) \\|");
    private static final Pattern RETENTION = Pattern.compile("\\| spool after a retention round [^|]*\\| (\\d+) series deleted");

    @TempDir
    Path work;

    @Test
    void aShortHostileDayLosesNothingAndDuplicatesNothing() throws Exception {
        ExternalProgram.require("storescu", "dcmtk");
        ExternalProgram.require("Orthanc", "orthanc");
        Path python = Path.of("/usr/bin/python3");
        assertTrue(Files.isExecutable(python), "Debian's python3 (with python3-pydicom and python3-numpy) is missing: run scripts/setup");
        ExternalProgram.Result run = ExternalProgram.run(List.of(python.toString(), "bench/soak",
                "--series", "8", "--seed", "20261204", "--senders", "3",
                "--min-slices", "20", "--max-slices", "40", "--matrix", "64", "--ircadb-share", "0",
                "--model", TestModels.BAND.toString(), "--jar", Path.of("target/livernode.jar").toAbsolutePath().toString(),
                "--fault-seconds", "6", "--send-retry-seconds", "300", "--drain-seconds", "300",
                "--time-limit-seconds", Long.toString(TIME_LIMIT_SECONDS), "--work", work.toString()),
                TIME_LIMIT_SECONDS + 60);
        assertEquals(0, run.exitCode(), "bench/soak found an invariant broken (or could not run):\n" + run.output());
        Matcher faults = FAULTS.matcher(run.output());
        assertTrue(faults.find(), "no faults row in the report:\n" + run.output());
        for (String kind : faults.group(1).split(", ")) {
            assertTrue(!kind.endsWith(" 0"), "fault never injected: " + kind + "\n" + run.output());
        }
        assertTrue(run.output().contains("| lost (goal 0) | 0 |") && run.output().contains("| duplicates (goal 0) | 0 |"), run.output());
        // Retention ran on something: the check of what it keeps is not vacuous.
        Matcher retention = RETENTION.matcher(run.output());
        assertTrue(retention.find() && Integer.parseInt(retention.group(1)) > 0, "no series deleted by retention:\n" + run.output());
    }
}
