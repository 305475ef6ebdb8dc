package org.livernode.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.livernode.dicom.DataSetProblem.Kind;

/**
 * Checks that the pixel data of a received data set is all there, once its {@link DataSetStructure} is known and
 * its header parsed. A sender that stops early (a crash on its side, a file it could not read in full, a bug)
 * can still end its P-DATA stream properly, and the header alone does not show it. Native pixel data (deflated
 * or not) must be as long as Rows x Columns x SamplesPerPixel x NumberOfFrames x BitsAllocated says;
 * encapsulated pixel data must decode.
 *
 * <p>For native pixel data only element headers are read, so the check costs little whatever the size of the
 * image. Decoding costs more, but the node prefers uncompressed syntaxes, so it is paid only for senders that
 * offer nothing else. Images that would decode to more than {@link #MAX_DECODED_CHECK} bytes are not decoded here
 * (a forged header must not make the receiver allocate gigabytes): they are refused when their size is beyond
 * what their compressed bytes can hold, else decoded when processed.
 */
public final class PixelDataCheck {
    /** 4096 x 4096 at 16 bits: more than any single CT frame. */
    static final long MAX_DECODED_CHECK = 32L << 20;
    /**
     * RLE cannot shrink data more than 64-fold (two bytes per run of 128) nor lossless JPEG more than 16-fold (a
     * bit per 16-bit sample); lossy JPEG 2000 can, but not for an image worth sending for segmentation.
     */
    static final int MAX_COMPRESSION_RATIO = 64;

    private PixelDataCheck() {}

    /**
     * @param file the Part 10 file whose data set {@code layout} describes
     * @param header its header, read up to the pixel data
     * @return what is wrong with the pixel data; empty when nothing is
     */
    public static Optional<DataSetProblem> check(Path file, DataSetStructure.Layout layout, String transferSyntaxUid, InstanceHeader header) {
        OptionalLong expected = expectedNativeLength(header);
        if (layout.encapsulatedPixelData()) {
            return encapsulated(file, layout.encapsulatedBytes(), expected);
        }
        if (layout.nativePixelDataLength().isEmpty() || new TransferSyntax(transferSyntaxUid).isEncapsulated() || expected.isEmpty()) {
            return Optional.empty();
        }
        long length = layout.nativePixelDataLength().getAsLong();
        if (length < expected.getAsLong()) {
            return Optional.of(new DataSetProblem(Kind.PIXEL_DATA_TOO_SHORT, "PixelData holds " + length + " bytes, but Rows x Columns"
                    + " x SamplesPerPixel x NumberOfFrames x BitsAllocated need " + expected.getAsLong()));
        }
        return Optional.empty();
    }

    /**
     * Encapsulated pixel data of {@code encoded} bytes that should decode to {@code decoded}: decoded here when
     * small, refused when no codec we accept could reach the ratio (a forged Rows or Columns), else left to processing.
     */
    private static Optional<DataSetProblem> encapsulated(Path file, long encoded, OptionalLong decoded) {
        if (decoded.isEmpty()) {
            return Optional.of(new DataSetProblem(Kind.UNREADABLE, "encapsulated pixel data without usable Rows, Columns and BitsAllocated"
                    + " cannot be decoded"));
        }
        long size = decoded.getAsLong();
        if (size <= MAX_DECODED_CHECK) {
            return decodes(file, size);
        }
        if (size >= Integer.MAX_VALUE || size / MAX_COMPRESSION_RATIO > encoded) {
            return Optional.of(new DataSetProblem(Kind.UNREADABLE, "Rows x Columns x SamplesPerPixel x NumberOfFrames x BitsAllocated claim "
                    + size + " bytes from " + encoded + " bytes of encapsulated pixel data"));
        }
        return Optional.empty();
    }

    /**
     * Reads the whole data set with PixelMed, which decodes its pixel data. PixelMed logs most decoding failures and
     * leaves the pixel data out rather than throwing, so the decoded pixel data must be there and as long as the
     * header says.
     */
    private static Optional<DataSetProblem> decodes(Path file, long decoded) {
        Attribute pixels;
        try {
            AttributeList list = new AttributeList();
            list.read(file.toFile());
            pixels = list.getPixelData();
        } catch (IOException | DicomException | RuntimeException e) {
            return Optional.of(new DataSetProblem(Kind.UNREADABLE, "pixel data cannot be decoded: " + LogSafe.parseFailure(e)));
        }
        if (pixels == null || pixels.getVL() < decoded) {
            return Optional.of(new DataSetProblem(Kind.UNREADABLE, "pixel data cannot be decoded to the " + decoded
                    + " bytes Rows x Columns x SamplesPerPixel x NumberOfFrames x BitsAllocated need"));
        }
        return Optional.empty();
    }

    /**
     * Rows x Columns x SamplesPerPixel x NumberOfFrames x BitsAllocated in bytes, rounded up; empty when the
     * header lacks one of them (NumberOfFrames defaults to 1, SamplesPerPixel to 1).
     */
    static OptionalLong expectedNativeLength(InstanceHeader header) {
        OptionalLong rows = positive(header, Tag.Rows, OptionalLong.empty());
        OptionalLong columns = positive(header, Tag.Columns, OptionalLong.empty());
        OptionalLong bits = positive(header, Tag.BitsAllocated, OptionalLong.empty());
        OptionalLong samples = positive(header, Tag.SamplesPerPixel, OptionalLong.of(1));
        OptionalLong frames = positive(header, Tag.NumberOfFrames, OptionalLong.of(1));
        if (rows.isEmpty() || columns.isEmpty() || bits.isEmpty() || samples.isEmpty() || frames.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long totalBits = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(rows.getAsLong(), columns.getAsLong()),
                    Math.multiplyExact(samples.getAsLong(), frames.getAsLong())), bits.getAsLong());
            return OptionalLong.of((totalBits + 7) / 8);
        } catch (ArithmeticException e) {
            // More bits than a long counts: no data set can hold that many bytes.
            return OptionalLong.of(Long.MAX_VALUE);
        }
    }

    /** The first value of an integer element when positive; {@code absent} when the element is not there or empty. */
    private static OptionalLong positive(InstanceHeader header, Tag tag, OptionalLong absent) {
        List<String> values = header.strings(tag);
        if (values.isEmpty()) {
            return absent;
        }
        try {
            long value = Long.parseLong(values.get(0));
            return value > 0 ? OptionalLong.of(value) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            // A value that is not a number (IS holding text) leaves the length unknown.
            return OptionalLong.empty();
        }
    }
}
