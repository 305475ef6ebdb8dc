package org.livernode.spool;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Optional;
import java.util.OptionalLong;
import org.livernode.spool.RejectedInstanceException.Reason;

/**
 * Checks that a received data set holds all of its pixel data. A sender that stops early (a crash on its side, a
 * file it could not read in full, a bug) can still end its P-DATA stream properly, and the header, which is all
 * the spool parses, does not show it.
 *
 * <ul>
 *   <li>Native (uncompressed) pixel data must be present in full, and as long as Rows x Columns x
 *       SamplesPerPixel x NumberOfFrames x BitsAllocated says (when the header has those).</li>
 *   <li>Encapsulated (compressed) pixel data must hold whole items up to its sequence delimiter; whether the
 *       compressed frames decode is for the volume assembler to find out.</li>
 *   <li>Deflated data sets are not checked here: their bytes on disk are compressed as a whole.</li>
 * </ul>
 * Only element headers are read, a few bytes each, so the check costs little whatever the size of the image.
 */
final class PixelDataCheck {
    private static final int ITEM = 0xFFFE_E000;
    private static final int SEQUENCE_DELIMITER = 0xFFFE_E0DD;
    private static final long UNDEFINED_LENGTH = 0xFFFF_FFFFL;

    /** What is wrong with the pixel data, and how the spool files that. */
    record Problem(Reason reason, String message) {}

    private PixelDataCheck() {}

    /**
     * @param afterPixelDataTag the file offset just past the top-level PixelData tag, as PixelMed's
     *     {@code AttributeList.read(file, TagFromName.PixelData)} returns it; when the data set has no pixel data,
     *     the bytes before this offset are not that tag and nothing is checked
     * @param header the data set's attributes before its pixel data
     */
    static Optional<Problem> check(FileChannel file, long afterPixelDataTag, String transferSyntaxUid, AttributeList header)
            throws IOException {
        TransferSyntax syntax = new TransferSyntax(transferSyntaxUid);
        if (syntax.isDeflated() || afterPixelDataTag < 4) {
            return Optional.empty();
        }
        ByteOrder order = syntax.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        long tagOffset = afterPixelDataTag - 4;
        ByteBuffer element = read(file, tagOffset, 12, order);
        if (element.remaining() < 8 || tag(element) != tagValue(TagFromName.PixelData)) {
            return Optional.empty();
        }
        long length;
        long valueOffset;
        if (syntax.isExplicitVR()) {
            String vr = "" + (char) element.get(4) + (char) element.get(5);
            if (!vr.equals("OB") && !vr.equals("OW") && !vr.equals("UN")) {
                return Optional.of(new Problem(Reason.UNREADABLE, "PixelData has VR " + vr.replaceAll("[^A-Z]", "?")
                        + " where OB or OW belongs"));
            }
            if (element.remaining() < 12) {
                return Optional.of(truncated("the PixelData element header is cut short"));
            }
            length = element.getInt(8) & 0xFFFF_FFFFL;
            valueOffset = tagOffset + 12;
        } else {
            length = element.getInt(4) & 0xFFFF_FFFFL;
            valueOffset = tagOffset + 8;
        }
        if (length == UNDEFINED_LENGTH) {
            return checkItems(file, valueOffset);
        }
        long present = file.size() - valueOffset;
        if (present < length) {
            return Optional.of(truncated("the data set ends inside its pixel data: " + present + " of the " + length
                    + " bytes its PixelData announces arrived"));
        }
        if (syntax.isEncapsulated()) {
            return Optional.empty();
        }
        OptionalLong expected = expectedNativeLength(header);
        if (expected.isPresent() && length < expected.getAsLong()) {
            return Optional.of(new Problem(Reason.PIXEL_DATA_TOO_SHORT, "PixelData holds " + length + " bytes, but Rows x Columns"
                    + " x SamplesPerPixel x NumberOfFrames x BitsAllocated need " + expected.getAsLong()));
        }
        return Optional.empty();
    }

    /** Encapsulated pixel data (PS3.5 A.4): items, each with a defined length, then a sequence delimiter. */
    private static Optional<Problem> checkItems(FileChannel file, long offset) throws IOException {
        long size = file.size();
        while (true) {
            ByteBuffer item = read(file, offset, 8, ByteOrder.LITTLE_ENDIAN);
            if (item.remaining() < 8) {
                return Optional.of(truncated("the data set ends inside its encapsulated pixel data, before the sequence delimiter"));
            }
            int tag = tag(item);
            long length = item.getInt(4) & 0xFFFF_FFFFL;
            if (tag == SEQUENCE_DELIMITER) {
                return Optional.empty();
            }
            if (tag != ITEM || length == UNDEFINED_LENGTH) {
                return Optional.of(new Problem(Reason.UNREADABLE, String.format(
                        "encapsulated pixel data holds (%04X,%04X) where an item or the sequence delimiter belongs", tag >>> 16, tag & 0xFFFF)));
            }
            if (offset + 8 + length > size) {
                return Optional.of(truncated("the data set ends inside a fragment of its encapsulated pixel data"));
            }
            offset += 8 + length;
        }
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

    private static Problem truncated(String message) {
        return new Problem(Reason.TRUNCATED, message);
    }

    private static int tagValue(AttributeTag tag) {
        return tag.getGroup() << 16 | tag.getElement();
    }

    private static int tag(ByteBuffer b) {
        return (b.getShort(0) & 0xFFFF) << 16 | (b.getShort(2) & 0xFFFF);
    }

    /** Up to {@code length} bytes from {@code offset}: fewer at the end of the file. */
    private static ByteBuffer read(FileChannel file, long offset, int length, ByteOrder order) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(order);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, offset + buffer.position()) < 0) {
                break;
            }
        }
        return buffer.flip();
    }
}
