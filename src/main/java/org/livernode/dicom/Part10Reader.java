package org.livernode.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * A Part 10 file read for sending: what its file meta information says, and its data set, as stored or
 * re-encoded between the two uncompressed little endian transfer syntaxes.
 *
 * @param transferSyntaxUid the transfer syntax the data set is stored in
 * @param dataSetOffset where the data set starts in the file, after the file meta information
 */
public record Part10Reader(Path file, String sopClassUid, String sopInstanceUid, String transferSyntaxUid, long dataSetOffset) {
    private static final Set<String> UNCOMPRESSED_LITTLE_ENDIAN = Set.of(TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian);

    /**
     * Reads the file meta information of {@code file}.
     *
     * @throws IOException when the file cannot be read, or its meta information does not name its SOP class, SOP
     *     instance and transfer syntax; the message says what is wrong
     */
    public static Part10Reader open(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            AttributeList meta = new AttributeList();
            long dataSetOffset = meta.readOnlyMetaInformationHeader(in);
            String sopClassUid = Attribute.getSingleStringValueOrEmptyString(meta, TagFromName.MediaStorageSOPClassUID).strip();
            String sopInstanceUid = Attribute.getSingleStringValueOrEmptyString(meta, TagFromName.MediaStorageSOPInstanceUID).strip();
            String transferSyntaxUid = Attribute.getSingleStringValueOrEmptyString(meta, TagFromName.TransferSyntaxUID).strip();
            if (sopClassUid.isEmpty() || sopInstanceUid.isEmpty() || transferSyntaxUid.isEmpty()) {
                throw new IOException("no file meta information with SOP class, SOP instance and transfer syntax");
            }
            return new Part10Reader(file, sopClassUid, sopInstanceUid, transferSyntaxUid, dataSetOffset);
        } catch (DicomException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Whether {@link #writeDataSet} can write the data set in {@code transferSyntax}. */
    public boolean canWriteDataSetIn(String transferSyntax) {
        return transferSyntax.equals(transferSyntaxUid)
                || UNCOMPRESSED_LITTLE_ENDIAN.contains(transferSyntax) && UNCOMPRESSED_LITTLE_ENDIAN.contains(transferSyntaxUid);
    }

    /**
     * Writes the data set, without the file meta information, in {@code transferSyntax}: its bytes unchanged when
     * that is the one it is stored in, else re-encoded.
     *
     * @throws IllegalArgumentException when {@link #canWriteDataSetIn} says it cannot
     */
    public void writeDataSet(OutputStream out, String transferSyntax) throws IOException {
        if (!canWriteDataSetIn(transferSyntax)) {
            throw new IllegalArgumentException("the data set of " + file + " in " + transferSyntaxUid + " cannot be written in " + transferSyntax);
        }
        if (transferSyntax.equals(transferSyntaxUid)) {
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(dataSetOffset);
                in.transferTo(out);
            }
            return;
        }
        try {
            AttributeList list = new AttributeList();
            list.read(file.toFile());
            list.removeMetaInformationHeaderAttributes();
            DicomOutputStream dicomOut = new DicomOutputStream(out, null, transferSyntax);
            list.write(dicomOut);
            dicomOut.flush();
        } catch (DicomException e) {
            throw new IOException("cannot re-encode " + file + " in " + transferSyntax + ": " + e.getMessage(), e);
        }
    }
}
