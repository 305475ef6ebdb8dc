package org.livernode.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.dicom.Implementation;
import org.livernode.dimse.DicomStatus;
import org.livernode.dimse.DimseCommand;
import org.livernode.dimse.Pdu;
import org.livernode.dimse.Pdu.AssociateRq;
import org.livernode.dimse.Pdu.PDataTf;
import org.livernode.dimse.Pdu.Pdv;
import org.livernode.dimse.Pdu.PresentationContextRq;
import org.livernode.dimse.Pdu.ReleaseRq;
import org.livernode.dimse.Pdu.UserInformation;
import org.livernode.dimse.PduCodec;
import org.livernode.spool.SpooledInstance;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.DataSetBytes;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.LogCapture;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.PixelReader;
import org.livernode.volume.VolumeAssembler;
import org.livernode.volume.VolumeException;

/**
 * Bounded, seeded fuzzing of the inbound path over real sockets. Part (a) corrupts whole upper-layer sessions
 * (bit flips, cuts, length fields, garbage) and after each checks that the server still stores a good instance,
 * left no {@code .part}, and allocated a bounded amount. Part (b) corrupts data sets (header and pixel bytes, cuts,
 * length fields) sent in well-formed P-DATA: each must be stored and readable or refused with a failure status,
 * and the volume assembler must read it or throw {@link VolumeException}, never another exception, never hang.
 *
 * <p>Each case draws from {@code Random(seed, case)}, so one failing case reproduces alone:
 * {@code -Dlivernode.fuzzSeed=<seed>}; {@code -Dlivernode.fuzzCases=<n>} runs more cases per part (200 by default).
 * Nothing here is timed: bounds are on the bytes allocated, and time limits only catch a hang.
 */
class InboundFuzzIT {
    private static final long SEED = Long.getLong("livernode.fuzzSeed", 20261127L);
    /** A count, not a time: the same seed runs the same cases on a fast machine and on a loaded one. */
    private static final long CASES_PER_PART = Long.getLong("livernode.fuzzCases", 200L);
    /**
     * No session of a few kilobytes may make the server allocate more than this: PDUs are bounded at 256 KiB, and
     * compressed pixel data is decoded at receive time only up to 32 MiB (which PixelMed may hold twice).
     */
    private static final long MAX_ALLOCATION_PER_CASE = 128L << 20;
    /**
     * Three slices assembled and decoded, one of them claiming up to the 4096 x 4096 the assembler accepts: tens of
     * MiB. A forged length that the parser believed (a 1.4 GB RLE fragment, seed 20261127 case 33) is far above.
     */
    private static final long MAX_ASSEMBLER_ALLOCATION = 512L << 20;
    /** Only a hang takes this long, however loaded the machine. */
    private static final long HANG_SECONDS = 120;
    private static final String PATIENT_NAME = "Fuzzlington^Quilla";
    private static final String PATIENT_ID = "PID-7Q3X-FUZZ";

    @TempDir
    static Path dir;
    static RunningServer server;
    static LogCapture log;
    static final CtPhantom phantom = new CtPhantom().slices(3).patient(PATIENT_NAME, PATIENT_ID);

    @BeforeAll
    static void start() throws Exception {
        System.out.println("InboundFuzzIT seed " + SEED + ", " + CASES_PER_PART + " cases per part (rerun with -Dlivernode.fuzzSeed=" + SEED + ")");
        log = new LogCapture();
        server = new RunningServer(dir.resolve("spool"), c -> c.withReadTimeout(java.time.Duration.ofSeconds(5)));
    }

    @AfterAll
    static void stop() {
        server.close();
        log.close();
    }

    private static Random random(long caseNumber) {
        return new Random(SEED * 1_000_003L + caseNumber);
    }

    private static String where(String part, long caseNumber) {
        return part + " case " + caseNumber + " of seed " + SEED;
    }

    // ---------------------------------------------------------------- (a) upper-layer sessions

