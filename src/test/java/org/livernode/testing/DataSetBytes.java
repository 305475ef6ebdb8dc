package org.livernode.testing;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.livernode.dicom.FileMetaInformationWriter;
import org.livernode.dicom.SopClasses;

/** Data sets as bytes on the wire, well-formed or broken on purpose, for the tests of what receives them. */
public final class DataSetBytes {
    private DataSetBytes() {}

    /** The data set alone, without file meta information, in {@code transferSyntax}. */
    public static byte[] encode(AttributeList dataSet, String transferSyntax) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DicomOutputStream out = new DicomOutputStream(bytes, null, transferSyntax);
        dataSet.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    /**
     * Writes {@code dataSet} as a CT image received from "SCANNER": file meta information, then the bytes as they
     * are. Returns where the data set starts.
     */
    public static long writePart10(Path file, String sopInstanceUid, byte[] dataSet, String transferSyntax) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            FileMetaInformationWriter.write(out, SopClasses.CT_IMAGE_STORAGE, sopInstanceUid, transferSyntax, "SCANNER");
            long dataSetOffset = Files.size(file);
            out.write(dataSet);
            return dataSetOffset;
        }
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    public static void putUid(AttributeList list, AttributeTag tag, String value) throws DicomException {
        Attribute uid = new UniqueIdentifierAttribute(tag);
        uid.addValue(value);
        list.put(uid);
    }

    /** Puts {@code attribute} (empty, of the VR wanted) holding {@code value}. */
    public static void put(AttributeList list, Attribute attribute, String value) throws DicomException {
        attribute.addValue(value);
        list.put(attribute);
    }
}
