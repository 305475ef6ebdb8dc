package org.livernode.volume;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import org.livernode.dicom.InstanceHeader;
import org.livernode.dicom.LogSafe;
import org.livernode.dicom.Tag;

/**
 * Decodes a slice's pixels (compressed ones too) and converts them to Hounsfield units: only the low
 * BitsStored bits count (the rest may hold overlays), sign-extended when PixelRepresentation is 1, then
 * RescaleSlope and RescaleIntercept, rounded and clamped to the short range. MONOCHROME1 only inverts the
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
        String sop = LogSafe.uid(slice.sopInstanceUid());
        AttributeList list = new AttributeList();
        try {
            list.read(slice.file().toFile());
        } catch (IOException | DicomException | RuntimeException e) {
            throw VolumeException.invalid("instance " + sop + " cannot be read: " + LogSafe.parseFailure(e));
        }
        checkPixelModule(InstanceHeader.of(list), sop);
        int pixels = slice.geometry().rows() * slice.geometry().columns();
        int bitsAllocated = HeaderValues.intOr(list, TagFromName.BitsAllocated, 16);
        int bitsStored = HeaderValues.intOr(list, TagFromName.BitsStored, bitsAllocated);
        boolean signed = HeaderValues.intOr(list, TagFromName.PixelRepresentation, 0) == 1;
        double slope = HeaderValues.doubleOr(list, TagFromName.RescaleSlope, 1);
        double intercept = HeaderValues.doubleOr(list, TagFromName.RescaleIntercept, 0);
        Attribute pixelData = list.getPixelData();
        if (pixelData == null) {
            throw VolumeException.invalid("instance " + sop + " has no PixelData");
        }
        int[] raw = new int[pixels];
        try {
            if (bitsAllocated == 16) {
                short[] values = pixelData.getShortValues();
                requireLength(sop, values == null ? 0 : values.length, pixels);
                for (int i = 0; i < pixels; i++) {
                    raw[i] = values[i] & 0xffff;
                }
            } else {
                byte[] values = pixelData.getByteValues();
                requireLength(sop, values == null ? 0 : values.length, pixels);
                for (int i = 0; i < pixels; i++) {
                    raw[i] = values[i] & 0xff;
                }
            }
        } catch (DicomException e) {
            throw VolumeException.invalid("instance " + sop + " pixel data cannot be decoded: " + LogSafe.parseFailure(e));
        }
        short[] hu = new short[pixels];
        int mask = (1 << bitsStored) - 1;
        int signBit = 1 << (bitsStored - 1);
        for (int i = 0; i < pixels; i++) {
            int v = raw[i] & mask;
            if (signed && (v & signBit) != 0) {
                v -= 1 << bitsStored;
            }
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
