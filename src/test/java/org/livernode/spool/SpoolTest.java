package org.livernode.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.dicom.Implementation;
import org.livernode.spool.RejectedInstanceException.Reason;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.ExternalProgram;

class SpoolTest {

    @TempDir
    Path temp;

    private final CtPhantom phantom = new CtPhantom().slices(1);

    private static byte[] encode(AttributeList dataSet, String transferSyntax) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DicomOutputStream out = new DicomOutputStream(bytes, null, transferSyntax);
        dataSet.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    private SpooledInstance store(Spool spool, byte[] dataSet, String sopClass, String sopInstance, String transferSyntax) throws Exception {
        try (IncomingInstance incoming = spool.begin(sopClass, sopInstance, transferSyntax, "SCANNER")) {
            incoming.dataSet().write(dataSet);
            return incoming.commit();
        }
    }

    private static List<Path> filesUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void instanceIsFiledUnderItsSeriesAsPart10() throws Exception {
        Spool spool = Spool.open(temp.resolve("spool"));
        AttributeList slice = phantom.sliceAttributes(0);
        SpooledInstance stored = store(spool, encode(slice, TransferSyntax.ExplicitVRLittleEndian), SOPClass.CTImageStorage,
                phantom.sopInstanceUid(0), TransferSyntax.ExplicitVRLittleEndian);

        Path expected = spool.root().resolve("series").resolve(phantom.seriesInstanceUid()).resolve(phantom.sopInstanceUid(0) + ".dcm");
        assertEquals(new SpooledInstance(expected, SOPClass.CTImageStorage, phantom.sopInstanceUid(0), phantom.seriesInstanceUid(),
                phantom.studyInstanceUid(), "CT", "SCANNER", TransferSyntax.ExplicitVRLittleEndian), stored);
        assertEquals(spool.seriesFolder(phantom.seriesInstanceUid()), expected.getParent());
        assertEquals(List.of(expected), filesUnder(spool.root()));

        AttributeList read = new AttributeList();
        read.read(expected.toFile());
        assertEquals("SCANNER", Attribute.getSingleStringValueOrNull(read, TagFromName.SourceApplicationEntityTitle));
        assertEquals(Implementation.CLASS_UID, Attribute.getSingleStringValueOrNull(read, TagFromName.ImplementationClassUID));
        assertEquals(Implementation.VERSION_NAME, Attribute.getSingleStringValueOrNull(read, TagFromName.ImplementationVersionName));
        assertEquals(TransferSyntax.ExplicitVRLittleEndian, Attribute.getSingleStringValueOrNull(read, TagFromName.TransferSyntaxUID));
        assertEquals(phantom.sopInstanceUid(0), Attribute.getSingleStringValueOrNull(read, TagFromName.MediaStorageSOPInstanceUID));
        assertArrayEquals(slice.get(TagFromName.PixelData).getShortValues(), read.get(TagFromName.PixelData).getShortValues());

        // The group length must match the meta information actually written (we replaced PixelMed's implementation UID).
        try (DicomInputStream in = new DicomInputStream(expected.toFile())) {
            AttributeList meta = new AttributeList();
            long dataSetOffset = meta.readOnlyMetaInformationHeader(in);
            long groupLength = Attribute.getSingleLongValueOrDefault(meta, TagFromName.FileMetaInformationGroupLength, -1);
            assertEquals(132 + 12 + groupLength, dataSetOffset);
        }
    }

    @Test
    void implicitVrDataSetKeepsItsTransferSyntax() throws Exception {
        Spool spool = Spool.open(temp.resolve("spool"));
        SpooledInstance stored = store(spool, encode(phantom.sliceAttributes(0), TransferSyntax.ImplicitVRLittleEndian),
                SOPClass.CTImageStorage, phantom.sopInstanceUid(0), TransferSyntax.ImplicitVRLittleEndian);
        AttributeList read = new AttributeList();
        read.read(stored.path().toFile());
        assertEquals(TransferSyntax.ImplicitVRLittleEndian, Attribute.getSingleStringValueOrNull(read, TagFromName.TransferSyntaxUID));
        assertEquals(phantom.seriesInstanceUid(), Attribute.getSingleStringValueOrNull(read, TagFromName.SeriesInstanceUID));
    }

