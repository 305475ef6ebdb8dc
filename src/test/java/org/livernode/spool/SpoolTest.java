package org.livernode.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.livernode.testing.DataSetBytes.concat;
import static org.livernode.testing.DataSetBytes.encode;
import static org.livernode.testing.DataSetBytes.putUid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
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

    // ---------------------------------------------------------------- structure and pixel data

    private RejectedInstanceException rejectedBytes(Spool spool, byte[] dataSet, String transferSyntax) {
        return assertThrows(RejectedInstanceException.class,
                () -> store(spool, dataSet, SOPClass.CTImageStorage, phantom.sopInstanceUid(0), transferSyntax));
    }

    @Test
    void whatTheDataSetChecksFindIsSetAsideWithItsReason() throws Exception {
        Spool spool = Spool.open(temp.resolve("spool"));
        String syntax = TransferSyntax.ExplicitVRLittleEndian;
        byte[] whole = encode(phantom.sliceAttributes(0), syntax);
        RejectedInstanceException cut = rejectedBytes(spool, Arrays.copyOf(whole, whole.length - 1000), syntax);
        assertEquals(Reason.TRUNCATED, cut.reason());
        assertTrue(cut.getMessage().startsWith("the data set ends inside its pixel data: 7192 of the 8192 bytes"), cut.getMessage());

        AttributeList halfPixels = phantom.sliceAttributes(0);
        OtherWordAttribute half = new OtherWordAttribute(TagFromName.PixelData);
        half.setValues(new short[64 * 32]);
        halfPixels.put(half);
        assertEquals(Reason.PIXEL_DATA_TOO_SHORT, rejectedBytes(spool, encode(halfPixels, syntax), syntax).reason());

        AttributeList uids = new AttributeList();
        putUid(uids, TagFromName.SOPClassUID, SOPClass.CTImageStorage);
        putUid(uids, TagFromName.SOPInstanceUID, phantom.sopInstanceUid(0));
        // (0008,1140) SQ of undefined length whose first "item" is zeros: the structure walk stops there.
        byte[] brokenSequence = concat(encode(uids, syntax), HexFormat.of().parseHex("08004011" + "53510000" + "ffffffff" + "0000000000000000"));
        RejectedInstanceException malformed = rejectedBytes(spool, brokenSequence, syntax);
        assertEquals(Reason.UNREADABLE, malformed.reason());
        assertTrue(malformed.getMessage().startsWith("malformed data set: a sequence holds (0000,0000) where an item belongs; kept as "
                + spool.root().resolve("failed")), malformed.getMessage());

        assertEquals(3, filesUnder(spool.root().resolve("failed")).size());
        assertEquals(List.of(), filesUnder(spool.root().resolve("series")));
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
}
