package org.livernode.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.livernode.dicom.DerivedUid;
import org.livernode.dicom.Tag;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.ExternalProgram;

class VolumeAssemblerTest {

    @TempDir
    Path dir;

    private final VolumeAssembler assembler = new VolumeAssembler();

    /** Every voxel of the volume must hold the phantom's HU at that voxel's patient position. */
    private static void assertMatchesPhantom(CtVolume volume) throws VolumeException {
        for (CtSlice slice : volume.slices()) {
            SliceGeometry g = slice.geometry();
            short[] hu = PixelReader.hounsfieldUnits(slice);
            for (int r = 0; r < g.rows(); r++) {
                for (int c = 0; c < g.columns(); c++) {
                    short expected = CtPhantom.huAt(g.patientPoint(r, c));
                    assertEquals(expected, hu[r * g.columns() + c], "HU at slice " + slice.sopInstanceUid() + " r" + r + " c" + c);
                }
            }
        }
    }

    private static void assertAscendingAlongNormal(CtVolume volume) {
        Vec3 normal = volume.slices().get(0).geometry().normal();
        for (int i = 1; i < volume.depth(); i++) {
            assertTrue(volume.slices().get(i).geometry().distanceAlong(normal) > volume.slices().get(i - 1).geometry().distanceAlong(normal));
        }
    }