    private RejectedInstanceException rejected(Spool spool, AttributeList dataSet, String announcedClass, String announcedInstance) {
        return assertThrows(RejectedInstanceException.class, () -> store(spool, encode(dataSet, TransferSyntax.ExplicitVRLittleEndian),
                announcedClass, announcedInstance, TransferSyntax.ExplicitVRLittleEndian));
    }

    private static void assertOnlyInFailed(Spool spool) throws IOException {
        List<Path> files = filesUnder(spool.root());
        assertEquals(1, files.size(), files.toString());
        assertEquals(spool.root().resolve("failed"), files.get(0).getParent());
    }

    @Test
    void dataSetThatContradictsTheCommandIsSetAside() throws Exception {
        Spool spool = Spool.open(temp.resolve("spool"));
        RejectedInstanceException wrongClass = rejected(spool, phantom.sliceAttributes(0), SOPClass.MRImageStorage, phantom.sopInstanceUid(0));
        assertEquals(Reason.SOP_CLASS_MISMATCH, wrongClass.reason());
        assertOnlyInFailed(spool);
        assertTrue(wrongClass.getMessage().contains("failed"), wrongClass.getMessage());

        Spool other = Spool.open(temp.resolve("other"));
        assertEquals(Reason.SOP_INSTANCE_MISMATCH, rejected(other, phantom.sliceAttributes(0), SOPClass.CTImageStorage, "1.2.3").reason());
        assertOnlyInFailed(other);
    }

    @Test
    void seriesUidThatIsNotAUidNeverBecomesAPath() throws Exception {
        Spool spool = Spool.open(temp.resolve("deep/spool"));
        for (String hostile : List.of("../../escaped", "/tmp/escaped", "1.2/../../escaped", "")) {
            AttributeList dataSet = phantom.sliceAttributes(0);
            putUid(dataSet, TagFromName.SeriesInstanceUID, hostile);
            assertEquals(Reason.INVALID_UID, rejected(spool, dataSet, SOPClass.CTImageStorage, phantom.sopInstanceUid(0)).reason(), hostile);
        }
        assertFalse(Files.exists(temp.resolve("escaped")));
        assertFalse(Files.exists(temp.resolve("deep/escaped")));
        assertEquals(List.of(), filesUnder(spool.root().resolve("series")));
        assertEquals(4, filesUnder(spool.root().resolve("failed")).size());
    }

    @Test
    void garbageIsSetAsideAsUnreadable() throws Exception {
        Spool spool = Spool.open(temp.resolve("spool"));
        byte[] garbage = new byte[1000];
        Arrays.fill(garbage, (byte) 0xFF);
        RejectedInstanceException e = assertThrows(RejectedInstanceException.class,
                () -> store(spool, garbage, SOPClass.CTImageStorage, phantom.sopInstanceUid(0), TransferSyntax.ExplicitVRLittleEndian));
        assertEquals(Reason.UNREADABLE, e.reason());
        assertOnlyInFailed(spool);
    }

    @Test
    void brokenSequenceIsSetAsideAsUnreadable() throws Exception {
        Spool spool = Spool.open(temp.resolve("spool"));
        AttributeList uids = new AttributeList();
        putUid(uids, TagFromName.SOPClassUID, SOPClass.CTImageStorage);
        putUid(uids, TagFromName.SOPInstanceUID, "1.2.3");
        // (0008,1140) SQ of undefined length whose first "item" is zeros: the structure walk stops there.
        byte[] brokenSequence = HexFormat.of().parseHex("08004011" + "53510000" + "ffffffff" + "0000000000000000");
        byte[] dataSet = concat(encode(uids, TransferSyntax.ExplicitVRLittleEndian), brokenSequence);
        RejectedInstanceException e = assertThrows(RejectedInstanceException.class,
                () -> store(spool, dataSet, SOPClass.CTImageStorage, "1.2.3", TransferSyntax.ExplicitVRLittleEndian));
        assertEquals(Reason.UNREADABLE, e.reason());
        assertTrue(e.getMessage().startsWith("malformed data set: a sequence holds (0000,0000) where an item belongs"), e.getMessage());
        assertOnlyInFailed(spool);
    }