    /** A whole session and where its length fields are: offset and width (2 or 4 bytes, big endian). */
    private record Session(byte[] bytes, List<int[]> lengthFields) {}

    private static Session goodSession() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<int[]> lengths = new ArrayList<>();
        byte[] associate = PduCodec.encode(new AssociateRq(1, RunningServer.AE_TITLE, "FUZZER", Pdu.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(1, SOPClass.Verification, List.of(TransferSyntax.ImplicitVRLittleEndian)),
                        new PresentationContextRq(3, SOPClass.CTImageStorage, List.of(TransferSyntax.ExplicitVRLittleEndian))),
                new UserInformation(16384, Implementation.CLASS_UID, "FUZZ", Optional.empty())));
        lengths.add(new int[] {2, 4});
        itemLengths(associate, 6 + 68, associate.length, lengths, 0);
        out.writeBytes(associate);
        byte[] dataSet = TestScu.encode(phantom.sliceAttributes(0));
        int half = dataSet.length / 2;
        for (Pdv pdv : List.of(new Pdv(3, true, true, ByteBuffer.wrap(DimseCommand.cStoreRq(1, SOPClass.CTImageStorage, phantom.sopInstanceUid(0)).encode())),
                new Pdv(3, false, false, ByteBuffer.wrap(dataSet, 0, half)), new Pdv(3, false, true, ByteBuffer.wrap(dataSet, half, dataSet.length - half)),
                new Pdv(1, true, true, ByteBuffer.wrap(DimseCommand.cEchoRq(2).encode())))) {
            lengths.add(new int[] {out.size() + 2, 4});
            lengths.add(new int[] {out.size() + 6, 4});
            out.writeBytes(PduCodec.encode(new PDataTf(List.of(pdv))));
        }
        lengths.add(new int[] {out.size() + 2, 4});
        out.writeBytes(PduCodec.encode(new ReleaseRq()));
        return new Session(out.toByteArray(), lengths);
    }

    /** Items of an A-ASSOCIATE-RQ: type, reserved, 2-byte length; presentation context and user information items nest. */
    private static void itemLengths(byte[] pdu, int from, int to, List<int[]> lengths, int depth) {
        int at = from;
        while (at + 4 <= to) {
            int type = pdu[at] & 0xFF;
            int length = (pdu[at + 2] & 0xFF) << 8 | (pdu[at + 3] & 0xFF);
            lengths.add(new int[] {at + 2, 2});
            if (depth == 0 && type == 0x20) {
                itemLengths(pdu, at + 8, at + 4 + length, lengths, 1);
            } else if (depth == 0 && type == 0x50) {
                itemLengths(pdu, at + 4, at + 4 + length, lengths, 1);
            }
            at += 4 + length;
        }
    }

    private static byte[] mutateSession(Session session, Random random) {
        byte[] bytes = session.bytes().clone();
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(5)) {
                case 0 -> {
                    for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
                        bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
                case 2 -> {
                    int[] field = session.lengthFields().get(random.nextInt(session.lengthFields().size()));
                    if (field[0] + field[1] <= bytes.length) {
                        long value = switch (random.nextInt(4)) {
                            case 0 -> 0;
                            case 1 -> field[1] == 2 ? 0xFFFF : 0xFFFF_FFFFL;
                            case 2 -> random.nextInt(field[1] == 2 ? 0x10000 : Integer.MAX_VALUE);
                            default -> readBigEndian(bytes, field) + random.nextInt(17) - 8;
                        };
                        writeBigEndian(bytes, field, value);
                    }
                }
                case 3 -> {
                    byte[] garbage = new byte[1 + random.nextInt(64)];
                    random.nextBytes(garbage);
                    int at = random.nextInt(bytes.length + 1);
                    byte[] longer = new byte[bytes.length + garbage.length];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    System.arraycopy(garbage, 0, longer, at, garbage.length);
                    System.arraycopy(bytes, at, longer, at + garbage.length, bytes.length - at);
                    bytes = longer;
                }
                default -> {
                    if (bytes.length > 0) {
                        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                    }
                }
            }
            if (bytes.length == 0) {
                break;
            }
        }
        return bytes;
    }

    private static long readBigEndian(byte[] bytes, int[] field) {
        long value = 0;
        for (int i = 0; i < field[1]; i++) {
            value = value << 8 | (bytes[field[0] + i] & 0xFF);
        }
        return value;
    }

    private static void writeBigEndian(byte[] bytes, int[] field, long value) {
        for (int i = field[1] - 1, v = 0; i >= 0; i--, v += 8) {
            bytes[field[0] + i] = (byte) (value >>> v);
        }
    }

    /** Sends the bytes, half-closes, and waits for the server to close; fails if it neither answers nor closes. */
    private static void sendSession(byte[] bytes, String where) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port)) {
            socket.setSoTimeout(10_000);
            try {
                socket.getOutputStream().write(bytes);
                socket.shutdownOutput();
            } catch (IOException e) {
                return; // The server closed early (it answered a protocol error with A-ABORT): that is allowed.
            }
            try {
                socket.getInputStream().readAllBytes();
            } catch (SocketTimeoutException e) {
                fail(where + ": the server neither answered nor closed within 10 s after the peer's last byte");
            } catch (IOException e) {
                // A reset after the server's A-ABORT is a closed connection too.
            }
        }
    }

    @Test
    void corruptedSessionsNeverStopTheServer() throws Exception {
        Session good = goodSession();
        long cases = 0;
        long largestAllocation = 0;
        while (cases < CASES_PER_PART) {
            String where = where("session", cases);
            byte[] mutated = mutateSession(good, random(cases));
            Map<Long, Long> before = associationThreadAllocations();
            sendSession(mutated, where);
            assertNoPartFiles(where);
            long allocated = allocatedSince(before);
            largestAllocation = Math.max(largestAllocation, allocated);
            assertTrue(allocated < MAX_ALLOCATION_PER_CASE, where + ": the server allocated " + allocated + " bytes for " + mutated.length + " bytes sent");
            try (TestScu scu = new TestScu(server.port, "CHECKER")) {
                assertEquals(DicomStatus.SUCCESS, scu.store(phantom.sopInstanceUid(1), TestScu.encode(phantom.sliceAttributes(1))).status(), where);
            }
            cases++;
        }
        System.out.println("InboundFuzzIT sessions: " + cases + " cases, at most " + (largestAllocation >> 10) + " KiB allocated by the server for one");
        assertEveryStoredInstanceIsReadable();
        assertNoPatientIdentifiersLogged();
    }

    // ---------------------------------------------------------------- (b) data sets

    /**
     * A data set as it is sent, its transfer syntax, where its length fields are (offset, width, little endian) and
     * where the values of Rows and Columns are: a forged image size must not make anyone allocate gigabytes.
     */
    private record Base(String transferSyntax, byte[] dataSet, List<int[]> lengthFields, List<Integer> dimensionValues) {}

    private static List<Base> bases() throws Exception {
        List<Base> bases = new ArrayList<>();
        for (String syntax : List.of(TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian)) {
            bases.add(base(syntax, DataSetBytes.encode(phantom.sliceAttributes(2), syntax)));
        }
        Path plain = phantom.write(dir.resolve("phantom")).get(2);
        for (String[] codec : List.of(new String[] {"dcmcrle", TransferSyntax.RLE}, new String[] {"dcmcjpeg", TransferSyntax.JPEGLosslessSV1})) {
            Path compressed = dir.resolve(codec[0] + ".dcm");
            ExternalProgram.Result result = ExternalProgram.run(List.of(ExternalProgram.require(codec[0], "dcmtk"), plain.toString(), compressed.toString()), 30);
            assertTrue(result.succeeded(), result.output());
            bases.add(base(codec[1], dataSetOf(compressed)));
        }
        return bases;
    }

    /** The bytes after a Part 10 file's meta information. */
    private static byte[] dataSetOf(Path file) throws Exception {
        try (DicomInputStream in = new DicomInputStream(file.toFile())) {
            long offset = new AttributeList().readOnlyMetaInformationHeader(in);
            byte[] all = Files.readAllBytes(file);
            return java.util.Arrays.copyOfRange(all, (int) offset, all.length);
        }
    }

    /** Walks the top-level elements (and encapsulated items) to find every length field. */
    private static Base base(String syntax, byte[] dataSet) {
        boolean explicit = !syntax.equals(TransferSyntax.ImplicitVRLittleEndian);
        ByteBuffer b = ByteBuffer.wrap(dataSet).order(ByteOrder.LITTLE_ENDIAN);
        List<int[]> lengths = new ArrayList<>();
        List<Integer> dimensions = new ArrayList<>();
        int at = 0;
        while (at + 8 <= dataSet.length) {
            int tag = (b.getShort(at) & 0xFFFF) << 16 | (b.getShort(at + 2) & 0xFFFF);
            long length;
            int valueAt;
            if (explicit) {
                String vr = new String(dataSet, at + 4, 2, java.nio.charset.StandardCharsets.US_ASCII);
                if (List.of("OB", "OW", "OF", "SQ", "UT", "UN").contains(vr)) {
                    lengths.add(new int[] {at + 8, 4});
                    length = b.getInt(at + 8) & 0xFFFF_FFFFL;
                    valueAt = at + 12;
                } else {
                    lengths.add(new int[] {at + 6, 2});
                    length = b.getShort(at + 6) & 0xFFFF;
                    valueAt = at + 8;
                }
            } else {
                lengths.add(new int[] {at + 4, 4});
                length = b.getInt(at + 4) & 0xFFFF_FFFFL;
                valueAt = at + 8;
            }
            if (tag == 0x0028_0010 || tag == 0x0028_0011) {
                dimensions.add(valueAt);
            }
            if (length == 0xFFFF_FFFFL && tag == 0x7FE0_0010) {
                int item = valueAt;
                while (item + 8 <= dataSet.length) {
                    lengths.add(new int[] {item + 4, 4});
                    item += 8 + (b.getInt(item + 4) & 0x7FFF_FFFF);
                }
                break;
            }
            at = (int) (valueAt + length);
        }
        assertEquals(2, dimensions.size(), "Rows and Columns found in " + syntax);
        return new Base(syntax, dataSet, lengths, dimensions);
    }

    private static byte[] mutateDataSet(Base base, Random random) {
        byte[] bytes = base.dataSet().clone();
        int header = Math.min(bytes.length, 1200);
        switch (random.nextInt(6)) {
            case 0 -> {
                for (int flips = 1 + random.nextInt(6); flips > 0; flips--) {
                    bytes[random.nextInt(header)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 5 -> {
                for (int value : base.dimensionValues()) {
                    int size = random.nextBoolean() ? 0xFFFF - random.nextInt(16) : random.nextInt(0x10000);
                    bytes[value] = (byte) size;
                    bytes[value + 1] = (byte) (size >>> 8);
                }
            }
            case 1 -> {
                for (int flips = 1 + random.nextInt(20); flips > 0; flips--) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
            }
            case 2 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 3 -> {
                int[] field = base.lengthFields().get(random.nextInt(base.lengthFields().size()));
                long value = switch (random.nextInt(4)) {
                    case 0 -> 0;
                    case 1 -> field[1] == 2 ? 0xFFFF : 0xFFFF_FFFFL;
                    case 2 -> random.nextInt(field[1] == 2 ? 0x10000 : Integer.MAX_VALUE);
                    default -> readLittleEndian(bytes, field) + 2 * (random.nextInt(9) - 4);
                };
                for (int i = 0; i < field[1]; i++) {
                    bytes[field[0] + i] = (byte) (value >>> (8 * i));
                }
            }
            default -> {
                int from = random.nextInt(header);
                for (int i = from; i < Math.min(bytes.length, from + 2 + random.nextInt(32)); i++) {
                    bytes[i] = (byte) random.nextInt(256);
                }
            }
        }
        return bytes;
    }

    private static long readLittleEndian(byte[] bytes, int[] field) {
        long value = 0;
        for (int i = field[1] - 1; i >= 0; i--) {
            value = value << 8 | (bytes[field[0] + i] & 0xFF);
        }
        return value;
    }

    @Test
    void corruptedDataSetsAreStoredReadableOrRefused() throws Exception {
        List<Base> bases = bases();
        List<Path> neighbours = List.of(phantom.write(dir.resolve("neighbours")).get(0), dir.resolve("neighbours/slice-001.dcm"));
        ExecutorService assembler = Executors.newSingleThreadExecutor(r -> new Thread(r, "fuzz-volume-assembler"));
        long cases = 0;
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        Map<String, Integer> assembled = new java.util.TreeMap<>();
        try {
            while (cases < CASES_PER_PART) {
                Base base = bases.get((int) (cases % bases.size()));
                // The assembler runs after the association is released, so that its time never counts against the
                // server's read timeout.
                Map<String, byte[]> sent = new java.util.LinkedHashMap<>();
                try (TestScu scu = new TestScu(server.port, "FUZZER", base.transferSyntax())) {
                    // Ten data sets per association, then the spool must hold no .part.
                    for (int i = 0; i < 10 && cases < CASES_PER_PART; i++, cases++) {
                        String where = where("data set (" + new TransferSyntax(base.transferSyntax()).getDescription() + ")", cases);
                        byte[] mutated = mutateDataSet(base, random(cases));
                        Map<Long, Long> before = associationThreadAllocations();
                        int storedBefore = server.listener.stored().size();
                        TestScu.Response response = scu.store(phantom.sopInstanceUid(2), mutated);
                        long allocated = allocatedSince(before);
                        assertTrue(allocated < MAX_ALLOCATION_PER_CASE, where + ": the server allocated " + allocated + " bytes");
                        outcomes.merge(DicomStatus.describe(response.status()), 1, Integer::sum);
                        List<SpooledInstance> stored = server.listener.stored();
                        if (DicomStatus.isFailure(response.status())) {
                            assertEquals(storedBefore, stored.size(), where + ": refused (" + response.comment() + ") but filed");
                        } else {
                            assertEquals(storedBefore + 1, stored.size(), where + ": success but the listener was not told");
                            assertReadable(stored.get(stored.size() - 1).path(), where);
                        }
                        sent.put(where, mutated);
                    }
                }
                assertNoPartFiles(where("association after", cases));
                for (Map.Entry<String, byte[]> dataSet : sent.entrySet()) {
                    assembled.merge(assertVolumeAssemblerCopes(assembler, base, dataSet.getValue(), neighbours, dataSet.getKey()), 1, Integer::sum);
                }
            }
        } finally {
            assembler.shutdownNow();
        }
        System.out.println("InboundFuzzIT data sets: " + cases + " cases, responses " + outcomes + ", volume assembler " + assembled);
        assertTrue(assembled.getOrDefault("volume", 0) > 0, "no mutated data set made a volume: the assembler was not reached");
        assertEveryStoredInstanceIsReadable();
        assertNoPatientIdentifiersLogged();
    }

    /** A stored file parses in full, says what was announced, and holds all its (native) pixel data. */
    private static void assertReadable(Path file, String where) {
        try {
            AttributeList list = new AttributeList();
            list.read(file.toFile());
            assertEquals(SOPClass.CTImageStorage, com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPClassUID), where);
            assertEquals(phantom.sopInstanceUid(2), com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID), where);
        } catch (Exception e) {
            throw new AssertionError(where + ": stored with success but unreadable: " + e, e);
        }
    }

    /**
     * The mutated data set as a Part 10 file between two intact slices: assembled and every slice's pixels decoded,
     * or a VolumeException, allocating less than {@link #MAX_ASSEMBLER_ALLOCATION}. The work is bounded by the bytes
     * the assembler allocates, which a loaded machine does not change; the time limit only catches a hang. Returns
     * "volume" or "VolumeException".
     */
    private static String assertVolumeAssemblerCopes(ExecutorService assembler, Base base, byte[] mutated, List<Path> neighbours, String where)
            throws Exception {
        Path file = dir.resolve("mutated.dcm");
        AttributeList meta = new AttributeList();
        FileMetaInformation.addFileMetaInformation(meta, SOPClass.CTImageStorage, phantom.sopInstanceUid(2), base.transferSyntax(), "FUZZ");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // With a meta information transfer syntax, PixelMed writes the preamble and "DICM" itself.
        com.pixelmed.dicom.DicomOutputStream metaOut = new com.pixelmed.dicom.DicomOutputStream(bytes, TransferSyntax.ExplicitVRLittleEndian, null);
        meta.write(metaOut, true);
        metaOut.flush();
        bytes.write(mutated);
        Files.write(file, bytes.toByteArray());
        List<Path> series = List.of(neighbours.get(0), neighbours.get(1), file);
        Future<String> assembling = assembler.submit(() -> {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            String outcome;
            try {
                CtVolume volume = new VolumeAssembler().assemble(series);
                for (CtSlice slice : volume.slices()) {
                    PixelReader.hounsfieldUnits(slice);
                }
                outcome = "volume";
            } catch (VolumeException e) {
                assertFalse(e.getMessage().contains(PATIENT_NAME) || e.getMessage().contains(PATIENT_ID), where + ": " + e.getMessage());
                outcome = "VolumeException";
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < MAX_ASSEMBLER_ALLOCATION, where + ": the volume assembler allocated " + allocated + " bytes");
            return outcome;
        });
        try {
            return assembling.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            assembling.cancel(true);
            throw new AssertionError(where + ": the volume assembler did not finish within " + HANG_SECONDS + " s");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof AssertionError failed) {
                throw failed;
            }
            throw new AssertionError(where + ": the volume assembler threw " + e.getCause() + " rather than a VolumeException", e.getCause());
        }
    }

    // ---------------------------------------------------------------- shared checks

    /**
     * The server deletes a .part before it closes the connection, but logs and closes on different threads: poll until
     * it is gone, as long as only a hang would take.
     */
    private static void assertNoPartFiles(String where) throws Exception {
        Path incoming = server.spool.root().resolve("incoming");
        long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(HANG_SECONDS);
        while (true) {
            try (Stream<Path> parts = Files.list(incoming)) {
                List<Path> left = parts.toList();
                if (left.isEmpty()) {
                    return;
                }
                if (System.currentTimeMillis() > deadline) {
                    fail(where + ": left in incoming/: " + left);
                }
            }
            Thread.sleep(10);
        }
    }

    private static void assertEveryStoredInstanceIsReadable() throws Exception {
        try (Stream<Path> files = Files.walk(server.spool.root().resolve("series"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                AttributeList list = new AttributeList();
                list.read(file.toFile());
                assertFalse(com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID).isEmpty(), file.toString());
            }
        }
    }

    private static void assertNoPatientIdentifiersLogged() {
        for (String line : log.lines()) {
            assertFalse(line.contains(PATIENT_NAME) || line.contains(PATIENT_ID) || line.contains("Fuzzlington"), "patient data logged: " + line);
        }
    }

    /** Bytes allocated so far by each of the server's association threads. */
    private static Map<Long, Long> associationThreadAllocations() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<Long, Long> allocated = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("dicom-association-")) {
                allocated.put(thread.getId(), threads.getThreadAllocatedBytes(thread.getId()));
            }
        }
        return allocated;
    }

    private static long allocatedSince(Map<Long, Long> before) {
        long total = 0;
        for (Map.Entry<Long, Long> now : associationThreadAllocations().entrySet()) {
            total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
        }
        return total;
    }
}
