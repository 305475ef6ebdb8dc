package org.livernode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.SOPClass;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.config.ConfigLoader;
import org.livernode.dicom.LogSafe;
import org.livernode.dimse.DicomStatus;
import org.livernode.pipeline.LiverNode;
import org.livernode.receive.RunningServer;
import org.livernode.receive.TestScu;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.FreePort;
import org.livernode.testing.LogCapture;
import org.livernode.testing.NodeYaml;
import org.livernode.testing.Storescu;
import org.livernode.testing.TestModels;

/**
 * The whole node, from storescu to a SEG at the destination, fed a series with a distinctive patient name and ID
 * and some broken instances of the same patient (cut short, garbage, a SOP Instance UID whose length swallows the
 * patient's name) and a series that cannot be assembled. Every log event and everything printed to stdout and
 * stderr is captured: the patient's name and ID must appear nowhere, unless logging.patientIdentifiers says so.
 */
class LogPrivacyIT {
    private static final String PATIENT_NAME = "Privacyton^Zelda^Quirina";
    private static final String PATIENT_ID = "ZLD-PRIV-0042";
    /** Any part of the name or the ID on its own would be a leak too. */
    private static final List<String> IDENTIFIERS = List.of(PATIENT_NAME, "Privacyton", "Zelda", "Quirina", PATIENT_ID);

    @TempDir
    Path dir;

    private LiverNode startNode(String name, int destinationPort, boolean patientIdentifiers) throws Exception {
        String yaml = NodeYaml.node(FreePort.find(), dir.resolve(name + "-spool"), TestModels.BAND) + """
                series: { idleTimeoutSeconds: 1, minSlices: 2 }
                destinations:
                  - { name: pacs, aeTitle: %s, host: 127.0.0.1, port: %d }
                logging: { patientIdentifiers: %s }
                """.formatted(RunningServer.AE_TITLE, destinationPort, patientIdentifiers);
        return LiverNode.start(ConfigLoader.parse(yaml, name));
    }

    /**
     * The data set of a slice whose SOP Instance UID claims the bytes up to the end of PatientID: every element from
     * StudyDate to PatientID becomes part of the UID's value, which a careless log line would quote.
     */
    static byte[] uidSwallowingThePatient(CtPhantom phantom, int index) throws Exception {
        byte[] dataSet = TestScu.encode(phantom.sliceAttributes(index));
        int sopInstanceUid = indexOf(dataSet, new byte[] {0x08, 0x00, 0x18, 0x00, 'U', 'I'});
        int patientId = indexOf(dataSet, new byte[] {0x10, 0x00, 0x20, 0x00, 'L', 'O'});
        ByteBuffer b = ByteBuffer.wrap(dataSet).order(ByteOrder.LITTLE_ENDIAN);
        int end = patientId + 8 + (b.getShort(patientId + 6) & 0xFFFF);
        b.putShort(sopInstanceUid + 6, (short) (end - (sopInstanceUid + 8)));
        return dataSet;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("element not found");
    }

    /** Everything printed to stdout and stderr while {@code flow} runs, beside what the log capture records. */
    private static String printedDuring(ThrowingRunnable flow) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(tee(out, printed), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(err, printed), true, StandardCharsets.UTF_8));
        try {
            flow.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }

    private static OutputStream tee(PrintStream a, ByteArrayOutputStream b) {
        return new OutputStream() {
            @Override
            public void write(int x) {
                write(new byte[] {(byte) x}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] bytes, int off, int len) {
                a.write(bytes, off, len);
                b.write(bytes, off, len);
            }
        };
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void patientNamesAndIdsNeverReachTheLogs() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(12).patient(PATIENT_NAME, PATIENT_ID);
        List<Path> files = phantom.write(dir.resolve("series"));
        CtPhantom lonely = new CtPhantom().slices(1).patient(PATIENT_NAME, PATIENT_ID).seriesInstanceUid("1.2.826.0.1.3680043.10.1078.5.1");
        List<Path> lonelyFile = lonely.write(dir.resolve("lonely"));
        List<String> logged;
        String printed;
        try (LogCapture log = new LogCapture(); RunningServer pacs = new RunningServer(dir.resolve("pacs"))) {
            printed = printedDuring(() -> {
                try (LiverNode node = startNode("node", pacs.port, false)) {
                    List<Path> all = new ArrayList<>(files);
                    all.addAll(lonelyFile);
                    ExternalProgram.Result sent = Storescu.send(node.port(), "CT1", "LIVERNODE", all, 120);
                    assertTrue(sent.succeeded(), sent.output());
                    try (TestScu scu = new TestScu(node.port(), "CT1")) {
                        byte[] whole = TestScu.encode(phantom.sliceAttributes(3));
                        assertEquals(DicomStatus.CANNOT_UNDERSTAND, scu.store(phantom.sopInstanceUid(3), Arrays.copyOf(whole, whole.length - 500)).status());
                        assertEquals(DicomStatus.CANNOT_UNDERSTAND, scu.store(phantom.sopInstanceUid(4), uidSwallowingThePatient(phantom, 4)).status());
                        byte[] garbage = new byte[3000];
                        new java.util.Random(5).nextBytes(garbage);
                        assertTrue(DicomStatus.isFailure(scu.store(phantom.sopInstanceUid(5), garbage).status()));
                    }
                    log.await("series=" + lonely.seriesInstanceUid() + " - Cannot be processed");
                    log.await("seg-" + phantom.seriesInstanceUid() + ".dcm delivered to pacs");
                }
            });
            logged = log.lines();
            assertTrue(pacs.listener.stored().stream().anyMatch(i -> i.sopClassUid().equals(SOPClass.SegmentationStorage)), "the SEG arrived");
        }
        assertTrue(logged.stream().anyMatch(l -> l.contains("data set SOP Instance UID (not a UID: ")),
                "the swallowing UID was described, not quoted:\n" + String.join("\n", logged));
        for (String identifier : IDENTIFIERS) {
            for (String line : logged) {
                assertTrue(!line.contains(identifier), "'" + identifier + "' logged: " + line);
            }
            assertTrue(!printed.contains(identifier), "'" + identifier + "' printed:\n" + printed);
        }
    }

    @Test
    void settingLetsMalformedValuesIntoTheLogs() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(2).patient(PATIENT_NAME, PATIENT_ID);
        try (LogCapture log = new LogCapture(); RunningServer pacs = new RunningServer(dir.resolve("pacs"));
                LiverNode node = startNode("quoting", pacs.port, true); TestScu scu = new TestScu(node.port(), "CT1")) {
            assertEquals(DicomStatus.CANNOT_UNDERSTAND, scu.store(phantom.sopInstanceUid(0), uidSwallowingThePatient(phantom, 0)).status());
            log.await("data set SOP Instance UID '", PATIENT_NAME, PATIENT_ID);
        } finally {
            LogSafe.quoteMalformedValues(false);
        }
    }
}