    private static void putUid(AttributeList list, AttributeTag tag, String value) throws DicomException {
        Attribute uid = new UniqueIdentifierAttribute(tag);
        uid.addValue(value);
        list.put(uid);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void abandonedInstanceLeavesNothing() throws Exception {
        Spool spool = Spool.open(temp.resolve("spool"));
        try (IncomingInstance incoming = spool.begin(SOPClass.CTImageStorage, "1.2.3", TransferSyntax.ExplicitVRLittleEndian, "SCANNER")) {
            incoming.dataSet().write(new byte[1000]);
        }
        assertEquals(List.of(), filesUnder(spool.root()));
    }

    @Test
    void partialFilesOfAnEarlierRunAreDeletedOnOpen() throws Exception {
        Path root = temp.resolve("spool");
        Spool.open(root);
        Files.writeString(root.resolve("incoming/instance-1.part"), "half an instance");
        Path kept = Files.writeString(root.resolve("failed/x.dcm"), "kept for a person");
        Spool.open(root);
        assertEquals(List.of(kept), filesUnder(root));
    }

    @Test
    void unwritableIncomingFolderIsAnIoFailure() throws Exception {
        Spool spool = Spool.open(temp.resolve("spool"));
        Files.delete(spool.root().resolve("incoming"));
        Files.writeString(spool.root().resolve("incoming"), "a file where a folder should be");
        assertThrows(IOException.class, () -> spool.begin(SOPClass.CTImageStorage, "1.2.3", TransferSyntax.ExplicitVRLittleEndian, "SCANNER"));
    }

    @Test
    void seriesFolderRefusesAnInvalidUid() throws Exception {
        Spool spool = Spool.open(temp.resolve("spool"));
        assertThrows(IllegalArgumentException.class, () -> spool.seriesFolder("../x"));
    }

    // ---------------------------------------------------------------- limits

    @Test
    void belowTheFreeSpaceMinimumNothingIsBegun() throws Exception {
        Spool spool = Spool.open(temp.resolve("spool"), new SpoolLimits(Long.MAX_VALUE / (1024 * 1024), 10), Durability.FSYNC);
        assertTrue(spool.freeSpaceShortfall().isPresent());
        SpoolLimitException e = assertThrows(SpoolLimitException.class,
                () -> spool.begin(SOPClass.CTImageStorage, "1.2.3", TransferSyntax.ExplicitVRLittleEndian, "SCANNER"));
        assertTrue(e.getMessage().contains("node.minFreeSpaceMiB"), e.getMessage());
        assertEquals(List.of(), filesUnder(spool.root()));
        assertEquals(java.util.Optional.empty(), Spool.open(temp.resolve("roomy")).freeSpaceShortfall());
    }

    @Test
    void seriesLimitHoldsAcrossRestartsAndLetsResendsThrough() throws Exception {
        Path root = temp.resolve("spool");
        CtPhantom series = new CtPhantom().slices(3);
        Spool spool = Spool.open(root, new SpoolLimits(0, 2), Durability.FSYNC);
        for (int i = 0; i < 2; i++) {
            store(spool, encode(series.sliceAttributes(i), TransferSyntax.ExplicitVRLittleEndian), SOPClass.CTImageStorage,
                    series.sopInstanceUid(i), TransferSyntax.ExplicitVRLittleEndian);
        }
        // The count comes from the series folder, so a fresh spool (a restarted node) knows it too.
        Spool restarted = Spool.open(root, new SpoolLimits(0, 2), Durability.FSYNC);
        byte[] third = encode(series.sliceAttributes(2), TransferSyntax.ExplicitVRLittleEndian);
        SpoolLimitException e = assertThrows(SpoolLimitException.class,
                () -> store(restarted, third, SOPClass.CTImageStorage, series.sopInstanceUid(2), TransferSyntax.ExplicitVRLittleEndian));
        assertTrue(e.getMessage().startsWith("series already at node.maxInstancesPerSeries (2): "), e.getMessage());
        assertEquals(2, filesUnder(root).size(), "neither the refused instance nor its .part is left");
        // The same instance again replaces its copy: the series does not grow.
        store(restarted, encode(series.sliceAttributes(1), TransferSyntax.ExplicitVRLittleEndian), SOPClass.CTImageStorage,
                series.sopInstanceUid(1), TransferSyntax.ExplicitVRLittleEndian);
        assertEquals(2, filesUnder(root).size());
        // Another series has its own count.
        CtPhantom other = new CtPhantom().slices(1).seriesInstanceUid("1.2.826.0.1.3680043.10.1078.77");
        store(restarted, encode(other.sliceAttributes(0), TransferSyntax.ExplicitVRLittleEndian), SOPClass.CTImageStorage,
                other.sopInstanceUid(0), TransferSyntax.ExplicitVRLittleEndian);
    }

    // ---------------------------------------------------------------- pixel data

    private RejectedInstanceException rejectedBytes(Spool spool, byte[] dataSet, String transferSyntax) {
        return assertThrows(RejectedInstanceException.class,
                () -> store(spool, dataSet, SOPClass.CTImageStorage, phantom.sopInstanceUid(0), transferSyntax));
    }

    @Test
    void dataSetCutInsideItsPixelDataIsSetAsideInEveryNativeSyntax() throws Exception {
        Spool spool = Spool.open(temp.resolve("spool"));
        for (String syntax : List.of(TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.ExplicitVRBigEndian)) {
            byte[] whole = encode(phantom.sliceAttributes(0), syntax);
            RejectedInstanceException e = rejectedBytes(spool, Arrays.copyOf(whole, whole.length - 1000), syntax);
            assertEquals(Reason.TRUNCATED, e.reason(), syntax);
            assertTrue(e.getMessage().contains("7192 of the 8192 bytes"), e.getMessage());
        }
        assertEquals(3, filesUnder(spool.root().resolve("failed")).size());
        assertEquals(List.of(), filesUnder(spool.root().resolve("series")));
    }

    @Test
    void pixelDataShorterThanTheImageIsSetAside() throws Exception {
        Spool spool = Spool.open(temp.resolve("spool"));
        AttributeList slice = phantom.sliceAttributes(0);
        com.pixelmed.dicom.OtherWordAttribute half = new com.pixelmed.dicom.OtherWordAttribute(TagFromName.PixelData);
        half.setValues(new short[64 * 32]);
        slice.put(half);
        RejectedInstanceException e = rejectedBytes(spool, encode(slice, TransferSyntax.ExplicitVRLittleEndian), TransferSyntax.ExplicitVRLittleEndian);
        assertEquals(Reason.PIXEL_DATA_TOO_SHORT, e.reason());
        assertTrue(e.getMessage().contains("holds 4096 bytes") && e.getMessage().contains("need 8192"), e.getMessage());
    }

    /** The header of the phantom slice, then encapsulated pixel data made of {@code items} (hex). */
    private byte[] encapsulated(String items) throws Exception {
        AttributeList header = phantom.sliceAttributes(0);
        header.remove(TagFromName.PixelData);
        return concat(encode(header, TransferSyntax.ExplicitVRLittleEndian), HexFormat.of().parseHex("e07f1000" + "4f420000" + "ffffffff" + items));
    }

    @Test
    void encapsulatedPixelDataMustReachItsDelimiter() throws Exception {
        Spool spool = Spool.open(temp.resolve("spool"));
        String offsetTable = "feff00e0" + "00000000";
        String fragment = "feff00e0" + "04000000" + "01020304";
        String delimiter = "feffdde0" + "00000000";
        Spool other = Spool.open(temp.resolve("other"));
        assertEquals(Reason.TRUNCATED, rejectedBytes(other, encapsulated(offsetTable + fragment), TransferSyntax.JPEGLosslessSV1).reason());
        assertEquals(Reason.TRUNCATED, rejectedBytes(other, encapsulated(offsetTable + "feff00e0" + "00100000" + "0102"),
                TransferSyntax.JPEGLosslessSV1).reason());
        assertEquals(Reason.UNREADABLE, rejectedBytes(other, encapsulated(offsetTable + "08001800" + "04000000" + "31323334" + delimiter),
                TransferSyntax.JPEGLosslessSV1).reason());
        RejectedInstanceException undecodable = rejectedBytes(other, encapsulated(offsetTable + fragment + delimiter), TransferSyntax.JPEGLosslessSV1);
        assertEquals(Reason.UNREADABLE, undecodable.reason());
        assertTrue(undecodable.getMessage().startsWith("pixel data cannot be decoded"), undecodable.getMessage());
        assertEquals(4, filesUnder(other.root().resolve("failed")).size());
    }

    /** The data set of the phantom's slice as DCMTK's {@code program} (a compressor or converter) writes it. */
    private byte[] convertedWith(String program, String option) throws Exception {
        Path plain = phantom.write(temp.resolve("plain")).get(0);
        Path converted = temp.resolve(program + ".dcm");
        List<String> command = new java.util.ArrayList<>(List.of(ExternalProgram.require(program, "dcmtk")));
        if (!option.isEmpty()) {
            command.add(option);
        }
        command.addAll(List.of(plain.toString(), converted.toString()));
        ExternalProgram.Result result = ExternalProgram.run(command, 30);
        assertTrue(result.succeeded(), result.output());
        try (DicomInputStream in = new DicomInputStream(converted.toFile())) {
            long offset = new AttributeList().readOnlyMetaInformationHeader(in);
            byte[] file = Files.readAllBytes(converted);
            return Arrays.copyOfRange(file, (int) offset, file.length);
        }
    }

    @Test
    void compressedAndDeflatedDataSetsAreDecodedBeforeTheyAreAcknowledged() throws Exception {
        Spool spool = Spool.open(temp.resolve("spool"));
        byte[] jpeg = convertedWith("dcmcjpeg", "");
        assertTrue(Files.exists(store(spool, jpeg, SOPClass.CTImageStorage, phantom.sopInstanceUid(0), TransferSyntax.JPEGLosslessSV1).path()));
        byte[] deflated = convertedWith("dcmconv", "+td");
        assertTrue(Files.exists(store(spool, deflated, SOPClass.CTImageStorage, phantom.sopInstanceUid(0),
                TransferSyntax.DeflatedExplicitVRLittleEndian).path()));

        // The JPEG bitstream with its middle overwritten: the items are whole, the frame does not decode.
        byte[] brokenJpeg = jpeg.clone();
        Arrays.fill(brokenJpeg, brokenJpeg.length - 400, brokenJpeg.length - 200, (byte) 0xFF);
        assertEquals(Reason.UNREADABLE, rejectedBytes(spool, brokenJpeg, TransferSyntax.JPEGLosslessSV1).reason());
        assertEquals(Reason.TRUNCATED, rejectedBytes(spool, Arrays.copyOf(deflated, deflated.length - 200),
                TransferSyntax.DeflatedExplicitVRLittleEndian).reason());
    }

    @Test
    void compressedImageClaimingMoreThanItsBytesCanHoldIsRefusedWithoutDecoding() throws Exception {
        Spool spool = Spool.open(temp.resolve("spool"));
        AttributeList header = phantom.sliceAttributes(0);
        header.remove(TagFromName.PixelData);
        for (com.pixelmed.dicom.AttributeTag dimension : List.of(TagFromName.Rows, TagFromName.Columns)) {
            putInteger(header, new com.pixelmed.dicom.UnsignedShortAttribute(dimension), "65535");
        }
        byte[] dataSet = concat(encode(header, TransferSyntax.ExplicitVRLittleEndian), HexFormat.of().parseHex(
                "e07f1000" + "4f420000" + "ffffffff" + "feff00e0" + "00000000" + "feff00e0" + "04000000" + "01020304" + "feffdde0" + "00000000"));
        RejectedInstanceException e = rejectedBytes(spool, dataSet, TransferSyntax.RLE);
        assertEquals(Reason.UNREADABLE, e.reason());
        assertTrue(e.getMessage().contains("claim 8589672450 bytes from 4 bytes of encapsulated pixel data"), e.getMessage());
    }

    @Test
    void deflatedDataSetThatInflatesFarBeyondItsImageIsRefused() throws Exception {
        AttributeList header = phantom.sliceAttributes(0);
        header.remove(TagFromName.PixelData);
        java.io.ByteArrayOutputStream bomb = new java.io.ByteArrayOutputStream();
        java.util.zip.Deflater deflater = new java.util.zip.Deflater(9, true);
        try (java.util.zip.DeflaterOutputStream out = new java.util.zip.DeflaterOutputStream(bomb, deflater)) {
            out.write(encode(header, TransferSyntax.ExplicitVRLittleEndian));
            int claimed = 200 << 20;
            out.write(HexFormat.of().parseHex("e07f1000" + "4f570000"));
            out.write(java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(claimed).array());
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                out.write(zeros);
            }
        } finally {
            deflater.end();
        }
        assertTrue(bomb.size() < 1 << 20, "a small upload: " + bomb.size());
        Spool spool = Spool.open(temp.resolve("spool"));
        RejectedInstanceException e = rejectedBytes(spool, bomb.toByteArray(), TransferSyntax.DeflatedExplicitVRLittleEndian);
        assertEquals(Reason.UNREADABLE, e.reason());
        assertTrue(e.getMessage().contains("inflates to more than"), e.getMessage());
    }

