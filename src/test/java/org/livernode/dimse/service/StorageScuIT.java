package org.livernode.dimse.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.dimse.AssociationRejectedException;
import org.livernode.dimse.DicomStatus;
import org.livernode.dimse.Pdu;
import org.livernode.dimse.PduCodec;
import org.livernode.export.Destination;
import org.livernode.export.FailureClass;
import org.livernode.receive.RunningServer;
import org.livernode.spool.SpooledInstance;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.FreePort;
import org.livernode.testing.StoreScpProcess;

/** Our SCUs against DCMTK's storescp and against our own server. */
class StorageScuIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String SEG = "1.2.840.10008.5.1.4.1.1.66.4";

    @TempDir
    Path temp;

    private final StorageScu scu = new StorageScu("LIVERNODE_SCU", TIMEOUT, TIMEOUT);

    private static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        return list;
    }

    private static String value(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        return Attribute.getSingleStringValueOrNull(list, tag);
    }

    private static Destination ourServer(RunningServer server) {
        return new Destination("livernode", RunningServer.AE_TITLE, "127.0.0.1", server.port);
    }

    @Test
    void sendsSeriesToStorescp() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(6);
        List<Path> files = phantom.write(temp.resolve("phantom"));
        try (StoreScpProcess storescp = new StoreScpProcess(temp.resolve("received"))) {
            List<StoreResult> results = scu.send(storescp.destination(), files);
            assertEquals(6, results.size());
            for (int i = 0; i < 6; i++) {
                assertTrue(results.get(i).stored(), results.get(i).describe());
                assertEquals(files.get(i), results.get(i).file());
                assertEquals(OptionalInt.of(DicomStatus.SUCCESS), results.get(i).status());
            }
            List<Path> received = storescp.received();
            assertEquals(6, received.size(), storescp.output());
            Set<String> uids = received.stream().map(f -> {
                try {
                    return value(read(f), TagFromName.SOPInstanceUID);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).collect(Collectors.toSet());
            assertEquals(Set.of(phantom.sopInstanceUid(0), phantom.sopInstanceUid(1), phantom.sopInstanceUid(2), phantom.sopInstanceUid(3),
                    phantom.sopInstanceUid(4), phantom.sopInstanceUid(5)), uids);
        }
    }

    @Test
    void echoesStorescp() throws Exception {
        try (StoreScpProcess storescp = new StoreScpProcess(temp.resolve("received"))) {
            assertEquals(DicomStatus.SUCCESS, new EchoScu("LIVERNODE_SCU", TIMEOUT, TIMEOUT).echo(storescp.destination()));
        }
    }

    @Test
    void reEncodesToImplicitWhenThatIsAllThePeerTakes() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(1);
        List<Path> files = phantom.write(temp.resolve("phantom"));
        try (StoreScpProcess storescp = new StoreScpProcess(temp.resolve("received"), "+xi")) {
            List<StoreResult> results = scu.send(storescp.destination(), files);
            assertTrue(results.get(0).stored(), results.get(0).describe());
            AttributeList received = read(storescp.received().get(0));
            assertEquals(TransferSyntax.ImplicitVRLittleEndian, value(received, TagFromName.TransferSyntaxUID));
            assertArrayEquals(read(files.get(0)).get(TagFromName.PixelData).getShortValues(), received.get(TagFromName.PixelData).getShortValues());
            assertEquals(phantom.seriesInstanceUid(), value(received, TagFromName.SeriesInstanceUID));
        }
    }

    @Test
    void compressedFileThePeerCannotTakeFailsAloneAndClearly() throws Exception {
        List<Path> files = new CtPhantom().slices(2).write(temp.resolve("phantom"));
        Path jpeg = temp.resolve("jpeg.dcm");
        assertTrue(ExternalProgram.run(List.of(ExternalProgram.require("dcmcjpeg", "dcmtk"), files.get(0).toString(), jpeg.toString()), 30).succeeded());
        try (StoreScpProcess storescp = new StoreScpProcess(temp.resolve("received"), "+xi")) {
            List<StoreResult> results = scu.send(storescp.destination(), List.of(jpeg, files.get(1)));
            assertFalse(results.get(0).stored());
            assertEquals(OptionalInt.empty(), results.get(0).status());
            assertTrue(results.get(0).comment().contains("cannot be converted"), results.get(0).comment());
            assertTrue(results.get(1).stored(), results.get(1).describe());
            assertEquals(1, storescp.received().size());
        }
    }

    @Test
    void sendsToOurServerIncludingSegmentations() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(3);
        List<Path> files = phantom.write(temp.resolve("phantom"));
        // A file of the SEG SOP class (its content is a CT slice; neither side looks further than the UIDs).
        AttributeList seg = phantom.sliceAttributes(0);
        Attribute sopClass = new UniqueIdentifierAttribute(TagFromName.SOPClassUID);
        sopClass.addValue(SEG);
        seg.put(sopClass);
        Attribute sopInstance = new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID);
        sopInstance.addValue(phantom.seriesInstanceUid() + ".99");
        seg.put(sopInstance);
        FileMetaInformation.addFileMetaInformation(seg, TransferSyntax.ExplicitVRLittleEndian, "TEST");
        Path segFile = temp.resolve("seg.dcm");
        seg.write(segFile.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);

        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            List<Path> all = List.of(files.get(0), files.get(1), files.get(2), segFile);
            List<StoreResult> results = scu.send(ourServer(server), all);
            assertTrue(results.stream().allMatch(StoreResult::stored), results.toString());
            List<SpooledInstance> stored = server.listener.stored();
            assertEquals(List.of(SOPClass.CTImageStorage, SOPClass.CTImageStorage, SOPClass.CTImageStorage, SEG),
                    stored.stream().map(SpooledInstance::sopClassUid).toList());
            assertTrue(stored.stream().allMatch(instance -> instance.callingAeTitle().equals("LIVERNODE_SCU")));
            assertArrayEquals(read(files.get(1)).get(TagFromName.PixelData).getShortValues(),
                    read(stored.get(1).path()).get(TagFromName.PixelData).getShortValues());
        }
    }

    @Test
    void spacedRequestsStartNoSoonerThanTheirSchedule() throws Exception {
        List<Path> files = new CtPhantom().slices(4).write(temp.resolve("phantom"));
        Duration spacing = Duration.ofMillis(400);
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            long start = System.nanoTime();
            List<StoreResult> results = scu.send(ourServer(server), files, spacing);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(results.stream().allMatch(StoreResult::stored), results.toString());
            // The fourth request starts three spacings after the first: a lower bound, which no load can break.
            assertTrue(elapsed.compareTo(spacing.multipliedBy(3)) >= 0, "4 instances 400 ms apart were sent in " + elapsed.toMillis() + " ms");
            assertEquals(4, server.listener.stored().size());
        }
        assertThrows(IllegalArgumentException.class, () -> scu.send(new Destination("nowhere", "NOWHERE", "127.0.0.1", 1), files, Duration.ofMillis(-1)));
    }

    @Test
    void failureStatusFromThePeerIsReportedAsFailure() throws Exception {
        List<Path> files = new CtPhantom().slices(2).write(temp.resolve("phantom"));
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            server.breakSpool();
            List<StoreResult> results = scu.send(ourServer(server), files);
            assertEquals(2, results.size());
            for (StoreResult result : results) {
                assertFalse(result.stored(), result.describe());
                assertEquals(OptionalInt.of(DicomStatus.OUT_OF_RESOURCES), result.status());
                assertTrue(result.comment().startsWith("spool cannot store"), result.comment());
            }
        }
    }

    @Test
    void unparseableDataSetIsRefusedAndKeptAside() throws Exception {
        // Valid file meta information followed by bytes that are no data set.
        AttributeList meta = new AttributeList();
        FileMetaInformation.addFileMetaInformation(meta, SOPClass.CTImageStorage, "1.2.3.4", TransferSyntax.ExplicitVRLittleEndian, "TEST");
        Path broken = temp.resolve("broken.dcm");
        try (OutputStream out = Files.newOutputStream(broken)) {
            com.pixelmed.dicom.DicomOutputStream dicomOut = new com.pixelmed.dicom.DicomOutputStream(out,
                    TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ExplicitVRLittleEndian);
            meta.write(dicomOut, true);
            dicomOut.flush();
            byte[] garbage = new byte[500];
            Arrays.fill(garbage, (byte) 0xFF);
            out.write(garbage);
        }
        List<Path> good = new CtPhantom().slices(1).write(temp.resolve("phantom"));
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            List<StoreResult> results = scu.send(ourServer(server), List.of(broken, good.get(0)));
            assertEquals(OptionalInt.of(DicomStatus.CANNOT_UNDERSTAND), results.get(0).status());
            assertTrue(results.get(1).stored(), "the association goes on after a failure: " + results.get(1).describe());
            try (var failed = Files.list(server.spool.root().resolve("failed"))) {
                assertEquals(1, failed.count());
            }
        }
    }

    @Test
    void unreadableFileIsReportedWithoutSending() throws Exception {
        Path notDicom = Files.writeString(temp.resolve("notes.txt"), "not DICOM");
        // Nobody listens there: the call would throw if it tried to associate.
        Destination nobody = new Destination("nobody", "NOBODY", "127.0.0.1", FreePort.find());
        List<StoreResult> results = scu.send(nobody, List.of(notDicom));
        assertFalse(results.get(0).stored());
        assertEquals(OptionalInt.empty(), results.get(0).status());
        assertTrue(results.get(0).comment().startsWith("not a readable DICOM Part 10 file"), results.get(0).comment());
    }

    /**
     * A peer that accepts the association and then never answers (a PACS stalled under load): the file it
     * got and the files after it are reported as lost with the association, which the outbox retries (bench/soak
     * found the outputs dead-lettered at once).
     */
    @Test
    void aPeerThatStopsAnsweringLosesTheAssociationNotTheFiles() throws Exception {
        List<Path> files = new CtPhantom().slices(2).write(temp.resolve("phantom"));
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                try (Socket socket = listener.accept()) {
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    int type = in.readUnsignedByte();
                    in.readUnsignedByte();
                    byte[] body = new byte[in.readInt()];
                    in.readFully(body);
                    Pdu.AssociateRq rq = (Pdu.AssociateRq) PduCodec.decode(type, ByteBuffer.wrap(body));
                    socket.getOutputStream().write(PduCodec.encode(new Pdu.AssociateAc(rq.calledAeTitle(), rq.callingAeTitle(),
                            rq.applicationContextName(), rq.presentationContexts().stream()
                                    .map(pc -> new Pdu.PresentationContextAc(pc.id(), Pdu.PresentationContextAc.ACCEPTANCE, pc.transferSyntaxes().get(0)))
                                    .toList(), new Pdu.UserInformation(16384, "1.2.826.0.1.3680043.10.1078.98", "SILENT", Optional.empty()))));
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (Exception e) {
                    // The client gave up and closed the connection: what this peer is for.
                }
            });
            peer.start();
            Destination silent = new Destination("silent", "SILENT", "127.0.0.1", listener.getLocalPort());
            List<StoreResult> results = new StorageScu("LIVERNODE_SCU", TIMEOUT, Duration.ofSeconds(1)).send(silent, files);
            assertEquals(2, results.size());
            for (StoreResult r : results) {
                assertFalse(r.stored(), r.describe());
                assertTrue(r.associationLost(), r.describe());
                assertEquals(FailureClass.TRANSIENT, FailureClass.of(r), r.describe());
            }
            peer.join(10_000);
        }
    }

    @Test
    void rejectionAndRefusedConnectionAreThrown() throws Exception {
        List<Path> files = new CtPhantom().slices(1).write(temp.resolve("phantom"));
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            Destination wrongAe = new Destination("livernode", "NOT_LIVERNODE", "127.0.0.1", server.port);
            AssociationRejectedException rejected = assertThrows(AssociationRejectedException.class, () -> scu.send(wrongAe, files));
            assertTrue(rejected.getMessage().contains("called AE title not recognized"), rejected.getMessage());
            assertThrows(AssociationRejectedException.class, () -> new EchoScu("LIVERNODE_SCU", TIMEOUT, TIMEOUT).echo(wrongAe));
        }
        Destination nobody = new Destination("nobody", "NOBODY", "127.0.0.1", FreePort.find());
        IOException refused = assertThrows(IOException.class, () -> scu.send(nobody, files));
        assertTrue(refused.getMessage().contains("cannot connect to nobody"), refused.getMessage());
    }
}
