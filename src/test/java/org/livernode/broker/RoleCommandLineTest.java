package org.livernode.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.cli.LivernodeCli;
import org.livernode.testing.NodeYaml;
import org.livernode.testing.TestModels;
import picocli.CommandLine;

/** The roles on the command line: what is refused before anything starts, and with which exit code. */
class RoleCommandLineTest {
    @TempDir
    Path dir;

    private final StringWriter errors = new StringWriter();

    private int run(String... args) {
        CommandLine cli = LivernodeCli.commandLine();
        cli.setErr(new PrintWriter(errors, true));
        return cli.execute(args);
    }

    private Path configWithoutBroker() throws Exception {
        Path config = dir.resolve("node.yaml");
        Files.writeString(config, NodeYaml.node(11112, dir.resolve("spool"), TestModels.BAND));
        return config;
    }

    @Test
    void anUnknownRoleIsACommandLineMistake() throws Exception {
        assertEquals(2, run("serve", "--role", "worker", "--config", configWithoutBroker().toString()));
        assertTrue(errors.toString().contains("--role must be all-in-one or receiver, got 'worker'"), errors.toString());
    }

    @Test
    void aReceiverOrAWorkerWithoutABrokerSectionIsAConfigurationMistake() throws Exception {
        Path config = configWithoutBroker();
        assertEquals(3, run("serve", "--role", "receiver", "--config", config.toString()));
        assertTrue(errors.toString().contains("--role receiver needs a broker section"), errors.toString());
        assertEquals(3, run("worker", "--config", config.toString()));
        assertTrue(errors.toString().contains("a worker needs a broker section"), errors.toString());
    }
}
