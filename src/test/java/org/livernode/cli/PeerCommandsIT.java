package org.livernode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.FreePort;
import org.livernode.testing.Orthanc;

/** The field-check commands against a real Orthanc, and serve's refusals at startup. */
class PeerCommandsIT {

    private final CliRun cli = new CliRun();

    @TempDir
    static Path dir;
    @RegisterExtension
    static final Orthanc orthanc = Orthanc.running();

    @Test
    void echoReachesThePacsAndFailsClearlyWhereNothingListens() {
        assertEquals(0, cli.run("echo", "ORTHANC@127.0.0.1:" + orthanc.dicomPort()), cli.errors());
        assertTrue(cli.printed().contains("success"), cli.printed());
        assertEquals(1, cli.run("echo", "ORTHANC@127.0.0.1:" + FreePort.find()));
        assertEquals(1, cli.errors().lines().count(), cli.errors());
        assertEquals(2, cli.run("echo", "ORTHANC-127.0.0.1-4242"));
    }

    @Test
    void sendStoresAFolderInThePacs() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(7).matrix(32, 32);
        phantom.write(dir.resolve("send"));
        int before = orthanc.instances().size();
        assertEquals(0, cli.run("send", "ORTHANC@127.0.0.1:" + orthanc.dicomPort(), dir.resolve("send").toString()), cli.errors());
        assertTrue(cli.printed().contains("sent 7 of 7"), cli.printed());
        assertEquals(before + 7, orthanc.instances().size());
    }

    @Test
    void serveRefusesToStartWithoutItsModelAndSaysWhereItBelongs() throws Exception {
        Path config = dir.resolve("no-model.yaml");
        Files.writeString(config, "node: { bindAddress: 127.0.0.1, port: " + FreePort.find() + ", spoolDir: " + dir.resolve("spool")
                + " }\ninference: { model: " + dir.resolve("models/liver.onnx") + " }\n");
        assertEquals(3, cli.run("serve", "--config", config.toString()));
        assertTrue(cli.errors().contains("models/liver.onnx does not exist") && cli.errors().contains("liver.json"), cli.errors());
    }

    @Test
    void serveRefusesABadConfigWithOneLineNamingTheKey() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "node: { port: 99999 }\n");
        assertEquals(3, cli.run("serve", "--config", config.toString()));
        assertEquals(1, cli.errors().lines().count(), cli.errors());
        assertTrue(cli.errors().contains("node.port"), cli.errors());
    }
}
