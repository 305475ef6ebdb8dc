package org.livernode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.testing.TestModels;

/** What scripts and operators rely on: help and version everywhere, exit codes, one-line errors, validate-config. */
class CommandLineTest {
    static final String[] COMMANDS = {"serve", "validate-config", "segment", "echo", "send", "resend", "worker"};

    private final CliRun cli = new CliRun();

    @TempDir
    Path dir;




    @Test
    void everyCommandHasHelpAndVersion() {
        assertEquals(0, cli.run("--help"));
        for (String command : COMMANDS) {
            assertTrue(cli.printed().contains(command), "the overview lists " + command);
        }
        assertTrue(cli.printed().contains("3   invalid configuration or model"), cli.printed());
        for (String command : COMMANDS) {
            cli.clear();
            assertEquals(0, cli.run(command, "--help"), command);
            assertTrue(cli.printed().startsWith("Usage: livernode " + command), cli.printed());
            cli.clear();
            assertEquals(0, cli.run(command, "--version"), command);
            assertTrue(cli.printed().startsWith("livernode "), command + " --version printed: " + cli.printed());
        }
        assertEquals("", cli.errors());
    }

    @Test
    void commandLineMistakesExitWith2AndOneLineThatPointsToTheHelp() {
        assertEquals(2, cli.run());
        assertEquals(2, cli.run("segmnet"));
        assertEquals(2, cli.run("serve", "--confg", "x.yaml"));
        assertEquals(2, cli.run("echo", "ORTHANC"));
        assertEquals(2, cli.run("send", "--rate", "-1", "ORTHANC@127.0.0.1:4242", "x.dcm"));
        assertEquals(5, cli.errors().lines().count(), cli.errors());
        assertTrue(cli.errors().lines().allMatch(l -> l.startsWith("livernode") && l.endsWith("--help)")), cli.errors());
        assertTrue(cli.errors().contains("livernode serve: Unknown options: '--confg', 'x.yaml' (see: livernode serve --help)"), cli.errors());
        assertTrue(cli.errors().contains("livernode send: --rate must be 0 or more instances a second, got -1.0 (see: livernode send --help)"),
                cli.errors());
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
                """.formatted(dir.resolve("spool"), TestModels.BAND));
        assertEquals(0, cli.run("validate-config", "--config", config.toString()), cli.errors());
        assertEquals("configuration OK: " + config + ": model hu-band 1 on CPU; 1 destination(s); rules [liver]; HTTP 127.0.0.1:8080; audit log "
                + dir.resolve("spool/audit.jsonl") + "\n", cli.printed());
        assertEquals("", cli.errors());
    }

    @Test
    void validateConfigExitsWith3AndOneLinePerProblem() throws Exception {
        Path badRule = config("""
                destinations:
                  - { name: pacs, aeTitle: ORTHANC, host: 127.0.0.1, port: 4242 }
                rules:
                  - { name: liver, send: [{ destination: archive, outputs: [seg] }] }
                """);
        assertEquals(3, cli.run("validate-config", "--config", badRule.toString()));
        assertEquals(badRule + ": rules[0] (liver).send[0].destination archive is not one of the destinations; configured: [pacs]\n",
                cli.errors());

        cli.clear();
        Path noModel = config("inference: { model: %s }\n".formatted(dir.resolve("models/liver.onnx")));
        assertEquals(3, cli.run("validate-config", "--config", noModel.toString()));
        assertEquals(1, cli.errors().lines().count(), cli.errors());
        assertTrue(cli.errors().startsWith(noModel + ": inference.model: model " + dir.resolve("models/liver.onnx") + " does not exist"),
                cli.errors());

        cli.clear();
        assertEquals(3, cli.run("validate-config", "--config", dir.resolve("absent.yaml").toString()));
        assertTrue(cli.errors().contains("does not exist: pass --config"), cli.errors());
        assertEquals("", cli.printed());
    }
}