    @Test
    void sortsSlicesGivenInRandomOrderByPositionAlongTheNormal() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(12);
        List<Path> files = new ArrayList<>(phantom.write(dir));
        Collections.shuffle(files, new Random(7));
        CtVolume volume = assembler.assemble(files);
        assertEquals(12, volume.depth());
        for (int i = 0; i < 12; i++) {
            assertEquals(phantom.sopInstanceUid(i), volume.slices().get(i).sopInstanceUid());
        }
        assertAscendingAlongNormal(volume);
        assertMatchesPhantom(volume);
        assertEquals(phantom.seriesInstanceUid(), volume.seriesInstanceUid());
        assertEquals(phantom.seriesInstanceUid() + ".0", volume.frameOfReferenceUid());
        assertFalse(volume.frameOfReferenceDerived());
        assertTrue(volume.header().element(Tag.PixelData).isEmpty(), "the kept header carries no pixels");
    }

    @Test
    void feetFirstAndProneOrientationsKeepPatientCoordinates() throws Exception {
        List<Vec3[]> orientations = List.of(
                new Vec3[] {new Vec3(1, 0, 0), new Vec3(0, -1, 0)},
                new Vec3[] {new Vec3(-1, 0, 0), new Vec3(0, 1, 0)},
                new Vec3[] {new Vec3(-1, 0, 0), new Vec3(0, -1, 0)});
        int n = 0;
        for (Vec3[] o : orientations) {
            CtPhantom phantom = new CtPhantom().slices(8).orientation(o[0], o[1]);
            CtVolume volume = assembler.assemble(phantom.write(dir.resolve("o" + n++)));
            assertEquals(8, volume.depth());
            assertAscendingAlongNormal(volume);
            assertMatchesPhantom(volume);
        }
    }

    @Test
    void gantryTiltedSeriesAssemblesWithEachSliceInItsOwnPlane() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(10).gantryTilt(15);
        CtVolume volume = assembler.assemble(phantom.write(dir));
        assertEquals(10, volume.depth());
        assertAscendingAlongNormal(volume);
        assertMatchesPhantom(volume);
        Vec3 first = volume.slices().get(0).geometry().position(), last = volume.slices().get(9).geometry().position();
        assertEquals(0, last.minus(first).x(), 1e-9);
        assertEquals(0, last.minus(first).y(), 1e-9, "positions advance along z only, the planes are tilted");
    }

    @Test
    void missingFrameOfReferenceGetsADeterministicDerivedUid() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(4).withoutFrameOfReference();
        List<Path> files = phantom.write(dir);
        CtVolume first = assembler.assemble(files);
        CtVolume again = assembler.assemble(files);
        assertTrue(first.frameOfReferenceDerived());
        assertTrue(first.frameOfReferenceUid().startsWith("2.25."));
        assertEquals(first.frameOfReferenceUid(), again.frameOfReferenceUid());
    }

    @Test
    void rescaleSlopeUnsignedAnd12BitStorageGiveTheSameHu() throws Exception {
        CtVolume unsigned = assembler.assemble(new CtPhantom().slices(3).storage(12, false, 1, -1024).write(dir.resolve("u")));
        assertMatchesPhantom(unsigned);
        CtVolume scaled = assembler.assemble(new CtPhantom().slices(3).storage(16, true, 0.5, -200).write(dir.resolve("s")));
        assertMatchesPhantom(scaled);
    }

    @Test
    void bitsAboveBitsStoredAreIgnored() throws Exception {
        // 12-bit unsigned values with garbage in the top nibble (overlay bits in old files).
        CtPhantom phantom = new CtPhantom().slices(2).storage(12, false, 1, -1024);
        List<Path> files = phantom.write(dir);
        for (Path f : files) {
            AttributeList list = new AttributeList();
            list.read(f.toFile());
            short[] pixels = list.getPixelData().getShortValues().clone();
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (short) (pixels[i] | 0xF000);
            }
            ((com.pixelmed.dicom.OtherWordAttribute) list.getPixelData()).setValues(pixels);
            list.write(f.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        }
        assertMatchesPhantom(assembler.assemble(files));
    }

    @Test
    void jpegLosslessAndRleFilesDecodeToTheSameHu() throws Exception {
        List<Path> plain = new CtPhantom().slices(3).write(dir.resolve("plain"));
        String dcmcjpeg = ExternalProgram.require("dcmcjpeg", "dcmtk");
        String dcmcrle = ExternalProgram.require("dcmcrle", "dcmtk");
        List<Path> jpeg14 = convert(plain, List.of(dcmcjpeg, "+el"), "jpeg14");
        List<Path> jpegSv1 = convert(plain, List.of(dcmcjpeg, "+e1"), "jpegsv1");
        List<Path> rle = convert(plain, List.of(dcmcrle), "rle");
        assertEquals(TransferSyntax.JPEGLossless, FileMetaInformationReader.transferSyntax(jpeg14.get(0)));
        assertEquals(TransferSyntax.JPEGLosslessSV1, FileMetaInformationReader.transferSyntax(jpegSv1.get(0)));
        assertEquals(TransferSyntax.RLE, FileMetaInformationReader.transferSyntax(rle.get(0)));
        assertMatchesPhantom(assembler.assemble(jpeg14));
        assertMatchesPhantom(assembler.assemble(jpegSv1));
        assertMatchesPhantom(assembler.assemble(rle));
    }

    private List<Path> convert(List<Path> files, List<String> command, String folder) throws Exception {
        Path out = Files.createDirectories(dir.resolve(folder));
        List<Path> converted = new ArrayList<>();
        for (Path p : files) {
            Path target = out.resolve(p.getFileName());
            List<String> args = new ArrayList<>(command);
            args.add(p.toString());
            args.add(target.toString());
            ExternalProgram.Result result = ExternalProgram.run(args, 60);
            assertTrue(result.succeeded(), result.output());
            converted.add(target);
        }
        return converted;
    }

    @Test
    void jpeg2000FilesDecodeToTheSameHu() throws Exception {
        List<Path> files = new CtPhantom().slices(3).transferSyntax(TransferSyntax.JPEG2000Lossless).write(dir);
        assertEquals(TransferSyntax.JPEG2000Lossless, FileMetaInformationReader.transferSyntax(files.get(0)));
        assertMatchesPhantom(assembler.assemble(files));
    }

    @Test
    void coronalSeriesIsNotApplicable() throws Exception {
        CtPhantom coronal = new CtPhantom().slices(4).orientation(new Vec3(1, 0, 0), new Vec3(0, 0, -1));
        VolumeException e = assertThrows(VolumeException.class, () -> assembler.assemble(coronal.write(dir)));
        assertTrue(e.notApplicable());
        assertTrue(e.getMessage().contains("not axial"), e.getMessage());
    }

    @Test
    void localizersAreSkippedAndALocalizerOnlySeriesIsNotApplicable() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(5);
        List<Path> files = phantom.write(dir);
        markAsLocalizer(files.get(2));
        CtVolume volume = assembler.assemble(files);
        assertEquals(4, volume.depth());
        assertFalse(volume.slices().stream().anyMatch(s -> s.sopInstanceUid().equals(phantom.sopInstanceUid(2))));
        for (Path f : files) {
            markAsLocalizer(f);
        }
        VolumeException e = assertThrows(VolumeException.class, () -> assembler.assemble(files));
        assertTrue(e.notApplicable(), e.getMessage());
    }

    @Test
    void nonCtIsNotApplicable() throws Exception {
        List<Path> files = new CtPhantom().slices(2).write(dir);
        rewrite(files.get(0), list -> {
            replace(list, new UniqueIdentifierAttribute(TagFromName.SOPClassUID), SOPClass.MRImageStorage);
            replace(list, new CodeStringAttribute(TagFromName.Modality), "MR");
        });
        VolumeException e = assertThrows(VolumeException.class, () -> assembler.assemble(files));
        assertTrue(e.notApplicable());
        assertTrue(e.getMessage().contains("modality MR"), e.getMessage());
    }

    @Test
    void brokenSeriesAreInvalidWithTheReasonNamed() throws Exception {
        Path single = dir.resolve("single");
        VolumeException one = assertThrows(VolumeException.class, () -> assembler.assemble(new CtPhantom().slices(1).write(single)));
        assertFalse(one.notApplicable());
        assertTrue(one.getMessage().contains("only one slice"), one.getMessage());

        String series = "1.2.826.0.1.3680043.10.1078.9.1";
        List<Path> mixedSizes = new ArrayList<>(new CtPhantom().slices(2).seriesInstanceUid(series).write(dir.resolve("a")));
        mixedSizes.addAll(new CtPhantom().slices(3).matrix(32, 32).seriesInstanceUid(series + ".9").write(dir.resolve("b")));
        rewrite(mixedSizes.get(2), list -> replace(list, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), series));
        VolumeException sizes = assertThrows(VolumeException.class, () -> assembler.assemble(
                List.of(mixedSizes.get(0), mixedSizes.get(1), mixedSizes.get(2))));
        assertTrue(sizes.getMessage().contains("different sizes"), sizes.getMessage());

        List<Path> mixedOrientation = new ArrayList<>(new CtPhantom().slices(2).seriesInstanceUid(series).write(dir.resolve("c")));
        mixedOrientation.addAll(new CtPhantom().slices(2).seriesInstanceUid(series)
                .orientation(new Vec3(-1, 0, 0), new Vec3(0, 1, 0)).write(dir.resolve("d")));
        VolumeException orientation = assertThrows(VolumeException.class, () -> assembler.assemble(mixedOrientation));
        assertTrue(orientation.getMessage().contains("mixed orientations"), orientation.getMessage());

        List<Path> noPosition = new CtPhantom().slices(2).write(dir.resolve("e"));
        rewrite(noPosition.get(1), list -> list.remove(TagFromName.ImagePositionPatient));
        VolumeException geometry = assertThrows(VolumeException.class, () -> assembler.assemble(noPosition));
        assertTrue(geometry.getMessage().contains("ImagePositionPatient"), geometry.getMessage());

        List<Path> duplicate = new CtPhantom().slices(2).write(dir.resolve("f"));
        Path copy = dir.resolve("f").resolve("copy.dcm");
        Files.copy(duplicate.get(0), copy);
        rewrite(copy, list -> replace(list, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), "1.2.3.4.5"));
        VolumeException dup = assertThrows(VolumeException.class, () -> assembler.assemble(List.of(duplicate.get(0), duplicate.get(1), copy)));
        assertTrue(dup.getMessage().contains("share the position"), dup.getMessage());
    }

    @Test
    void mixedSpacingsAndMissingPixelSpacingAreInvalid() throws Exception {
        String series = "1.2.826.0.1.3680043.10.1078.9.2";
        List<Path> mixed = new ArrayList<>(new CtPhantom().slices(2).seriesInstanceUid(series).write(dir.resolve("a")));
        mixed.addAll(new CtPhantom().slices(2).sliceSpacing(7).pixelSpacing(3).seriesInstanceUid(series).write(dir.resolve("b")));
        VolumeException spacing = assertThrows(VolumeException.class, () -> assembler.assemble(mixed));
        assertTrue(spacing.getMessage().contains("different pixel spacings"), spacing.getMessage());

        List<Path> noSpacing = new CtPhantom().slices(2).write(dir.resolve("c"));
        rewrite(noSpacing.get(0), list -> list.remove(TagFromName.PixelSpacing));
        VolumeException missing = assertThrows(VolumeException.class, () -> assembler.assemble(noSpacing));
        assertFalse(missing.notApplicable());
        assertTrue(missing.getMessage().contains("PixelSpacing"), missing.getMessage());
    }

    @Test
    void monochrome1OnlyChangesTheDisplayNotTheHounsfieldUnits() throws Exception {
        List<Path> files = new CtPhantom().slices(3).write(dir);
        for (Path f : files) {
            rewrite(f, list -> replace(list, new CodeStringAttribute(TagFromName.PhotometricInterpretation), "MONOCHROME1"));
        }
        assertMatchesPhantom(assembler.assemble(files));
    }

    @Test
    void unreadableFileIsInvalid() throws Exception {
        Path junk = dir.resolve("junk.dcm");
        Files.writeString(junk, "this is not DICOM");
        VolumeException e = assertThrows(VolumeException.class, () -> assembler.assemble(List.of(junk)));
        assertFalse(e.notApplicable());
        assertTrue(e.getMessage().contains("not a DICOM instance"), e.getMessage());
    }

    @Test
    void realIrcadbSeriesAssemblesIntoOneVolumeInInstanceOrder() throws Exception {
        Path folder = ExternalProgram.sharedData("ircadb-p1/dicom");
        List<Path> files;
        try (var stream = Files.list(folder)) {
            files = stream.sorted().toList();
        }
        CtVolume volume = assembler.assemble(files);
        assertEquals(129, volume.depth());
        assertEquals(512, volume.rows());
        assertTrue(volume.frameOfReferenceDerived(), "the IRCADb files carry no FrameOfReferenceUID");
        assertEquals(0.57, volume.slices().get(0).geometry().rowSpacing(), 1e-6);
        assertAscendingAlongNormal(volume);
    }

    static Stream<Arguments> testDataSeries() {
        return Stream.of(Arguments.of("ct-phantom-explicit", TransferSyntax.ExplicitVRLittleEndian),
                Arguments.of("ct-phantom-rle", TransferSyntax.RLE),
                Arguments.of("ct-phantom-deflated", TransferSyntax.DeflatedExplicitVRLittleEndian));
    }

    /** The sample series in test-data/ (scripts/make-test-data writes them, the README's first five minutes send one). */
    @ParameterizedTest
    @MethodSource("testDataSeries")
    void testDataSeriesAreWholePhantomSeries(String folder, String transferSyntax) throws Exception {
        List<Path> files;
        try (var stream = Files.list(Path.of("test-data", folder))) {
            files = stream.sorted().toList();
        }
        assertEquals(40, files.size());
        for (Path file : files) {
            assertEquals(transferSyntax, FileMetaInformationReader.transferSyntax(file), file.toString());
        }
        CtVolume volume = assembler.assemble(files);
        assertEquals(40, volume.depth());
        assertEquals(256, volume.rows());
        assertEquals(DerivedUid.of(List.of("livernode test-data", folder)), volume.seriesInstanceUid());
        assertAscendingAlongNormal(volume);
        assertMatchesPhantom(volume);
    }

    private interface Edit {
        void apply(AttributeList list) throws Exception;
    }

    private static void rewrite(Path file, Edit edit) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        edit.apply(list);
        list.removeGroupLengthAttributes();
        list.remove(TagFromName.FileMetaInformationGroupLength);
        FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "LIVERTEST");
        list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
    }

    private static void markAsLocalizer(Path file) throws Exception {
        rewrite(file, list -> replace(list, new CodeStringAttribute(TagFromName.ImageType), "ORIGINAL", "PRIMARY", "LOCALIZER"));
    }

    private static void replace(AttributeList list, com.pixelmed.dicom.Attribute attribute, String... values) throws Exception {
        for (String v : values) {
            attribute.addValue(v);
        }
        list.put(attribute);
    }

    /** The transfer syntax a file was written in, from its meta information header. */
    static final class FileMetaInformationReader {
        static String transferSyntax(Path file) throws Exception {
            AttributeList meta = new AttributeList();
            meta.readOnlyMetaInformationHeader(file.toFile());
            return com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(meta, TagFromName.TransferSyntaxUID);
        }
    }
}