    @Test
    void elementLengthBeyondTheDataSetIsRefusedBeforePixelMedAllocatesIt() throws Exception {
        // An OB element claiming 1 GiB in a data set of a few kilobytes: PixelMed would allocate the value first.
        AttributeList uids = new AttributeList();
        putUid(uids, TagFromName.SOPClassUID, SOPClass.CTImageStorage);
        putUid(uids, TagFromName.SOPInstanceUID, "1.2.3");
        byte[] dataSet = concat(encode(uids, TransferSyntax.ExplicitVRLittleEndian), HexFormat.of().parseHex("09001000" + "4f420000" + "00000040"));
        Spool spool = Spool.open(temp.resolve("spool"));
        RejectedInstanceException e = assertThrows(RejectedInstanceException.class,
                () -> store(spool, dataSet, SOPClass.CTImageStorage, "1.2.3", TransferSyntax.ExplicitVRLittleEndian));
        assertEquals(Reason.UNREADABLE, e.reason());
        assertTrue(e.getMessage().contains("(0009,0010) claims 1073741824 bytes but 0 are left"), e.getMessage());
        // A VR nobody knows has the 4-byte length form, as PixelMed reads it (a bit flip made "RN" of "PN").
        byte[] unknownVr = concat(encode(uids, TransferSyntax.ExplicitVRLittleEndian), HexFormat.of().parseHex("08009000" + "524e0000" + "0000f00f"));
        RejectedInstanceException unknown = assertThrows(RejectedInstanceException.class,
                () -> store(spool, unknownVr, SOPClass.CTImageStorage, "1.2.3", TransferSyntax.ExplicitVRLittleEndian));
        assertTrue(unknown.getMessage().contains("(0008,0090) claims 267386880 bytes"), unknown.getMessage());
    }

