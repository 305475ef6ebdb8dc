package org.livernode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What scripts and operators rely on: help and version everywhere, exit codes, one-line errors, validate-config. */
class CommandLineTest {
    static final Path BAND_MODEL = Path.of("src/test/resources/models/hu-band.onnx").toAbsolutePath();
    static final String[] COMMANDS = {"serve", "validate-config", "segment", "echo", "send", "resend"};

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Runs the command line as main does; what it prints to System.out (help and version included) lands in {@link #out}. */
    private int run(String... args) {
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            // Created after System.out is replaced: picocli takes its standard output when the command line is made.
            CommandLine cli = LivernodeCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            return cli.execute(args);
        } finally {
            System.setOut(original);
        }
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyCommandHasHelpAndVersion() {
        assertEquals(0, run("--help"));
        for (String command : COMMANDS) {
            assertTrue(printed().contains(command), "the overview lists " + command);
        }
        assertTrue(printed().contains("3   invalid configuration or model"), printed());
        for (String command : COMMANDS) {
            out.reset();
            assertEquals(0, run(command, "--help"), command);
            assertTrue(printed().startsWith("Usage: livernode " + command), printed());
            out.reset();
            assertEquals(0, run(command, "--version"), command);
            assertTrue(printed().startsWith("livernode "), command + " --version printed: " + printed());
        }
        assertEquals("", err.toString());
    }

    @Test
    void commandLineMistakesExitWith2AndOneLineThatPointsToTheHelp() {
        assertEquals(2, run());
        assertEquals(2, run("segmnet"));
        assertEquals(2, run("serve", "--confg", "x.yaml"));
        assertEquals(2, run("echo", "ORTHANC"));
        assertEquals(4, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().lines().allMatch(l -> l.startsWith("livernode") && l.endsWith("--help)")), err.toString());
        assertTrue(err.toString().contains("livernode serve: Unknown options: '--confg', 'x.yaml' (see: livernode serve --help)"), err.toString());
    }

    private Path config(String yaml) throws Exception {
        Path file = dir.resolve("livernode.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void validateConfigSaysOkAndWhatItFound() throws Exception {
        Path config = config("""
                node: { spoolDir: %s }
                inference: { model: %s, device: cpu }
                destinations:
                  - { name: pacs, aeTitle: ORTHANC, host: 127.0.0.1, port: 4242 }
                rules:
                  - { name: liver, match: { seriesDescription: "(?i)liver" }, send: [{ destination: pacs, outputs: [seg] }] }
                http: { port: 8080 }
                """.formatted(dir.resolve("spool"), BAND_MODEL));
        assertEquals(0, run("validate-config", "--config", config.toString()), err.toString());
        assertEquals("configuration OK: " + config + ": model hu-band 1 on CPU; 1 destination(s); rules [liver]; HTTP 127.0.0.1:8080; audit log "
                + dir.resolve("spool/audit.jsonl") + "\n", printed());
        assertEquals("", err.toString());
    }

    @Test
    void validateConfigExitsWith3AndOneLinePerProblem() throws Exception {
        Path badRule = config("""
                destinations:
                  - { name: pacs, aeTitle: ORTHANC, host: 127.0.0.1, port: 4242 }
                rules:
                  - { name: liver, send: [{ destination: archive, outputs: [seg] }] }
                """);
        assertEquals(3, run("validate-config", "--config", badRule.toString()));
        assertEquals(badRule + ": rules[0] (liver).send[0].destination archive is not one of the destinations; configured: [pacs]\n",
                err.toString());

        err.getBuffer().setLength(0);
        Path noModel = config("inference: { model: %s }\n".formatted(dir.resolve("models/liver.onnx")));
        assertEquals(3, run("validate-config", "--config", noModel.toString()));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith(noModel + ": inference.model: model " + dir.resolve("models/liver.onnx") + " does not exist"),
                err.toString());

        err.getBuffer().setLength(0);
        assertEquals(3, run("validate-config", "--config", dir.resolve("absent.yaml").toString()));
        assertTrue(err.toString().contains("does not exist: pass --config"), err.toString());
        assertEquals("", printed());
    }
}
