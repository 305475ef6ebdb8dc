package org.livernode.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A single-frame image read whole: its header and the pixel values as stored, before BitsStored, sign and
 * rescale are applied. Compressed transfer syntaxes are decoded by PixelMed's codecs while the file is read.
 */
public final class StoredPixels {
    private final Path file;
    private final InstanceHeader header;
    /** Null when the file has no PixelData. */
    private final Attribute pixelData;

    private StoredPixels(Path file, InstanceHeader header, Attribute pixelData) {
        this.file = file;
        this.header = header;
        this.pixelData = pixelData;
    }

    /**
     * Reads the whole file, pixel data included. Its structure is walked first: a full parse allocates what each
     * element and fragment announces before it reads it, so a corrupted fragment length (1.4 GB in a 2 KB RLE data
     * set, found by InboundFuzzIT) cost seconds of allocating and zeroing before the parse failed. The walk bounds
     * every length by what the file holds, reading only element headers.
     */
    public static StoredPixels read(Path file) throws DicomReadException {
        AttributeList list = new AttributeList();
        try {
            if (hasFileMetaInformation(file)) {
                Part10Reader part10 = Part10Reader.open(file);
                DataSetStructure.read(file, part10.dataSetOffset(), part10.transferSyntaxUid());
            } else {
                DataSetStructure.read(file, 0, guessLittleEndianSyntax(file));
            }
            list.read(file.toFile());
        } catch (MalformedDataSetException | IOException | DicomException | RuntimeException e) {
            throw new DicomReadException(file, e);
        }
        return new StoredPixels(file, InstanceHeader.of(list), list.getPixelData());
    }

    /** A Part 10 file: 128 bytes of preamble, then "DICM" and the file meta information. */
    private static boolean hasFileMetaInformation(Path file) throws IOException {
        byte[] start = readStart(file, 132);
        return start.length == 132 && start[128] == 'D' && start[129] == 'I' && start[130] == 'C' && start[131] == 'M';
    }

    /**
     * A data set stored without file meta information (as on old media) says nothing of its encoding; PixelMed
     * guesses it, and so does the walk: explicit VR when the first element has two upper-case letters where its VR
     * would be.
     */
    private static String guessLittleEndianSyntax(Path file) throws IOException {
        byte[] start = readStart(file, 6);
        boolean explicit = start.length == 6 && Character.isUpperCase(start[4]) && Character.isUpperCase(start[5]);
        return explicit ? TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN : TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN;
    }

    private static byte[] readStart(Path file, int length) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(length);
        }
    }

    public InstanceHeader header() {
        return header;
    }

    /**
     * The stored values, row by row, each as the unsigned number of its {@code bitsAllocated} bits (8 or 16); empty
     * when the file has no PixelData. The caller checks that their count fits Rows and Columns.
     *
     * @throws DicomReadException when the pixel data cannot be decoded as values of that size
     */
    public Optional<int[]> values(int bitsAllocated) throws DicomReadException {
        if (bitsAllocated != 8 && bitsAllocated != 16) {
            throw new IllegalArgumentException("stored values are 8 or 16 bits, not " + bitsAllocated);
        }
        if (pixelData == null) {
            return Optional.empty();
        }
        try {
            if (bitsAllocated == 16) {
                short[] words = pixelData.getShortValues();
                int[] values = new int[words == null ? 0 : words.length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = words[i] & 0xffff;
                }
                return Optional.of(values);
            }
            byte[] bytes = pixelData.getByteValues();
            int[] values = new int[bytes == null ? 0 : bytes.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = bytes[i] & 0xff;
            }
            return Optional.of(values);
        } catch (DicomException e) {
            throw new DicomReadException(file, e);
        }
    }
}
