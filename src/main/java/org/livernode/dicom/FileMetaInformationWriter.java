package org.livernode.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedLongAttribute;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the start of a Part 10 file (PS3.10 7.1): preamble, "DICM" and the file meta information, naming
 * livernode as the {@link Implementation}, so that the data set bytes that follow make a whole file.
 */
public final class FileMetaInformationWriter {
    private FileMetaInformationWriter() {}

    /**
     * Writes and flushes the preamble and file meta information.
     *
     * @param transferSyntaxUid the transfer syntax of the data set that will follow
     * @param sourceAeTitle recorded as SourceApplicationEntityTitle
     */
    public static void write(OutputStream out, String sopClassUid, String sopInstanceUid, String transferSyntaxUid, String sourceAeTitle)
            throws IOException {
        try {
            AttributeList meta = new AttributeList();
            FileMetaInformation.addFileMetaInformation(meta, sopClassUid, sopInstanceUid, transferSyntaxUid, sourceAeTitle);
            nameLivernodeAsImplementation(meta);
            DicomOutputStream dicomOut = new DicomOutputStream(out, TransferSyntax.ExplicitVRLittleEndian, transferSyntaxUid);
            meta.write(dicomOut, true);
            dicomOut.flush();
        } catch (DicomException e) {
            throw new IOException("cannot write file meta information for " + LogSafe.uid(sopInstanceUid) + ": "
                    + LogSafe.printable(e.getMessage()), e);
        }
    }

    /** PixelMed names itself as the implementation; the file is livernode's, so replace both and fix the group length. */
    private static void nameLivernodeAsImplementation(AttributeList meta) throws DicomException, IOException {
        Attribute classUid = new UniqueIdentifierAttribute(TagFromName.ImplementationClassUID);
        classUid.addValue(Implementation.CLASS_UID);
        meta.put(classUid);
        Attribute versionName = new ShortStringAttribute(TagFromName.ImplementationVersionName);
        versionName.addValue(Implementation.VERSION_NAME);
        meta.put(versionName);
        // The group length is that of the other elements as written: measure by writing them.
        meta.remove(TagFromName.FileMetaInformationGroupLength);
        ByteArrayOutputStream elements = new ByteArrayOutputStream();
        DicomOutputStream measure = new DicomOutputStream(elements, null, TransferSyntax.ExplicitVRLittleEndian);
        meta.write(measure);
        measure.flush();
        Attribute length = new UnsignedLongAttribute(TagFromName.FileMetaInformationGroupLength);
        length.addValue(elements.size());
        meta.put(length);
    }
}
