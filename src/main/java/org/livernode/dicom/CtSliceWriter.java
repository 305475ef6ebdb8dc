package org.livernode.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes synthetic CT slices, a CT Image Storage Part 10 file each in explicit VR little endian: the series the
 * node runs through its processing path at startup, and the phantoms the tests send it.
 */
public final class CtSliceWriter {
    private CtSliceWriter() {}

    /**
     * One slice: a single-frame MONOCHROME2 image of 16-bit pixels.
     *
     * @param frameOfReferenceUid empty to write none
     * @param position ImagePositionPatient (mm)
     * @param orientation ImageOrientationPatient: the row direction's cosines, then the column direction's
     * @param pixelSpacing between rows and between columns (mm)
     * @param bitsStored of the 16 allocated; HighBit is the top one of them
     * @param signed PixelRepresentation 1 (two's complement) rather than 0
     * @param pixels the stored values, row by row
     * @param otherAttributes further attributes with their values (patient, study, rescale), each written with the
     *     VR the data dictionary gives it
     */
    public record Slice(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid, String frameOfReferenceUid,
                        double[] position, double[] orientation, double pixelSpacing, int rows, int columns,
                        int bitsStored, boolean signed, short[] pixels, Map<Tag, List<String>> otherAttributes) {
        public Slice {
            if (position.length != 3 || orientation.length != 6) {
                throw new IllegalArgumentException("a slice needs 3 position and 6 orientation values, got "
                        + position.length + " and " + orientation.length);
            }
            if (bitsStored < 1 || bitsStored > 16) {
                throw new IllegalArgumentException("BitsStored must be 1 to 16 of the 16 bits allocated, got " + bitsStored);
            }
            if (pixels.length != rows * columns) {
                throw new IllegalArgumentException("a slice of " + rows + "x" + columns + " needs " + rows * columns
                        + " pixels, got " + pixels.length);
            }
            otherAttributes = Map.copyOf(otherAttributes);
        }
    }

    /** Writes {@code slice} to {@code file}, naming {@code sourceApplicationEntityTitle} in its file meta information. */
    public static void write(Slice slice, String sourceApplicationEntityTitle, Path file) throws IOException {
        try {
            AttributeList list = new AttributeList();
            put(list, TagFromName.SOPClassUID, SopClasses.CT_IMAGE_STORAGE);
            put(list, TagFromName.SOPInstanceUID, slice.sopInstanceUid());
            put(list, TagFromName.StudyInstanceUID, slice.studyInstanceUid());
            put(list, TagFromName.SeriesInstanceUID, slice.seriesInstanceUid());
            if (!slice.frameOfReferenceUid().isEmpty()) {
                put(list, TagFromName.FrameOfReferenceUID, slice.frameOfReferenceUid());
            }
            put(list, TagFromName.Modality, "CT");
            put(list, TagFromName.ImagePositionPatient, decimalStrings(slice.position()));
            put(list, TagFromName.ImageOrientationPatient, decimalStrings(slice.orientation()));
            put(list, TagFromName.PixelSpacing, decimalStrings(new double[] {slice.pixelSpacing(), slice.pixelSpacing()}));
            put(list, TagFromName.SamplesPerPixel, "1");
            put(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
            put(list, TagFromName.Rows, Integer.toString(slice.rows()));
            put(list, TagFromName.Columns, Integer.toString(slice.columns()));
            put(list, TagFromName.BitsAllocated, "16");
            put(list, TagFromName.BitsStored, Integer.toString(slice.bitsStored()));
            put(list, TagFromName.HighBit, Integer.toString(slice.bitsStored() - 1));
            put(list, TagFromName.PixelRepresentation, slice.signed() ? "1" : "0");
            for (Map.Entry<Tag, List<String>> other : slice.otherAttributes().entrySet()) {
                put(list, new AttributeTag(other.getKey().group(), other.getKey().element()), other.getValue().toArray(String[]::new));
            }
            OtherWordAttribute pixelData = new OtherWordAttribute(TagFromName.PixelData);
            pixelData.setValues(slice.pixels());
            list.put(pixelData);
            FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, sourceApplicationEntityTitle);
            list.write(file.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
        } catch (DicomException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void put(AttributeList list, AttributeTag tag, String... values) throws DicomException {
        Attribute attribute = list.putNewAttribute(tag);
        for (String value : values) {
            attribute.addValue(value);
        }
    }

    /** Six decimals at most, trailing zeros dropped: exact for the geometry of a synthetic series. */
    private static String[] decimalStrings(double[] values) {
        String[] strings = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            String s = String.format(Locale.ROOT, "%.6f", values[i]).replaceAll("0+$", "").replaceAll("\\.$", "");
            strings[i] = s.equals("-0") ? "0" : s;
        }
        return strings;
    }
}
