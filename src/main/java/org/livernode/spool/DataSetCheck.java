package org.livernode.spool;

import com.google.common.io.ByteStreams;
import com.google.common.io.CountingInputStream;
import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.livernode.dicom.LogSafe;
import org.livernode.spool.DataSetStructure.Layout;
import org.livernode.spool.DataSetStructure.Malformed;
import org.livernode.spool.RejectedInstanceException.Reason;

/**
 * Checks that a received data set is whole and that its pixel data is all there, in two steps around PixelMed's
 * parse of the header. A sender that stops early (a crash on its side, a file it could not read in full, a bug)
 * can still end its P-DATA stream properly, and the header alone does not show it.
 *
 * <ol>
 *   <li>Before PixelMed reads anything, {@link #structure} walks every element ({@link DataSetStructure}): lengths
 *       must fit, encapsulated pixel data must reach its delimiter, and a deflated data set must inflate, to at
 *       most {@value #MAX_INFLATION_RATIO} times its size (a small deflate stream can inflate to gigabytes).</li>
 *   <li>With the header parsed, {@link #pixelData}: native pixel data (deflated or not) must be as long as Rows x
 *       Columns x SamplesPerPixel x NumberOfFrames x BitsAllocated says; encapsulated pixel data must decode.</li>
 * </ol>
 * For native pixel data only element headers are read, so the check costs little whatever the size of the image.
 * Decoding costs more, but the node prefers uncompressed syntaxes, so it is paid only for senders that offer
 * nothing else. Images that would decode to more than {@link #MAX_DECODED_CHECK} bytes are not decoded here (a
 * forged header must not make the receiver allocate gigabytes): they are refused when their size is beyond what
 * their compressed bytes can hold, else decoded when processed.
 */
final class DataSetCheck {
    /** 4096 x 4096 at 16 bits: more than any single CT frame. */
    static final long MAX_DECODED_CHECK = 32L << 20;
    /**
     * RLE cannot shrink data more than 64-fold (two bytes per run of 128) nor lossless JPEG more than 16-fold (a
     * bit per 16-bit sample); lossy JPEG 2000 can, but not for an image worth sending for segmentation.
     */
    static final int MAX_COMPRESSION_RATIO = 64;
    /** Deflate on CT reaches a few times; beyond this a data set is a deflate bomb, not an image. */
    static final int MAX_INFLATION_RATIO = 64;
    /** What a small deflated data set (a header, an object without pixels) may inflate to whatever its size. */
    static final long INFLATION_ALLOWANCE = 64L << 20;

    /** What is wrong with the data set, and how the spool files that. */
    record Problem(Reason reason, String message) {}

    private DataSetCheck() {}

    /** Step 1: the structure of the data set that starts at {@code dataSetOffset} in the file, inflated if deflated. */
    static Layout structure(Path file, long dataSetOffset, String transferSyntaxUid) throws Malformed, IOException {
        TransferSyntax syntax = new TransferSyntax(transferSyntaxUid);
        long size = Files.size(file) - dataSetOffset;
        try (InputStream raw = Files.newInputStream(file)) {
            raw.skipNBytes(dataSetOffset);
            if (!syntax.isDeflated()) {
                return DataSetStructure.walk(new BufferedInputStream(raw, 64 * 1024), size, syntax);
            }
            long limit = Math.max(INFLATION_ALLOWANCE, size * MAX_INFLATION_RATIO);
            Inflater inflater = new Inflater(true);
            CountingInputStream inflated = new CountingInputStream(new InflaterInputStream(new BufferedInputStream(raw, 64 * 1024), inflater));
            try {
                return DataSetStructure.walk(new BufferedInputStream(ByteStreams.limit(inflated, limit + 1), 64 * 1024), Long.MAX_VALUE, syntax);
            } catch (Malformed e) {
                if (inflated.getCount() > limit) {
                    throw new Malformed(Reason.UNREADABLE, "deflated data set inflates to more than " + MAX_INFLATION_RATIO
                            + " times its " + size + " bytes");
                }
                throw e;
            } catch (EOFException e) {
                throw new Malformed(Reason.TRUNCATED, "the deflated data set ends before its deflate stream does");
            } catch (ZipException e) {
                throw new Malformed(Reason.UNREADABLE, "deflated data set does not inflate: " + LogSafe.parseFailure(e));
            } finally {
                inflater.end();
            }
        }
    }

