package org.livernode.receive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.dicom.Implementation;
import org.livernode.dimse.DicomStatus;
import org.livernode.dimse.DimseCommand;
import org.livernode.dimse.Pdu;
import org.livernode.dimse.Pdu.Abort;
import org.livernode.dimse.Pdu.AssociateRq;
import org.livernode.dimse.Pdu.PDataTf;
import org.livernode.dimse.Pdu.Pdv;
import org.livernode.dimse.Pdu.PresentationContextRq;
import org.livernode.dimse.Pdu.UserInformation;
import org.livernode.dimse.PduCodec;
import org.livernode.net.AddressRange;
import org.livernode.spool.SpoolLimits;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.ExternalProgram.Result;
import org.livernode.testing.LogCapture;

/**
 * Each kind of bad input on the wire: what the peer hears, the one log line that says what happened, nothing
 * acknowledged lost or half-stored, and the next association served.
 */
class BadInputIT {

    @TempDir
    Path temp;

    @RegisterExtension
    final LogCapture log = new LogCapture();
    private final CtPhantom phantom = new CtPhantom().slices(4);

    // ---------------------------------------------------------------- helpers

    /** Connects, sends {@code bytes}, ends its output and returns all the server answered until it closed. */
    private static byte[] rawSession(int port, byte[] bytes) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes);
            socket.shutdownOutput();
            return socket.getInputStream().readAllBytes();
        }
    }

    /** An A-ASSOCIATE-RQ for CT in explicit VR little endian, as our SCU sends it. */
    private static byte[] associateRequest(String callingAeTitle) {
        return PduCodec.encode(new AssociateRq(1, RunningServer.AE_TITLE, callingAeTitle, Pdu.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(TestScu.CONTEXT, SOPClass.CTImageStorage, List.of(TransferSyntax.ExplicitVRLittleEndian))),
                new UserInformation(16384, Implementation.CLASS_UID, "", Optional.empty())));
    }

    private byte[] slice(int index) throws Exception {
        return TestScu.encode(phantom.sliceAttributes(index));
    }

    /** A good instance from a new association is stored: the server survived whatever came before. */
    private void assertServesTheNextAssociation(RunningServer server) throws Exception {
        try (TestScu scu = new TestScu(server.port, "AFTER")) {
            assertEquals(DicomStatus.SUCCESS, scu.store(phantom.sopInstanceUid(3), slice(3)).status());
        }
        assertTrue(Files.exists(server.spool.seriesFolder(phantom.seriesInstanceUid()).resolve(phantom.sopInstanceUid(3) + ".dcm")));
    }

    /**
     * SCANNER's association ended as {@code ending} says, leaving no file in the spool and no instance told to the
     * listener, and the server serves the next association.
     */
    private void assertBrokenOffLosingNothing(RunningServer server, String ending) throws Exception {
        log.await("Association from SCANNER at 127.0.0.1:", ending, "0 instance(s) stored");
        assertEquals(List.of(), filesIn(server.spool.root()));
        assertTrue(server.listener.stored().isEmpty());
        assertServesTheNextAssociation(server);
    }

    private static List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ExternalProgram.require(program, "dcmtk"));
        command.addAll(List.of(args));
        return command;
    }

    private static Result echoscu(int port, String callingAeTitle, String calledAeTitle) {
        return ExternalProgram.run(command("echoscu", "-aet", callingAeTitle, "-aec", calledAeTitle, "127.0.0.1", Integer.toString(port)), 30);
    }

    // ---------------------------------------------------------------- not DICOM at all

    @Test
    void httpRequestIsAbortedAndNamed() throws Exception {
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            byte[] answer = rawSession(server.port, "GET / HTTP/1.1\r\nHost: livernode\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(PduCodec.encode(new Abort(Abort.SOURCE_SERVICE_PROVIDER, Abort.REASON_UNRECOGNIZED_PDU)), answer);
            log.await("Association request from 127.0.0.1:", "failed: unrecognized PDU type 0x47", "'GET / '", "not DICOM");
            assertServesTheNextAssociation(server);
        }
    }

    @Test
    void randomBytesAreAbortedOrDropped() throws Exception {
        Random random = new Random(20261127);
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            for (int i = 0; i < 20; i++) {
                byte[] garbage = new byte[1 + random.nextInt(2000)];
                random.nextBytes(garbage);
                byte[] answer = rawSession(server.port, garbage);
                assertTrue(answer.length == 0 || answer[0] == Pdu.TYPE_ABORT || answer[0] == Pdu.TYPE_ASSOCIATE_RJ,
                        "answer to garbage " + i + " starts with " + (answer.length == 0 ? "nothing" : answer[0]));
            }
            log.awaitCount(20, "Association request from 127.0.0.1:", "failed: ");
            assertServesTheNextAssociation(server);
        }
    }

    // ---------------------------------------------------------------- broken off

    @Test
    void peerThatClosesInsideAPduLeavesNothingInTheSpool() throws Exception {
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(associateRequest("SCANNER"));
                DataInputStream in = new DataInputStream(socket.getInputStream());
                assertEquals(Pdu.TYPE_ASSOCIATE_AC, in.read());
                in.skipNBytes(1);
                in.skipNBytes(in.readInt());
                byte[] command = DimseCommand.cStoreRq(1, SOPClass.CTImageStorage, phantom.sopInstanceUid(0)).encode();
                socket.getOutputStream().write(PduCodec.encode(new PDataTf(List.of(new Pdv(TestScu.CONTEXT, true, true, java.nio.ByteBuffer.wrap(command))))));
                byte[] data = PduCodec.encode(new PDataTf(List.of(new Pdv(TestScu.CONTEXT, false, false, java.nio.ByteBuffer.wrap(slice(0))))));
                // A whole data fragment would be held in the .part file: send half of the PDU, then hang up.
                socket.getOutputStream().write(Arrays.copyOf(data, data.length / 2));
                socket.shutdownOutput();
                byte[] answer = socket.getInputStream().readAllBytes();
                assertTrue(answer.length == 0 || answer[0] == Pdu.TYPE_ABORT, "nothing but an A-ABORT: " + Arrays.toString(answer));
            }
            assertBrokenOffLosingNothing(server, "lost: the peer closed the connection inside a PDU of type 0x4");
        }
    }

    @Test
    void abortInTheMiddleOfADataSetLeavesNoPartialInstance() throws Exception {
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            byte[] dataSet = slice(0);
            TestScu scu = new TestScu(server.port, "SCANNER");
            // Our association sends A-ABORT when the data set's writer fails: the server sees the abort after 3 PDUs of data.
            assertThrows(IOException.class, () -> scu.store(phantom.sopInstanceUid(0), out -> {
                out.write(dataSet, 0, dataSet.length / 2);
                throw new IOException("the sender's disk failed");
            }));
            assertBrokenOffLosingNothing(server, "ended by the peer's A-ABORT (aborted by the service user)");
        }
    }

    // ---------------------------------------------------------------- data sets that lie about their size

    @Test
    void dataSetCutInsideItsPixelDataIsRefusedAndTheAssociationGoesOn() throws Exception {
        try (RunningServer server = new RunningServer(temp.resolve("spool")); TestScu scu = new TestScu(server.port, "SCANNER")) {
            byte[] whole = slice(0);
            TestScu.Response cut = scu.store(phantom.sopInstanceUid(0), Arrays.copyOf(whole, whole.length - 1000));
            assertEquals(DicomStatus.CANNOT_UNDERSTAND, cut.status());
            assertTrue(cut.comment().startsWith("the data set ends inside its pixel data"), cut.comment());
            log.await("C-STORE-RQ of " + phantom.sopInstanceUid(0) + " from SCANNER at 127.0.0.1:", "failed with C000 (cannot understand)",
                    "7192 of the 8192 bytes", "kept as");

            AttributeList half = phantom.sliceAttributes(1);
            OtherWordAttribute shortPixels = new OtherWordAttribute(TagFromName.PixelData);
            shortPixels.setValues(new short[64 * 32]);
            half.put(shortPixels);
            TestScu.Response tooShort = scu.store(phantom.sopInstanceUid(1), TestScu.encode(half));
            assertEquals(DicomStatus.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, tooShort.status());
            log.await("C-STORE-RQ of " + phantom.sopInstanceUid(1), "failed with A900", "PixelData holds 4096 bytes");

            assertEquals(DicomStatus.SUCCESS, scu.store(phantom.sopInstanceUid(2), slice(2)).status());
            assertEquals(2, filesIn(server.spool.root().resolve("failed")).size());
            assertEquals(List.of(phantom.sopInstanceUid(2)), server.listener.stored().stream().map(i -> i.sopInstanceUid()).toList());
            assertEquals(List.of(), filesIn(server.spool.root().resolve("incoming")));
        }
    }

    @Test
    void affectedSopInstanceUidThatIsNotAUidIsRefusedBeforeSpooling() throws Exception {
        try (RunningServer server = new RunningServer(temp.resolve("spool")); TestScu scu = new TestScu(server.port, "SCANNER")) {
            TestScu.Response response = scu.store("1.2.3.Doe^Jane", slice(0));
            assertEquals(DicomStatus.INVALID_SOP_INSTANCE, response.status());
            String line = log.await("C-STORE-RQ of (not a UID: 14 characters) from SCANNER", "failed with 0117");
            assertFalse(line.contains("Doe"), line);
            assertEquals(List.of(), filesIn(server.spool.root()));
        }
    }

    // ---------------------------------------------------------------- whom we accept

    @Test
    void wrongCalledAeIsRejectedAndLogged() throws Exception {
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            Result result = echoscu(server.port, "ECHOER", "SOMEONE_ELSE");
            assertTrue(result.output().contains("Called AE Title Not Recognized"), result.output());
            log.await("Rejected association from 127.0.0.1:", "called AE title SOMEONE_ELSE is not ours (LIVERNODE)");
            assertTrue(echoscu(server.port, "ECHOER", RunningServer.AE_TITLE).succeeded());
        }
    }

    @Test
    void callersAreCheckedByTitleAndAddress() throws Exception {
        try (RunningServer server = new RunningServer(temp.resolve("spool"), c -> c.withAllowedCallingAeTitles(List.of("PACS"))
                .withAllowedCallers(List.of(new AllowedCaller("CT1", List.of(AddressRange.parse("127.0.0.1"))),
                        new AllowedCaller("CT2", List.of(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("192.168.1.0/24"))))))) {
            assertTrue(echoscu(server.port, "CT1", RunningServer.AE_TITLE).succeeded());
            assertTrue(echoscu(server.port, "PACS", RunningServer.AE_TITLE).succeeded());

            Result elsewhere = echoscu(server.port, "CT2", RunningServer.AE_TITLE);
            assertTrue(elsewhere.output().contains("Calling AE Title Not Recognized"), elsewhere.output());
            log.await("Rejected association from 127.0.0.1:", "calling AE title CT2 is allowed only from [10.0.0.0/8, 192.168.1.0/24], not from 127.0.0.1");

            Result stranger = echoscu(server.port, "STRANGER", RunningServer.AE_TITLE);
            assertTrue(stranger.output().contains("Calling AE Title Not Recognized"), stranger.output());
            log.await("Rejected association from 127.0.0.1:", "calling AE title STRANGER is not on the allow-list");
        }
    }

    // ---------------------------------------------------------------- what we take

    /** The phantom's first slice relabelled as an MR image, as a Part 10 file. */
    private Path mrFile() throws Exception {
        AttributeList mr = phantom.sliceAttributes(0);
        UniqueIdentifierAttribute sopClass = new UniqueIdentifierAttribute(TagFromName.SOPClassUID);
        sopClass.addValue(SOPClass.MRImageStorage);
        mr.put(sopClass);
        CodeStringAttribute modality = new CodeStringAttribute(TagFromName.Modality);
        modality.addValue("MR");
        mr.put(modality);
        FileMetaInformation.addFileMetaInformation(mr, TransferSyntax.ExplicitVRLittleEndian, "TEST");
        Path file = temp.resolve("mr.dcm");
        mr.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        return file;
    }

    @Test
    void nonCtInstancesAreStoredByDefaultAndRefusedInNegotiationWhenConfigured() throws Exception {
        Path mr = mrFile();
        try (RunningServer accepting = new RunningServer(temp.resolve("accepting"))) {
            Result stored = ExternalProgram.run(command("storescu", "-aet", "MRSCANNER", "-aec", RunningServer.AE_TITLE, "127.0.0.1",
                    Integer.toString(accepting.port), mr.toString()), 30);
            assertTrue(stored.succeeded(), stored.output());
            assertEquals("MR", accepting.listener.stored().get(0).modality());
        }
        try (RunningServer rejecting = new RunningServer(temp.resolve("rejecting"), c -> c.withNonCtInstances(NonCtInstances.REJECT))) {
            Result refused = ExternalProgram.run(command("storescu", "-v", "-aet", "MRSCANNER", "-aec", RunningServer.AE_TITLE, "127.0.0.1",
                    Integer.toString(rejecting.port), mr.toString()), 30);
            assertFalse(refused.succeeded(), refused.output());
            assertTrue(refused.output().contains("No presentation context for: (MR)"), refused.output());
            String refusal = log.await("Association from MRSCANNER at 127.0.0.1:", "refused", "and 6", "more (storage other than CT, node.nonCtInstances: reject)");
            assertTrue(refusal.length() < 400, refusal);
            assertTrue(rejecting.listener.stored().isEmpty());
        }
    }

    @Test
    void jpegLsIsRefusedSoThatSendersThatCanFallBackToUncompressed() throws Exception {
        List<Path> plain = phantom.write(temp.resolve("phantom"));
        Path jpegLs = temp.resolve("jpegls.dcm");
        assertTrue(ExternalProgram.run(command("dcmcjpls", plain.get(0).toString(), jpegLs.toString()), 30).succeeded());
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            // dcmsend proposes JPEG-LS and the uncompressed syntaxes; we pick explicit VR little endian and it decompresses.
            Result fallback = ExternalProgram.run(command("dcmsend", "-v", "-aet", "LSSENDER", "-aec", RunningServer.AE_TITLE, "127.0.0.1",
                    Integer.toString(server.port), jpegLs.toString()), 30);
            assertTrue(fallback.output().contains("Converting transfer syntax: JPEG-LS Lossless -> Little Endian Explicit")
                    && fallback.output().contains("Received C-STORE Response (Success)"), fallback.output());
            assertEquals(TransferSyntax.ExplicitVRLittleEndian, server.listener.stored().get(0).transferSyntaxUid());

            // Told to send it as it is, it finds no context and says so; our log names the refused syntax.
            Result asItIs = ExternalProgram.run(command("dcmsend", "-v", "--decompress-never", "-aet", "LSKEEPER", "-aec", RunningServer.AE_TITLE,
                    "127.0.0.1", Integer.toString(server.port), jpegLs.toString()), 30);
            assertTrue(asItIs.output().contains("No Acceptable Presentation Contexts"), asItIs.output());
            log.await("Association from LSKEEPER at 127.0.0.1:", "refused 1 of the proposed presentation contexts: CTImageStorage (offered only [JPEG-LS], none of which we decode)");
            assertEquals(1, server.listener.stored().size());
        }
    }

    // ---------------------------------------------------------------- limits

    @Test
    void spoolBelowItsFreeSpaceMinimumRejectsNewAssociationsTransiently() throws Exception {
        try (RunningServer server = new RunningServer(temp.resolve("spool"), c -> c, new SpoolLimits(1L << 40, 10))) {
            Result result = echoscu(server.port, "SCANNER", RunningServer.AE_TITLE);
            assertFalse(result.succeeded(), result.output());
            assertTrue(result.output().contains("Transient") && result.output().contains("Local Limit Exceeded"), result.output());
            log.await("Rejected association from 127.0.0.1:", "spool disk has", "MiB free, below node.minFreeSpaceMiB");
            // Who may not associate at all is still told so, permanently.
            assertTrue(echoscu(server.port, "SCANNER", "SOMEONE_ELSE").output().contains("Called AE Title Not Recognized"));
        }
    }

    @Test
    void seriesBeyondItsInstanceLimitIsRefusedWithOutOfResources() throws Exception {
        List<Path> files = phantom.write(temp.resolve("phantom"));
        try (RunningServer server = new RunningServer(temp.resolve("spool"), c -> c, new SpoolLimits(0, 3))) {
            Result result = ExternalProgram.run(command("storescu", "-v", "-aet", "SCANNER", "-aec", RunningServer.AE_TITLE, "127.0.0.1",
                    Integer.toString(server.port), files.get(0).toString(), files.get(1).toString(), files.get(2).toString(),
                    files.get(3).toString()), 60);
            assertEquals(3, result.output().split("Received Store Response \\(Success\\)", -1).length - 1, result.output());
            assertTrue(result.output().contains("Received Store Response (Refused: OutOfResources)"), result.output());
            log.await("C-STORE-RQ of " + phantom.sopInstanceUid(3), "failed with A700 (out of resources)",
                    "series already at node.maxInstancesPerSeries (3): " + phantom.seriesInstanceUid());
            // An instance sent again replaces its copy; the series stays at its limit.
            try (TestScu scu = new TestScu(server.port, "SCANNER")) {
                assertEquals(DicomStatus.SUCCESS, scu.store(phantom.sopInstanceUid(1), slice(1)).status());
                TestScu.Response refused = scu.store(phantom.sopInstanceUid(3), slice(3));
                assertEquals(DicomStatus.OUT_OF_RESOURCES, refused.status());
                // ErrorComment is LO: the first 64 characters of the message.
                assertEquals(("series already at node.maxInstancesPerSeries (3): " + phantom.seriesInstanceUid()).substring(0, 64), refused.comment());
            }
            assertEquals(3, filesIn(server.spool.seriesFolder(phantom.seriesInstanceUid())).size());
            assertEquals(List.of(), filesIn(server.spool.root().resolve("incoming")));
        }
    }

    @Test
    void abortedAssociationIsToldToTheListenerAsNotReleased() throws Exception {
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            TestScu scu = new TestScu(server.port, "SCANNER");
            assertEquals(DicomStatus.SUCCESS, scu.store(phantom.sopInstanceUid(0), slice(0)).status());
            assertThrows(IOException.class, () -> scu.store(phantom.sopInstanceUid(1), out -> {
                throw new IOException("gone");
            }));
            assertFalse(server.listener.awaitAssociations(1).get(0).released());
            assertEquals(1, server.listener.awaitAssociations(1).get(0).instances().size(), "what was acknowledged is told");
            log.await("Association from SCANNER at 127.0.0.1:", "ended by the peer's A-ABORT", "1 instance(s) stored in 1 series");
        }
    }
}
