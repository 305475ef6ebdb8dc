package org.livernode.pipeline;

import static org.livernode.dicom.AttributeLists.put;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.livernode.dicom.DerivedUid;
import org.livernode.inference.InferenceException;
import org.livernode.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a small synthetic series through the whole processing path (decoding, pre-processing, inference,
 * post-processing, SEG and RTSTRUCT encoding) before the node accepts associations. The JIT compiles the hot
 * loops here rather than while the first patient's series waits, and it does not compete with the model for
 * the CPU then: on two cores the first series after startup otherwise takes twice as long as later ones.
 */
final class WarmUp {
    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);
    private static final int SLICES = 32;
    private static final int MATRIX = 512;

    private WarmUp() {}

    static void run(SeriesProcessor processor) throws IOException, InferenceException {
        long start = System.nanoTime();
        Path folder = Files.createTempDirectory("livernode-warm-up");
        try {
            List<Path> files = write(folder.resolve("ct"));
            processor.process(files, folder.resolve("out"));
        } catch (VolumeException e) {
            throw new IllegalStateException("the synthetic warm-up series cannot be assembled: " + e.getMessage(), e);
        } finally {
            MoreFiles.deleteRecursively(folder, RecursiveDeleteOption.ALLOW_INSECURE);
        }
        log.info("Processing path warmed up with a synthetic {}-slice series in {} ms", SLICES, (System.nanoTime() - start) / 1_000_000);
    }

    /** An abdomen-like cross-section: air, a body of 20 HU, an organ of 100 HU, on slices 1 mm apart. */
    private static List<Path> write(Path folder) throws IOException {
        Files.createDirectories(folder);
        String series = DerivedUid.of(List.of("livernode warm-up series"));
        short[] pixels = new short[MATRIX * MATRIX];
        for (int r = 0; r < MATRIX; r++) {
            for (int c = 0; c < MATRIX; c++) {
                double x = (c - MATRIX / 2.0) / (MATRIX / 2.0), y = (r - MATRIX / 2.0) / (MATRIX / 2.0);
                double organ = (x + 0.3) * (x + 0.3) / 0.09 + y * y / 0.06;
                pixels[r * MATRIX + c] = (short) (x * x + y * y > 0.8 ? -1000 : organ < 1 ? 100 : 20);
            }
        }
        List<Path> files = new ArrayList<>();
        try {
            for (int z = 0; z < SLICES; z++) {
                AttributeList list = new AttributeList();
                put(list, TagFromName.SOPClassUID, SOPClass.CTImageStorage);
                put(list, TagFromName.SOPInstanceUID, series + "." + (z + 1));
                put(list, TagFromName.StudyInstanceUID, series + ".0");
                put(list, TagFromName.SeriesInstanceUID, series);
                put(list, TagFromName.FrameOfReferenceUID, series + ".1");
                put(list, TagFromName.Modality, "CT");
                put(list, TagFromName.ImagePositionPatient, "-175", "-175", Integer.toString(z));
                put(list, TagFromName.ImageOrientationPatient, "1", "0", "0", "0", "1", "0");
                put(list, TagFromName.PixelSpacing, "0.68", "0.68");
                put(list, TagFromName.Rows, Integer.toString(MATRIX));
                put(list, TagFromName.Columns, Integer.toString(MATRIX));
                put(list, TagFromName.BitsAllocated, "16");
                put(list, TagFromName.BitsStored, "16");
                put(list, TagFromName.HighBit, "15");
                put(list, TagFromName.PixelRepresentation, "1");
                put(list, TagFromName.SamplesPerPixel, "1");
                put(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
                OtherWordAttribute pixelData = new OtherWordAttribute(TagFromName.PixelData);
                pixelData.setValues(pixels);
                list.put(pixelData);
                FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "LIVERNODE");
                Path file = folder.resolve(z + ".dcm");
                list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
                files.add(file);
            }
        } catch (DicomException e) {
            throw new IOException("cannot write the synthetic warm-up series: " + e.getMessage(), e);
        }
        return files;
    }
}
