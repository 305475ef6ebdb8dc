package org.livernode.receive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.spool.Spool;
import org.livernode.spool.SpooledInstance;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.ExternalProgram.Result;
import org.livernode.testing.FreePort;

/** Our DICOM server against the DCMTK command line peers. */
class DicomServerIT {

    @TempDir
    Path temp;

    private static List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ExternalProgram.require(program, "dcmtk"));
        command.addAll(List.of(args));
        return command;
    }

    private static Result storescu(RunningServer server, String callingAe, List<String> options, List<Path> files) {
        List<String> command = command("storescu", "-v", "-aet", callingAe, "-aec", RunningServer.AE_TITLE);
        command.addAll(options);
        command.add("127.0.0.1");
        command.add(Integer.toString(server.port));
        files.forEach(f -> command.add(f.toString()));
        return ExternalProgram.run(command, 60);
    }

    @Test
    void echoscuSucceeds() throws Exception {
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            Result result = ExternalProgram.run(command("echoscu", "-v", "-aet", "ECHOER", "-aec", RunningServer.AE_TITLE,
                    "127.0.0.1", Integer.toString(server.port)), 30);
            assertTrue(result.succeeded(), result.output());
            assertTrue(result.output().contains("Received Echo Response (Success)"), result.output());
        }
    }

    @Test
    void storescuSeriesLandsInSpoolUnchanged() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(24);
        List<Path> files = phantom.write(temp.resolve("phantom"));
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            Result result = storescu(server, "SCANNER", List.of(), files);
            assertTrue(result.succeeded(), result.output());

            Path seriesFolder = server.spool.seriesFolder(phantom.seriesInstanceUid());
            try (Stream<Path> stored = Files.list(seriesFolder)) {
                assertEquals(24, stored.count());
            }
            List<SpooledInstance> told = server.listener.stored();
            assertEquals(24, told.size());
            assertEquals(24, told.stream().map(SpooledInstance::sopInstanceUid).distinct().count());
            for (int i = 0; i < files.size(); i++) {
                Path spooled = seriesFolder.resolve(phantom.sopInstanceUid(i) + ".dcm");
                AttributeList sent = read(files.get(i));
                AttributeList received = read(spooled);
                assertEquals(phantom.sopInstanceUid(i), Attribute.getSingleStringValueOrNull(received, TagFromName.SOPInstanceUID));
                assertEquals("SCANNER", Attribute.getSingleStringValueOrNull(received, TagFromName.SourceApplicationEntityTitle));
                assertArrayEquals(sent.get(TagFromName.PixelData).getShortValues(), received.get(TagFromName.PixelData).getShortValues(),
                        "pixel data of slice " + i);
            }
            SpooledInstance first = told.get(0);
            assertEquals(phantom.seriesInstanceUid(), first.seriesInstanceUid());
            assertEquals(phantom.studyInstanceUid(), first.studyInstanceUid());
            assertEquals("CT", first.modality());
            assertEquals("SCANNER", first.callingAeTitle());
            assertTrue(Files.isSameFile(seriesFolder, first.path().getParent()));

            List<ReceivedAssociation> associations = server.listener.awaitAssociations(1);
            assertEquals(1, associations.size());
            assertTrue(associations.get(0).released());
            assertEquals(Set.of(phantom.seriesInstanceUid()), associations.get(0).seriesInstanceUids());
        }
    }

    private static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        return list;
    }

    private static String transferSyntaxOf(Path file) throws Exception {
        return Attribute.getSingleStringValueOrNull(read(file), TagFromName.TransferSyntaxUID);
    }

    private static Set<String> transferSyntaxes(List<SpooledInstance> instances) {
        return instances.stream().map(SpooledInstance::transferSyntaxUid).collect(Collectors.toSet());
    }

    @Test
    void concurrentSendersDoNotMix() throws Exception {
        int senders = 4;
        List<CtPhantom> phantoms = new ArrayList<>();
        List<List<Path>> files = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            CtPhantom phantom = new CtPhantom().slices(12).seriesInstanceUid("1.2.826.0.1.3680043.10.1078.9." + i);
            phantoms.add(phantom);
            files.add(phantom.write(temp.resolve("phantom" + i)));
        }
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            List<CompletableFuture<Result>> runs = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                int sender = i;
                runs.add(CompletableFuture.supplyAsync(() -> storescu(server, "SCANNER" + sender, List.of(), files.get(sender))));
            }
            for (CompletableFuture<Result> run : runs) {
                assertTrue(run.get().succeeded(), run.get().output());
            }
            List<ReceivedAssociation> associations = server.listener.awaitAssociations(senders);
            assertEquals(senders, associations.size());
            for (int i = 0; i < senders; i++) {
                CtPhantom phantom = phantoms.get(i);
                Set<String> expected = IntStream.range(0, 12).mapToObj(z -> phantom.sopInstanceUid(z) + ".dcm").collect(Collectors.toSet());
                try (Stream<Path> stored = Files.list(server.spool.seriesFolder(phantom.seriesInstanceUid()))) {
                    assertEquals(expected, stored.map(p -> p.getFileName().toString()).collect(Collectors.toSet()));
                }
                String sender = "SCANNER" + i;
                ReceivedAssociation association = associations.stream().filter(a -> a.callingAeTitle().equals(sender)).findFirst().orElseThrow();
                assertEquals(Set.of(phantom.seriesInstanceUid()), association.seriesInstanceUids());
                assertEquals(12, association.instances().size());
                assertTrue(association.instances().stream().allMatch(instance -> instance.callingAeTitle().equals(sender)));
            }
            assertEquals(senders * 12, server.listener.stored().size());
        }
    }

    @Test
    void losslessCompressedFilesAreStoredInTheirTransferSyntax() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(2);
        List<Path> plain = phantom.write(temp.resolve("phantom"));
        Path jpeg = temp.resolve("jpeg.dcm");
        Path rle = temp.resolve("rle.dcm");
        assertTrue(ExternalProgram.run(command("dcmcjpeg", plain.get(0).toString(), jpeg.toString()), 30).succeeded());
        assertTrue(ExternalProgram.run(command("dcmcrle", plain.get(1).toString(), rle.toString()), 30).succeeded());
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            Result jpegResult = storescu(server, "SCANNER", List.of("-xs", "-R"), List.of(jpeg));
            assertTrue(jpegResult.succeeded() && jpegResult.output().contains("Received Store Response (Success)"), jpegResult.output());
            Result rleResult = storescu(server, "SCANNER", List.of("-xr", "-R"), List.of(rle));
            assertTrue(rleResult.succeeded() && rleResult.output().contains("Received Store Response (Success)"), rleResult.output());

            Path folder = server.spool.seriesFolder(phantom.seriesInstanceUid());
            assertEquals(TransferSyntax.JPEGLosslessSV1, transferSyntaxOf(folder.resolve(phantom.sopInstanceUid(0) + ".dcm")));
            assertEquals(TransferSyntax.RLE, transferSyntaxOf(folder.resolve(phantom.sopInstanceUid(1) + ".dcm")));
            assertEquals(Set.of(TransferSyntax.JPEGLosslessSV1, TransferSyntax.RLE), transferSyntaxes(server.listener.stored()));
            // The compressed pixels, decoded by DCMTK, are those that were sent.
            assertSamePixels(plain.get(0), decompressed("dcmdjpeg", folder.resolve(phantom.sopInstanceUid(0) + ".dcm")));
            assertSamePixels(plain.get(1), decompressed("dcmdrle", folder.resolve(phantom.sopInstanceUid(1) + ".dcm")));
        }
    }

    private Path decompressed(String decoder, Path file) {
        Path out = temp.resolve(decoder + "-" + file.getFileName());
        Result result = ExternalProgram.run(command(decoder, file.toString(), out.toString()), 30);
        assertTrue(result.succeeded(), result.output());
        return out;
    }

    private static void assertSamePixels(Path expected, Path actual) throws Exception {
        assertArrayEquals(read(expected).get(TagFromName.PixelData).getShortValues(), read(actual).get(TagFromName.PixelData).getShortValues(),
                actual + " differs from " + expected);
    }

    @Test
    void deflatedDataSetIsStoredAsReceived() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(1);
        List<Path> plain = phantom.write(temp.resolve("phantom"));
        Path deflated = temp.resolve("deflated.dcm");
        assertTrue(ExternalProgram.run(command("dcmconv", "+td", plain.get(0).toString(), deflated.toString()), 30).succeeded());
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            Result result = storescu(server, "SCANNER", List.of("-xd"), List.of(deflated));
            assertTrue(result.succeeded() && result.output().contains("Received Store Response (Success)"), result.output());
            Path stored = server.spool.seriesFolder(phantom.seriesInstanceUid()).resolve(phantom.sopInstanceUid(0) + ".dcm");
            assertEquals(TransferSyntax.DeflatedExplicitVRLittleEndian, transferSyntaxOf(stored));
            assertSamePixels(plain.get(0), stored);
        }
    }

    @Test
    void listenerFailureIsNotReportedAsSuccess() throws Exception {
        List<Path> files = new CtPhantom().slices(1).write(temp.resolve("phantom"));
        Spool spool = Spool.open(temp.resolve("spool"));
        int port = FreePort.find();
        SpoolListener failing = (instance, association) -> {
            throw new IllegalStateException("queue is full");
        };
        try (DicomServer server = new DicomServer(new ServerConfigBuilder(port).build(), spool, failing)) {
            server.start();
            Result result = ExternalProgram.run(command("storescu", "-v", "-aec", RunningServer.AE_TITLE, "127.0.0.1",
                    Integer.toString(port), files.get(0).toString()), 30);
            // 0110 is PS3.7's general processing failure; this DCMTK prints it as an unknown status of C-STORE.
            assertTrue(result.output().contains("Received Store Response (Unknown Status: 0x110)"), result.output());
            assertFalse(result.output().contains("Received Store Response (Success)"), result.output());
        }
    }

    @Test
    void silentPeerIsDroppedAndBusyServerRejectsTransiently() throws Exception {
        try (RunningServer server = new RunningServer(temp.resolve("spool"),
                c -> c.withMaxAssociations(1).withReadTimeout(Duration.ofSeconds(1)));
                Socket silent = new Socket("127.0.0.1", server.port)) {
            // The silent connection holds the only association thread...
            Thread.sleep(200);
            Result busy = ExternalProgram.run(command("echoscu", "-aec", RunningServer.AE_TITLE, "127.0.0.1", Integer.toString(server.port)), 30);
            assertFalse(busy.succeeded(), busy.output());
            assertTrue(busy.output().contains("Local Limit Exceeded"), busy.output());
            // ...until the read timeout closes it.
            long start = System.nanoTime();
            assertEquals(-1, silent.getInputStream().read());
            assertTrue(System.nanoTime() - start < 5_000_000_000L);
            Thread.sleep(200);
            Result free = ExternalProgram.run(command("echoscu", "-aec", RunningServer.AE_TITLE, "127.0.0.1", Integer.toString(server.port)), 30);
            assertTrue(free.succeeded(), free.output());
        }
    }

    @Test
    void closeLetsARunningAssociationFinishThenStopsAccepting() throws Exception {
        List<Path> files = new CtPhantom().slices(24).write(temp.resolve("phantom"));
        Spool spool = Spool.open(temp.resolve("spool"));
        int port = FreePort.find();
        CountDownLatch receiving = new CountDownLatch(1);
        AtomicInteger stored = new AtomicInteger();
        SpoolListener slowFirst = (instance, association) -> {
            if (stored.getAndIncrement() == 0) {
                receiving.countDown();
                sleep(300);
            }
        };
        DicomServer server = new DicomServer(new ServerConfigBuilder(port).build(), spool, slowFirst);
        server.start();
        CompletableFuture<Result> sending = CompletableFuture.supplyAsync(() -> ExternalProgram.run(command("storescu",
                "-aec", RunningServer.AE_TITLE, "127.0.0.1", Integer.toString(port), files.get(0).getParent().toString(), "+sd"), 60));
        assertTrue(receiving.await(30, TimeUnit.SECONDS));
        server.close();
        assertTrue(sending.get().succeeded(), sending.get().output());
        assertEquals(24, stored.get());
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void jpegLsIsRefusedAtPresentationContextLevel() throws Exception {
        List<Path> plain = new CtPhantom().slices(1).write(temp.resolve("phantom"));
        Path jpegLs = temp.resolve("jpegls.dcm");
        assertTrue(ExternalProgram.run(command("dcmcjpls", plain.get(0).toString(), jpegLs.toString()), 30).succeeded());
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            Result result = storescu(server, "SCANNER", List.of("+v", "-xt", "-R"), List.of(jpegLs));
            // storescu proposes JPEG-LS in one context (refused) and uncompressed in another, which it cannot convert to.
            assertTrue(result.output().contains("(Transfer Syntaxes Not Supported)"), result.output());
            assertFalse(result.output().contains("Received Store Response (Success)"), result.output());
            assertTrue(server.listener.stored().isEmpty());
        }
    }

    @Test
    void wrongCalledAeIsRejected() throws Exception {
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            Result result = ExternalProgram.run(command("echoscu", "-aet", "ECHOER", "-aec", "SOMEONE_ELSE",
                    "127.0.0.1", Integer.toString(server.port)), 30);
            assertFalse(result.succeeded(), result.output());
            assertTrue(result.output().contains("Called AE Title Not Recognized"), result.output());
        }
    }

    @Test
    void callingAeOutsideAllowListIsRejected() throws Exception {
        try (RunningServer server = new RunningServer(temp.resolve("spool"), c -> c.withAllowedCallingAeTitles(Set.of("SCANNER")))) {
            Result stranger = ExternalProgram.run(command("echoscu", "-aet", "STRANGER", "-aec", RunningServer.AE_TITLE,
                    "127.0.0.1", Integer.toString(server.port)), 30);
            assertFalse(stranger.succeeded(), stranger.output());
            assertTrue(stranger.output().contains("Calling AE Title Not Recognized"), stranger.output());

            Result allowed = ExternalProgram.run(command("echoscu", "-aet", "SCANNER", "-aec", RunningServer.AE_TITLE,
                    "127.0.0.1", Integer.toString(server.port)), 30);
            assertTrue(allowed.succeeded(), allowed.output());
        }
    }

    @Test
    void brokenSpoolAnswersOutOfResources() throws Exception {
        List<Path> files = new CtPhantom().slices(2).write(temp.resolve("phantom"));
        try (RunningServer server = new RunningServer(temp.resolve("spool"))) {
            server.breakSpool(); // creating the .part file fails

            Result result = storescu(server, "SCANNER", List.of(), files);
            // DCMTK's wording for status A7xx.
            assertTrue(result.output().contains("Received Store Response (Refused: OutOfResources)"), result.output());
            assertFalse(result.output().contains("Received Store Response (Success)"), result.output());
            assertTrue(server.listener.stored().isEmpty());
        }
    }
}
