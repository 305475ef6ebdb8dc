package org.livernode.volume;

import java.nio.file.Path;
import org.livernode.dicom.DicomReadException;
import org.livernode.dicom.InstanceHeader;
import org.livernode.dicom.LogSafe;
import org.livernode.dicom.StoredPixels;
import org.livernode.dicom.Tag;

/**
 * Converts a slice's stored pixels ({@link StoredPixels} decodes them, compressed ones too) to Hounsfield units:
 * only the low BitsStored bits count (the rest may hold overlays), sign-extended when PixelRepresentation is 1,
 * then RescaleSlope and RescaleIntercept, rounded and clamped to the short range. MONOCHROME1 only inverts the
 * display, not the rescale, so it needs nothing here.
 */
public final class PixelReader {
    private PixelReader() {}

    /** Checks, from the header alone, that the pixels are of a kind this reader converts. */
    static void checkPixelModule(InstanceHeader header, String sop) throws VolumeException {
        int samples = header.intOr(Tag.SamplesPerPixel, 1);
        if (samples != 1) {
            throw VolumeException.invalid("instance " + sop + " has " + samples + " samples per pixel; CT needs 1");
        }
        int bitsAllocated = header.intOr(Tag.BitsAllocated, 16);
        int bitsStored = header.intOr(Tag.BitsStored, bitsAllocated);
        if (bitsStored < 1 || bitsStored > bitsAllocated || (bitsAllocated != 8 && bitsAllocated != 16)) {
            throw VolumeException.invalid("instance " + sop + " has BitsAllocated " + bitsAllocated + " and BitsStored "
                    + bitsStored + "; supported are 8 or 16 bits allocated");
        }
    }

    /** The slice's pixels in HU, row by row. */
    public static short[] hounsfieldUnits(CtSlice slice) throws VolumeException {
        return hounsfieldUnits(slice.file(), slice.sopInstanceUid(), slice.geometry().rows() * slice.geometry().columns());
    }

    /** The pixels of the image in {@code file}, which must hold {@code pixels} of them, in HU, row by row. */
    public static short[] hounsfieldUnits(Path file, String sopInstanceUid, int pixels) throws VolumeException {
        String sop = LogSafe.uid(sopInstanceUid);
        StoredPixels stored;
        try {
            stored = StoredPixels.read(file);
        } catch (DicomReadException e) {
            throw VolumeException.invalid("instance " + sop + " cannot be read: " + e.parseFailure());
        }
        InstanceHeader header = stored.header();
        checkPixelModule(header, sop);
        int bitsAllocated = header.intOr(Tag.BitsAllocated, 16);
        int[] values;
        try {
            values = stored.values(bitsAllocated)
                    .orElseThrow(() -> VolumeException.invalid("instance " + sop + " has no PixelData"));
        } catch (DicomReadException e) {
            throw VolumeException.invalid("instance " + sop + " pixel data cannot be decoded: " + e.parseFailure());
        }
        requireLength(sop, values.length, pixels);
        return hounsfieldUnits(values, pixels, header.intOr(Tag.BitsStored, bitsAllocated),
                header.intOr(Tag.PixelRepresentation, 0) == 1,
                header.doubleOr(Tag.RescaleSlope, 1), header.doubleOr(Tag.RescaleIntercept, 0));
    }

    /** The first {@code pixels} stored values in HU. */
    static short[] hounsfieldUnits(int[] stored, int pixels, int bitsStored, boolean signed, double slope, double intercept) {
        short[] hu = new short[pixels];
        int mask = (1 << bitsStored) - 1;
        // Shifting the value's sign bit to bit 31 and back extends it.
        int extend = signed ? 32 - bitsStored : 0;
        if (slope == 1 && intercept == Math.rint(intercept) && Math.abs(intercept) < 1 << 20) {
            // CT stores HU with slope 1 and a whole intercept (-1024, 0): adding an int gives what rounding would,
            // several times faster than rounding a double per pixel, which was most of decoding a slice.
            int shift = (int) intercept;
            for (int i = 0; i < pixels; i++) {
                int v = (stored[i] & mask) << extend >> extend;
                hu[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v + shift));
            }
            return hu;
        }
        for (int i = 0; i < pixels; i++) {
            int v = (stored[i] & mask) << extend >> extend;
            long rounded = Math.round(v * slope + intercept);
            hu[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, rounded));
        }
        return hu;
    }

    private static void requireLength(String sop, int actual, int expected) throws VolumeException {
        if (actual < expected) {
            throw VolumeException.invalid("instance " + sop + " has " + actual + " pixel values, expected " + expected);
        }
    }
}
