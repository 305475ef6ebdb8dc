package org.livernode.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames of a BINARY segmentation (a SEG the node wrote) read back: each frame's mask and the source image it
 * was derived from (PerFrameFunctionalGroupsSequence > DerivationImageSequence > SourceImageSequence), so that a
 * frame can be laid over its CT slice. Pixel Data is 1 bit per pixel, frames packed one after the other.
 */
public final class SegmentationFrames {
    private final int rows;
    private final int columns;
    private final List<String> sourceSopInstanceUids;
    private final byte[] packed;

    private SegmentationFrames(int rows, int columns, List<String> sourceSopInstanceUids, byte[] packed) {
        this.rows = rows;
        this.columns = columns;
        this.sourceSopInstanceUids = List.copyOf(sourceSopInstanceUids);
        this.packed = packed;
    }

    public static SegmentationFrames read(Path file) throws DicomReadException {
        AttributeList list = new AttributeList();
        try {
            list.read(file.toFile());
            int rows = Attribute.getSingleIntegerValueOrDefault(list, DataDictionary.attributeTag(Tag.Rows), 0);
            int columns = Attribute.getSingleIntegerValueOrDefault(list, DataDictionary.attributeTag(Tag.Columns), 0);
            int frames = Attribute.getSingleIntegerValueOrDefault(list, DataDictionary.attributeTag(Tag.NumberOfFrames), 1);
            List<String> sources = new ArrayList<>();
            for (AttributeList frame : AttributeLists.items(list, Tag.PerFrameFunctionalGroupsSequence)) {
                String source = "";
                for (AttributeList derivation : AttributeLists.items(frame, Tag.DerivationImageSequence)) {
                    for (AttributeList image : AttributeLists.items(derivation, Tag.SourceImageSequence)) {
                        source = Attribute.getSingleStringValueOrEmptyString(image, DataDictionary.attributeTag(Tag.ReferencedSOPInstanceUID));
                    }
                }
                sources.add(source);
            }
            Attribute pixelData = list.getPixelData();
            byte[] packed = pixelData == null ? new byte[0] : pixelData.getByteValues();
            if (rows < 1 || columns < 1 || sources.size() != frames || (long) rows * columns * frames > 8L * packed.length) {
                throw new DicomException("not a binary segmentation of " + frames + " frame(s) of " + rows + "x" + columns + " pixels with "
                        + sources.size() + " per-frame item(s) and " + packed.length + " bytes of pixel data");
            }
            return new SegmentationFrames(rows, columns, sources, packed);
        } catch (IOException | DicomException | RuntimeException e) {
            throw new DicomReadException(file, e);
        }
    }


    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public int frames() {
        return sourceSopInstanceUids.size();
    }

    /** The SOP Instance UID of the image frame {@code index} (0-based) was derived from; empty when the SEG does not say. */
    public String sourceSopInstanceUid(int index) {
        return sourceSopInstanceUids.get(index);
    }

    /** Whether frame {@code index} (0-based) marks no pixel; looks at its packed bits, a byte at a time where it can. */
    public boolean isEmpty(int index) {
        long pixels = (long) rows * columns;
        long bit = index * pixels;
        long end = bit + pixels;
        while (bit < end) {
            if ((bit & 7) == 0 && end - bit >= 8) {
                if (packed[(int) (bit >>> 3)] != 0) {
                    return false;
                }
                bit += 8;
            } else {
                if (((packed[(int) (bit >>> 3)] >>> (bit & 7)) & 1) != 0) {
                    return false;
                }
                bit++;
            }
        }
        return true;
    }

    /** Frame {@code index} (0-based), row by row, one byte per pixel: 1 inside the segment, 0 outside. */
    public byte[] frame(int index) {
        int pixels = rows * columns;
        byte[] mask = new byte[pixels];
        long bit = (long) index * pixels;
        for (int i = 0; i < pixels; i++, bit++) {
            mask[i] = (byte) ((packed[(int) (bit >>> 3)] >>> (bit & 7)) & 1);
        }
        return mask;
    }
}
