package org.livernode.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.cli.CliRun;
import org.livernode.testing.NodeYaml;
import org.livernode.testing.TestModels;

/** The roles on the command line: what is refused before anything starts, and with which exit code. */
class RoleCommandLineTest {
    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private Path configWithoutBroker() throws Exception {
        Path config = dir.resolve("node.yaml");
        Files.writeString(config, NodeYaml.node(11112, dir.resolve("spool"), TestModels.BAND));
        return config;
    }

    @Test
    void anUnknownRoleIsACommandLineMistake() throws Exception {
        assertEquals(2, cli.run("serve", "--role", "worker", "--config", configWithoutBroker().toString()));
        assertTrue(cli.errors().contains("--role must be all-in-one or receiver, got 'worker'"), cli.errors());
    }

    @Test
    void aReceiverOrAWorkerWithoutABrokerSectionIsAConfigurationMistake() throws Exception {
        Path config = configWithoutBroker();
        assertEquals(3, cli.run("serve", "--role", "receiver", "--config", config.toString()));
        assertTrue(cli.errors().contains("--role receiver needs a broker section"), cli.errors());
        assertEquals(3, cli.run("worker", "--config", config.toString()));
        assertTrue(cli.errors().contains("a worker needs a broker section"), cli.errors());
    }
}
