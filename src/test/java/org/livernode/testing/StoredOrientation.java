package org.livernode.testing;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a copy of a series as a scanner would have stored the same anatomy in another orientation (feet
 * first, prone, decubitus): the pixel grid is flipped and/or transposed, and ImageOrientationPatient,
 * ImagePositionPatient, Rows, Columns and PixelSpacing are rewritten so that every pixel keeps its patient
 * position. New Series and SOP Instance UIDs. Written for tests, independently of the node's own
 * reorientation code.
 *
 * <p>Stored pixel (r', c') of the copy is source pixel (r, c) with: transposed: r = c', c = r' (before flips);
 * then a flip of rows mirrors r' and a flip of columns mirrors c'.
 *
 * @param headerTells whether the geometry in the header follows the pixels; a copy whose header does not is what a
 *     misconfigured scanner or converter stores: the anatomy mirrored, and nothing says so
 */
public record StoredOrientation(String name, boolean transpose, boolean flipRows, boolean flipColumns, boolean headerTells) {

    public static final List<StoredOrientation> OTHERS = List.of(
            new StoredOrientation("feet first (rows flipped)", false, true, false, true),
            new StoredOrientation("mirrored (columns flipped)", false, false, true, true),
            new StoredOrientation("prone (both flipped)", false, true, true, true),
            new StoredOrientation("decubitus (rotated 90 degrees)", true, false, true, true));

    /** The columns flipped, the header left as it was: the patient's right now lies where the header says left. */
    public static final StoredOrientation MIRRORED_WITHOUT_SAYING = new StoredOrientation("mirrored, the header not saying so", false, false,
            true, false);

    @Override
    public String toString() {
        return name;
    }

    /** Source pixel index (row-major in the source grid) of stored pixel (row, column) of the copy. */
    public int sourceIndex(int row, int column, int sourceRows, int sourceColumns) {
        int rows = transpose ? sourceColumns : sourceRows, columns = transpose ? sourceRows : sourceColumns;
        int r = flipRows ? rows - 1 - row : row;
        int c = flipColumns ? columns - 1 - column : column;
        return transpose ? c * sourceColumns + r : r * sourceColumns + c;
    }

    /** Writes the copy of {@code files} into {@code folder}; returns the new files. */
    public List<Path> write(List<Path> files, Path folder) throws IOException, DicomException {
        Files.createDirectories(folder);
        List<Path> written = new ArrayList<>();
        // A UID component has no leading zero.
        String seriesSuffix = "." + (1 + (transpose ? 4 : 0) + (flipRows ? 2 : 0) + (flipColumns ? 1 : 0)) + (headerTells ? "" : "9");
        for (Path file : files) {
            AttributeList list = new AttributeList();
            list.read(file.toFile());
            int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
            int columns = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
            double[] position = doubles(list, TagFromName.ImagePositionPatient);
            double[] orientation = doubles(list, TagFromName.ImageOrientationPatient);
            double[] spacing = doubles(list, TagFromName.PixelSpacing);
            double[] rowDir = {orientation[0], orientation[1], orientation[2]}, colDir = {orientation[3], orientation[4], orientation[5]};
            short[] source = list.getPixelData().getShortValues();
            int newRows = transpose ? columns : rows, newColumns = transpose ? rows : columns;
            short[] stored = new short[source.length];
            for (int r = 0; r < newRows; r++) {
                for (int c = 0; c < newColumns; c++) {
                    stored[r * newColumns + c] = source[sourceIndex(r, c, rows, columns)];
                }
            }
            // Directions of increasing stored column and row index, and the spacings along them.
            double[] newRowDir = transpose ? colDir : rowDir, newColDir = transpose ? rowDir : colDir;
            double newColumnSpacing = transpose ? spacing[0] : spacing[1], newRowSpacing = transpose ? spacing[1] : spacing[0];
            if (flipColumns) {
                newRowDir = negate(newRowDir);
            }
            if (flipRows) {
                newColDir = negate(newColDir);
            }
            int first = sourceIndex(0, 0, rows, columns);
            int r0 = first / columns, c0 = first % columns;
            double[] newPosition = new double[3];
            for (int i = 0; i < 3; i++) {
                newPosition[i] = position[i] + rowDir[i] * c0 * spacing[1] + colDir[i] * r0 * spacing[0];
            }
            if (headerTells) {
                put(list, new DecimalStringAttribute(TagFromName.ImagePositionPatient), newPosition);
                put(list, new DecimalStringAttribute(TagFromName.ImageOrientationPatient), concat(newRowDir, newColDir));
                put(list, new DecimalStringAttribute(TagFromName.PixelSpacing), new double[] {newRowSpacing, newColumnSpacing});
            }
            UnsignedShortAttribute rowsAttribute = new UnsignedShortAttribute(TagFromName.Rows);
            rowsAttribute.addValue(newRows);
            list.put(rowsAttribute);
            UnsignedShortAttribute columnsAttribute = new UnsignedShortAttribute(TagFromName.Columns);
            columnsAttribute.addValue(newColumns);
            list.put(columnsAttribute);
            OtherWordAttribute pixels = new OtherWordAttribute(TagFromName.PixelData);
            pixels.setValues(stored);
            list.put(pixels);
            String sop = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SOPInstanceUID).replace("\0", "").strip();
            String series = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.SeriesInstanceUID).replace("\0", "").strip();
            putUid(list, TagFromName.SOPInstanceUID, shorten(sop) + seriesSuffix);
            putUid(list, TagFromName.SeriesInstanceUID, shorten(series) + seriesSuffix);
            list.removeGroupLengthAttributes();
            list.removeMetaInformationHeaderAttributes();
            FileMetaInformation.addFileMetaInformation(list, TransferSyntax.ExplicitVRLittleEndian, "LIVERTEST");
            Path target = folder.resolve(file.getFileName());
            list.write(target.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
            written.add(target);
        }
        return written;
    }

    /** Room for the suffix within the 64 characters of a UID. */
    private static String shorten(String uid) {
        return uid.length() > 60 ? uid.substring(0, 60).replaceAll("\\.+$", "") : uid;
    }

    private static double[] doubles(AttributeList list, com.pixelmed.dicom.AttributeTag tag) {
        String[] values = Attribute.getStringValues(list, tag);
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = Double.parseDouble(values[i].replace("\0", "").strip());
        }
        return result;
    }

    private static double[] negate(double[] v) {
        return new double[] {-v[0], -v[1], -v[2]};
    }

    private static double[] concat(double[] a, double[] b) {
        return new double[] {a[0], a[1], a[2], b[0], b[1], b[2]};
    }

    private static void put(AttributeList list, Attribute attribute, double[] values) throws DicomException {
        for (double v : values) {
            String s = String.format(java.util.Locale.ROOT, "%.6f", v);
            attribute.addValue(s.equals("-0.000000") ? "0" : s);
        }
        list.put(attribute);
    }

    private static void putUid(AttributeList list, com.pixelmed.dicom.AttributeTag tag, String uid) throws DicomException {
        UniqueIdentifierAttribute attribute = new UniqueIdentifierAttribute(tag);
        attribute.addValue(uid);
        list.put(attribute);
    }
}
