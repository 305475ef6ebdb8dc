package org.livernode.output.seg;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.livernode.dicom.DataSet;
import org.livernode.dicom.DataSetReader;
import org.livernode.dicom.DicomReadException;
import org.livernode.dicom.Tag;

/**
 * The frames of a BINARY segmentation the node wrote ({@link DicomSegmentation}), read back: each frame's
 * functional groups ({@link FrameFunctionalGroups}, the source image it was derived from among them) and its mask
 * ({@link BitPacking}), so that a frame can be laid over its CT slice.
 */
public final class SegmentationFrames {
    private final int rows;
    private final int columns;
    private final List<FrameFunctionalGroups> frames;
    private final byte[] packed;

    private SegmentationFrames(int rows, int columns, List<FrameFunctionalGroups> frames, byte[] packed) {
        this.rows = rows;
        this.columns = columns;
        this.frames = List.copyOf(frames);
        this.packed = packed;
    }

    /** @throws DicomReadException naming the file, when it is not DICOM or not a binary segmentation as the node writes one */
    public static SegmentationFrames read(Path file) throws DicomReadException {
        DataSet dataSet = DataSetReader.read(file);
        try {
            return of(dataSet);
        } catch (IllegalArgumentException e) {
            throw new DicomReadException(file, e);
        }
    }

    private static SegmentationFrames of(DataSet dataSet) {
        int rows = first(dataSet.integers(Tag.Rows));
        int columns = first(dataSet.integers(Tag.Columns));
        int frameCount = first(dataSet.integers(Tag.NumberOfFrames));
        List<DataSet> items = dataSet.items(Tag.PerFrameFunctionalGroupsSequence);
        byte[] packed = dataSet.value(Tag.PixelData).orElse(null) instanceof DataSet.Bytes bytes ? bytes.value() : new byte[0];
        if (!"BINARY".equals(dataSet.string(Tag.SegmentationType)) || rows < 1 || columns < 1 || frameCount < 1
                || items.size() != frameCount || !BitPacking.holds(packed, frameCount, rows * columns)) {
            throw new IllegalArgumentException("not a binary segmentation of " + frameCount + " frame(s) of " + rows + "x" + columns
                    + " pixels with " + items.size() + " per-frame item(s) and " + packed.length + " bytes of pixel data");
        }
        List<FrameFunctionalGroups> frames = new ArrayList<>(items.size());
        for (DataSet item : items) {
            frames.add(FrameFunctionalGroups.fromDataSet(item));
        }
        return new SegmentationFrames(rows, columns, frames, packed);
    }

    /** The first of an element's values; 0 when it has none. */
    private static int first(int[] values) {
        return values.length == 0 ? 0 : values[0];
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    public int frames() {
        return frames.size();
    }

    /** The functional groups of frame {@code index} (0-based): its source image, position and segment. */
    public FrameFunctionalGroups functionalGroups(int index) {
        return frames.get(index);
    }

    /** Whether frame {@code index} (0-based) marks no pixel. */
    public boolean isEmpty(int index) {
        return BitPacking.isEmpty(packed, index, rows * columns);
    }

    /** Frame {@code index} (0-based), row by row, one byte per pixel: 1 inside the segment, 0 outside. */
    public byte[] frame(int index) {
        return BitPacking.unpack(packed, index, rows * columns);
    }
}
