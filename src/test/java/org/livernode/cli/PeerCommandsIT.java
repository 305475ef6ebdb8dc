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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.FreePort;
import org.livernode.testing.Orthanc;
import picocli.CommandLine;

/** The field-check commands against a real Orthanc, and serve's refusals at startup. */
class PeerCommandsIT {

    @TempDir
    static Path dir;
    static Orthanc orthanc;

    private final StringWriter err = new StringWriter();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeAll
    static void startPacs() throws Exception {
        orthanc = Orthanc.start(dir.resolve("orthanc"));
    }

    @AfterAll
    static void stopPacs() {
        orthanc.close();
    }

    private int run(String... args) {
        CommandLine cli = LivernodeCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            return cli.execute(args);
        } finally {
            System.setOut(original);
        }
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void echoReachesThePacsAndFailsClearlyWhereNothingListens() {
        assertEquals(0, run("echo", "ORTHANC@127.0.0.1:" + orthanc.dicomPort()), err.toString());
        assertTrue(printed().contains("success"), printed());
        assertEquals(1, run("echo", "ORTHANC@127.0.0.1:" + FreePort.find()));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertEquals(2, run("echo", "ORTHANC-127.0.0.1-4242"));
    }

    @Test
    void sendStoresAFolderInThePacs() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(7).matrix(32, 32);
        phantom.write(dir.resolve("send"));
        int before = orthanc.instances().size();
        assertEquals(0, run("send", "ORTHANC@127.0.0.1:" + orthanc.dicomPort(), dir.resolve("send").toString()), err.toString());
        assertTrue(printed().contains("sent 7 of 7"), printed());
        assertEquals(before + 7, orthanc.instances().size());
    }

    @Test
    void serveRefusesToStartWithoutItsModelAndSaysWhereItBelongs() throws Exception {
        Path config = dir.resolve("no-model.yaml");
        Files.writeString(config, "node: { bindAddress: 127.0.0.1, port: " + FreePort.find() + ", spoolDir: " + dir.resolve("spool")
                + " }\ninference: { model: " + dir.resolve("models/liver.onnx") + " }\n");
        assertEquals(3, run("serve", "--config", config.toString()));
        assertTrue(err.toString().contains("models/liver.onnx does not exist") && err.toString().contains("liver.json"), err.toString());
    }

    @Test
    void serveRefusesABadConfigWithOneLineNamingTheKey() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "node: { port: 99999 }\n");
        assertEquals(3, run("serve", "--config", config.toString()));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().contains("node.port"), err.toString());
    }
}