    @Test
    void structureWalkDescendsIntoSequencesAndStopsForgedNesting() throws Exception {
        Spool spool = Spool.open(temp.resolve("spool"));
        AttributeList slice = phantom.sliceAttributes(0);
        com.pixelmed.dicom.SequenceAttribute referenced = new com.pixelmed.dicom.SequenceAttribute(TagFromName.ReferencedImageSequence);
        AttributeList item = new AttributeList();
        putUid(item, TagFromName.ReferencedSOPClassUID, SOPClass.CTImageStorage);
        putUid(item, TagFromName.ReferencedSOPInstanceUID, "1.2.3.4");
        referenced.addItem(item);
        slice.put(referenced);
        for (String syntax : List.of(TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.ExplicitVRBigEndian)) {
            store(spool, encode(slice, syntax), SOPClass.CTImageStorage, phantom.sopInstanceUid(0), syntax);
        }
        // Sequences of undefined length nested far deeper than any real data set.
        StringBuilder nested = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            nested.append("08004011" + "53510000" + "ffffffff" + "feff00e0" + "ffffffff");
        }
        AttributeList uids = new AttributeList();
        putUid(uids, TagFromName.SOPClassUID, SOPClass.CTImageStorage);
        putUid(uids, TagFromName.SOPInstanceUID, "1.2.3");
        byte[] deep = concat(encode(uids, TransferSyntax.ExplicitVRLittleEndian), HexFormat.of().parseHex(nested.toString()));
        RejectedInstanceException e = assertThrows(RejectedInstanceException.class,
                () -> store(spool, deep, SOPClass.CTImageStorage, "1.2.3", TransferSyntax.ExplicitVRLittleEndian));
        assertTrue(e.getMessage().contains("nested more than"), e.getMessage());
    }

    @Test
    void dataSetsWithoutPixelDataPassTheCheck() throws Exception {
        Spool spool = Spool.open(temp.resolve("spool"));
        AttributeList header = phantom.sliceAttributes(0);
        header.remove(TagFromName.PixelData);
        store(spool, encode(header, TransferSyntax.ExplicitVRLittleEndian), SOPClass.CTImageStorage, phantom.sopInstanceUid(0),
                TransferSyntax.ExplicitVRLittleEndian);
        assertEquals(1, filesUnder(spool.root().resolve("series")).size());
    }

    private static void putInteger(AttributeList list, Attribute attribute, String value) throws DicomException {
        attribute.addValue(value);
        list.put(attribute);
    }
}
