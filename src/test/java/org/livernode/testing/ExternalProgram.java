package org.livernode.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a real peer program from a Debian package (DCMTK, dicom3tools, Python) and captures what it printed.
 * DCMTK and Orthanc wait about 40 ms per message unless their environment has TCP_NODELAY=1, so that is
 * always set.
 */
public final class ExternalProgram {

    /** Exit status and everything the program wrote to stdout and stderr, interleaved. */
    public record Result(int exitCode, String output) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private ExternalProgram() {}

    public static Result run(List<String> command, long timeoutSeconds) {
        return run(command, Map.of(), timeoutSeconds);
    }

    public static Result run(List<String> command, Map<String, String> environment, long timeoutSeconds) {
        try {
            Path log = Files.createTempFile("livernode-program", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().put("TCP_NODELAY", "1");
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    throw new AssertionError(command.get(0) + " did not finish within " + timeoutSeconds + " s; it printed:\n"
                            + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** Absolute path of a program on PATH, or a failed assumption that names the Debian package to install. */
    public static String require(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        for (String dir : List.of("/usr/bin", "/usr/sbin")) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(program + " is not installed: run scripts/setup (Debian package " + debianPackage + ")");
    }

    /** The real data beside the project, or a skipped test that says where it was looked for. */
    public static Path sharedData(String relative) {
        Path root = Path.of(System.getProperty("livernode.sharedData", "../shared/data"));
        Path p = root.resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), () -> "skipped: real data " + p.toAbsolutePath()
                + " is absent (it lives beside the project in ../shared/data; set -Dlivernode.sharedData to move it)");
        return p;
    }
}