    /** Step 2, with the header PixelMed parsed (up to the pixel data). */
    static Optional<Problem> pixelData(Path file, Layout layout, String transferSyntaxUid, AttributeList header) {
        OptionalLong expected = expectedNativeLength(header);
        if (layout.encapsulatedPixelData()) {
            return encapsulated(file, layout.encapsulatedBytes(), expected);
        }
        if (layout.nativePixelDataLength().isEmpty() || new TransferSyntax(transferSyntaxUid).isEncapsulated() || expected.isEmpty()) {
            return Optional.empty();
        }
        long length = layout.nativePixelDataLength().getAsLong();
        if (length < expected.getAsLong()) {
            return Optional.of(new Problem(Reason.PIXEL_DATA_TOO_SHORT, "PixelData holds " + length + " bytes, but Rows x Columns"
                    + " x SamplesPerPixel x NumberOfFrames x BitsAllocated need " + expected.getAsLong()));
        }
        return Optional.empty();
    }

    /**
     * Encapsulated pixel data of {@code encoded} bytes that should decode to {@code decoded}: decoded here when
     * small, refused when no codec we accept could reach the ratio (a forged Rows or Columns), else left to processing.
     */
    private static Optional<Problem> encapsulated(Path file, long encoded, OptionalLong decoded) {
        if (decoded.isEmpty()) {
            return Optional.of(new Problem(Reason.UNREADABLE, "encapsulated pixel data without usable Rows, Columns and BitsAllocated"
                    + " cannot be decoded"));
        }
        long size = decoded.getAsLong();
        if (size <= MAX_DECODED_CHECK) {
            return decodes(file, size);
        }
        if (size >= Integer.MAX_VALUE || size / MAX_COMPRESSION_RATIO > encoded) {
            return Optional.of(new Problem(Reason.UNREADABLE, "Rows x Columns x SamplesPerPixel x NumberOfFrames x BitsAllocated claim "
                    + size + " bytes from " + encoded + " bytes of encapsulated pixel data"));
        }
        return Optional.empty();
    }

    /**
     * Reads the whole data set with PixelMed, which decodes its pixel data. PixelMed logs most decoding failures and
     * leaves the pixel data out rather than throwing, so the decoded pixel data must be there and as long as the
     * header says.
     */
    private static Optional<Problem> decodes(Path file, long decoded) {
        Attribute pixels;
        try {
            AttributeList list = new AttributeList();
            list.read(file.toFile());
            pixels = list.getPixelData();
        } catch (IOException | DicomException | RuntimeException e) {
            return Optional.of(new Problem(Reason.UNREADABLE, "pixel data cannot be decoded: " + LogSafe.parseFailure(e)));
        }
        if (pixels == null || pixels.getVL() < decoded) {
            return Optional.of(new Problem(Reason.UNREADABLE, "pixel data cannot be decoded to the " + decoded
                    + " bytes Rows x Columns x SamplesPerPixel x NumberOfFrames x BitsAllocated need"));
        }
        return Optional.empty();
    }

    /**
     * Rows x Columns x SamplesPerPixel x NumberOfFrames x BitsAllocated in bytes, rounded up; empty when the
     * header lacks one of them (NumberOfFrames defaults to 1, SamplesPerPixel to 1).
     */
    static OptionalLong expectedNativeLength(AttributeList header) {
        OptionalLong rows = positive(header, TagFromName.Rows, OptionalLong.empty());
        OptionalLong columns = positive(header, TagFromName.Columns, OptionalLong.empty());
        OptionalLong bits = positive(header, TagFromName.BitsAllocated, OptionalLong.empty());
        OptionalLong samples = positive(header, TagFromName.SamplesPerPixel, OptionalLong.of(1));
        OptionalLong frames = positive(header, TagFromName.NumberOfFrames, OptionalLong.of(1));
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

    /** The first value of an integer attribute when positive; {@code absent} when the attribute is not there or empty. */
    private static OptionalLong positive(AttributeList header, AttributeTag tag, OptionalLong absent) {
        Attribute a = header.get(tag);
        if (a == null || a.getVM() == 0) {
            return absent;
        }
        try {
            long value = a.getLongValues()[0];
            return value > 0 ? OptionalLong.of(value) : OptionalLong.empty();
        } catch (DicomException | RuntimeException e) {
            // A value that is not a number (IS holding text) leaves the length unknown.
            return OptionalLong.empty();
        }
    }
}
