package org.livernode.dicom;

import com.google.common.io.ByteStreams;
import com.google.common.io.CountingInputStream;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.ValueRepresentation;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Set;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.livernode.dicom.DataSetProblem.Kind;

/**
 * Walks every element of a received data set, into sequences, items and encapsulated pixel data, reading only
 * headers and skipping values, and checks that every length fits in what encloses it and that the data set ends
 * where its last element does. PixelMed allocates a value before it reads it, so without this walk a forged
 * length in a data set of a few kilobytes makes it allocate up to 4 GiB (the fuzz test found 270 MB); after it,
 * no value PixelMed reads can be longer than the data set. A deflated data set must inflate, to at most
 * {@value #MAX_INFLATION_RATIO} times its size (a small deflate stream can inflate to gigabytes). This is the
 * first of two checks on a received data set, before anything parses it; {@link PixelDataCheck} is the second.
 */
public final class DataSetStructure {
    private static final int ITEM = 0xFFFE_E000;
    private static final int ITEM_DELIMITER = 0xFFFE_E00D;
    private static final int SEQUENCE_DELIMITER = 0xFFFE_E0DD;
    private static final int PIXEL_DATA = 0x7FE0_0010;
    private static final long UNDEFINED_LENGTH = 0xFFFF_FFFFL;
    /**
     * Explicit VRs with a 2-byte length (PS3.5 7.1.2). Every other VR has a reserved field and a 4-byte length,
     * unknown ones included: the standard gives new VRs that form, and PixelMed reads them so.
     */
    private static final Set<String> SHORT_VRS = Set.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "PN",
            "SH", "SL", "SS", "ST", "TM", "UI", "UL", "US");
    /** Real data sets nest a few levels; a forged one must not exhaust the stack. */
    static final int MAX_DEPTH = 32;
    /** Deflate on CT reaches a few times; beyond this a data set is a deflate bomb, not an image. */
    static final int MAX_INFLATION_RATIO = 64;
    /** What a small deflated data set (a header, an object without pixels) may inflate to whatever its size. */
    static final long INFLATION_ALLOWANCE = 64L << 20;

    /**
     * What the walk learnt about the top-level pixel data.
     *
     * @param encapsulatedBytes the bytes of all items of encapsulated pixel data; 0 for native pixel data
     */
    public record Layout(OptionalLong nativePixelDataLength, boolean encapsulatedPixelData, long encapsulatedBytes) {}

    private final InputStream in;
    private final long size;
    private final ByteOrder order;
    private final byte[] header = new byte[8];
    private long position;
    private OptionalLong nativePixelDataLength = OptionalLong.empty();
    private boolean encapsulatedPixelData;
    private long encapsulatedBytes;

    private DataSetStructure(InputStream in, long size, ByteOrder order) {
        this.in = in;
        this.size = size;
        this.order = order;
    }

    /** The structure of the data set that starts at {@code dataSetOffset} in the file, inflated if deflated. */
    public static Layout read(Path file, long dataSetOffset, String transferSyntaxUid) throws MalformedDataSetException, IOException {
        TransferSyntax syntax = new TransferSyntax(transferSyntaxUid);
        long size = Files.size(file) - dataSetOffset;
        try (InputStream raw = Files.newInputStream(file)) {
            raw.skipNBytes(dataSetOffset);
            if (!syntax.isDeflated()) {
                return walk(new BufferedInputStream(raw, 64 * 1024), size, syntax);
            }
            long limit = Math.max(INFLATION_ALLOWANCE, size * MAX_INFLATION_RATIO);
            Inflater inflater = new Inflater(true);
            CountingInputStream inflated = new CountingInputStream(new InflaterInputStream(new BufferedInputStream(raw, 64 * 1024), inflater));
            try {
                return walk(new BufferedInputStream(ByteStreams.limit(inflated, limit + 1), 64 * 1024), Long.MAX_VALUE, syntax);
            } catch (MalformedDataSetException e) {
                if (inflated.getCount() > limit) {
                    throw new MalformedDataSetException(Kind.UNREADABLE, "deflated data set inflates to more than " + MAX_INFLATION_RATIO
                            + " times its " + size + " bytes");
                }
                throw e;
            } catch (EOFException e) {
                throw new MalformedDataSetException(Kind.TRUNCATED, "the deflated data set ends before its deflate stream does");
            } catch (ZipException e) {
                throw new MalformedDataSetException(Kind.UNREADABLE, "deflated data set does not inflate: " + LogSafe.parseFailure(e));
            } finally {
                inflater.end();
            }
        }
    }

    /**
     * @param in the data set's bytes, from its first element
     * @param size how many bytes the data set has; {@code Long.MAX_VALUE} when unknown (an inflating stream), and
     *     then the end of the stream ends it
     */
    static Layout walk(InputStream in, long size, TransferSyntax syntax) throws MalformedDataSetException, IOException {
        DataSetStructure walk = new DataSetStructure(in, size, syntax.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        walk.elements(size, !syntax.isImplicitVR(), 0);
        return new Layout(walk.nativePixelDataLength, walk.encapsulatedPixelData, walk.encapsulatedBytes);
    }

    /**
     * The elements up to {@code end}, or up to an item delimiter when {@code end} is negative (an item of undefined
     * length). At the top level, {@code end} is the size, and an unknown size ends at the end of the stream.
     */
    private void elements(long end, boolean explicit, int depth) throws MalformedDataSetException, IOException {
        if (depth > MAX_DEPTH) {
            throw malformed("sequences are nested more than " + MAX_DEPTH + " deep");
        }
        while (end < 0 || position < end) {
            if (depth == 0 && size == Long.MAX_VALUE && atEndOfStream()) {
                return;
            }
            int tag = readTag("an element");
            if (tag == ITEM_DELIMITER && end < 0) {
                readLength32("an item delimiter");
                return;
            }
            if (tag >>> 16 == 0xFFFE) {
                throw malformed(String.format("item tag (FFFE,%04X) among the elements%s", tag & 0xFFFF, depth == 0 ? "" : " of an item"));
            }
            String vr;
            long length;
            if (explicit && isUpperCase(peekVr())) {
                vr = readVr();
                if (SHORT_VRS.contains(vr)) {
                    length = read(2, "an element length").getShort(0) & 0xFFFF;
                } else {
                    // PixelMed reads a non-zero reserved field as a 2-byte length that some old writers used.
                    if (read(2, "a reserved field").getShort(0) != 0) {
                        throw malformed(String.format("the reserved field of (%04X,%04X) is not zero", tag >>> 16, tag & 0xFFFF));
                    }
                    length = readLength32("an element length");
                }
            } else {
                // Implicit VR, or (as PixelMed compensates for) an implicit element in an explicit data set.
                vr = implicitVr(tag);
                length = readLength32("an element length");
            }
            if (length == UNDEFINED_LENGTH) {
                if (tag == PIXEL_DATA) {
                    long items = encapsulatedItems();
                    if (depth == 0) {
                        encapsulatedPixelData = true;
                        encapsulatedBytes = items;
                    }
                } else if (vr.equals("SQ") || vr.equals("UN")) {
                    // An undefined-length UN is a sequence encoded in implicit VR (PS3.5 6.2.2).
                    sequence(-1, explicit && !vr.equals("UN"), depth + 1);
                } else {
                    throw malformed(String.format("element (%04X,%04X) of VR %s has an undefined length", tag >>> 16, tag & 0xFFFF, vr));
                }
                continue;
            }
            long limit = end < 0 ? size : end;
            if (length > limit - position) {
                throw overrun(tag, length, limit);
            }
            if (vr.equals("SQ")) {
                sequence(position + length, explicit, depth + 1);
            } else {
                if (tag == PIXEL_DATA && depth == 0) {
                    nativePixelDataLength = OptionalLong.of(length);
                }
                skip(length, tag);
            }
        }
        if (end >= 0 && position != end) {
            throw malformed("an element runs past the end of its item");
        }
    }

    /** The items of a sequence, up to {@code end} or, when it is negative, up to the sequence delimiter. */
    private void sequence(long end, boolean explicit, int depth) throws MalformedDataSetException, IOException {
        while (end < 0 || position < end) {
            int tag = readTag("a sequence item");
            long length = readLength32("an item length");
            if (tag == SEQUENCE_DELIMITER && end < 0) {
                return;
            }
            if (tag != ITEM) {
                throw malformed(String.format("a sequence holds (%04X,%04X) where an item belongs", tag >>> 16, tag & 0xFFFF));
            }
            if (length == UNDEFINED_LENGTH) {
                elements(-1, explicit, depth);
            } else {
                long limit = end < 0 ? size : end;
                if (length > limit - position) {
                    throw overrun(tag, length, limit);
                }
                elements(position + length, explicit, depth);
            }
        }
        if (position != end) {
            throw malformed("an item runs past the end of its sequence");
        }
    }

    /** Encapsulated pixel data (PS3.5 A.4): items of defined length up to the sequence delimiter; returns their bytes. */
    private long encapsulatedItems() throws MalformedDataSetException, IOException {
        long bytes = 0;
        while (true) {
            int tag = readTag("an encapsulated pixel data item");
            long length = readLength32("a fragment length");
            if (tag == SEQUENCE_DELIMITER) {
                return bytes;
            }
            if (tag != ITEM || length == UNDEFINED_LENGTH) {
                throw malformed(String.format("encapsulated pixel data holds (%04X,%04X) where an item or the sequence delimiter belongs",
                        tag >>> 16, tag & 0xFFFF));
            }
            if (length > size - position) {
                throw new MalformedDataSetException(Kind.TRUNCATED, "the data set ends inside a fragment of its encapsulated pixel data");
            }
            skip(length, PIXEL_DATA);
            bytes += length;
        }
    }

    private static String implicitVr(int tag) {
        byte[] vr = DicomDictionary.StandardDictionary.getValueRepresentationFromTag(new AttributeTag(tag >>> 16, tag & 0xFFFF));
        return vr != null && ValueRepresentation.isSequenceVR(vr) ? "SQ" : "UN";
    }

    private MalformedDataSetException overrun(int tag, long length, long limit) {
        String message = String.format("(%04X,%04X) claims %d bytes but %d are left", tag >>> 16, tag & 0xFFFF, length, limit - position);
        // A data set cut inside its pixel data is the common case, and told as such.
        return tag == PIXEL_DATA
                ? new MalformedDataSetException(Kind.TRUNCATED, "the data set ends inside its pixel data: " + (limit - position) + " of the " + length
                        + " bytes its PixelData announces arrived")
                : malformed(message);
    }

    private static MalformedDataSetException malformed(String message) {
        return new MalformedDataSetException(Kind.UNREADABLE, "malformed data set: " + message);
    }

    private static boolean isUpperCase(String vr) {
        return vr.chars().allMatch(c -> c >= 'A' && c <= 'Z');
    }

    // ---------------------------------------------------------------- reading

    private int readTag(String what) throws MalformedDataSetException, IOException {
        ByteBuffer b = read(4, what);
        return (b.getShort(0) & 0xFFFF) << 16 | (b.getShort(2) & 0xFFFF);
    }

    private long readLength32(String what) throws MalformedDataSetException, IOException {
        return read(4, what).getInt(0) & 0xFFFF_FFFFL;
    }

    private String peekVr() throws IOException {
        in.mark(2);
        byte[] two = in.readNBytes(2);
        in.reset();
        return new String(two, StandardCharsets.US_ASCII);
    }

    private String readVr() throws MalformedDataSetException, IOException {
        ByteBuffer b = read(2, "a VR");
        return new String(new byte[] {b.get(0), b.get(1)}, StandardCharsets.US_ASCII);
    }

    private boolean atEndOfStream() throws IOException {
        in.mark(1);
        int next = in.read();
        in.reset();
        return next < 0;
    }

    private ByteBuffer read(int n, String what) throws MalformedDataSetException, IOException {
        if (n > size - position || in.readNBytes(header, 0, n) < n) {
            throw new MalformedDataSetException(Kind.TRUNCATED, "the data set ends inside " + what);
        }
        position += n;
        return ByteBuffer.wrap(header, 0, n).order(order);
    }

    /** Skips a value whose length was checked against the size; a stream of unknown size may still end inside it. */
    private void skip(long n, int tag) throws MalformedDataSetException, IOException {
        try {
            in.skipNBytes(n);
        } catch (EOFException e) {
            throw new MalformedDataSetException(tag == PIXEL_DATA ? Kind.TRUNCATED : Kind.UNREADABLE,
                    String.format("the data set ends inside (%04X,%04X)", tag >>> 16, tag & 0xFFFF));
        }
        position += n;
    }
}
