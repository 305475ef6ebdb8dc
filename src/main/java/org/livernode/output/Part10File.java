package org.livernode.output;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.livernode.state.DurableFiles;

/**
 * Writes the objects the node creates: Part 10, sequences with explicit lengths, explicit VR little endian
 * unless an object needs another transfer syntax.
 */
public final class Part10File {
    private Part10File() {}

    /**
     * Writes {@code attributes} with file meta information for their SOP Class and Instance UIDs to {@code file}
     * through a temporary sibling: fsync'ed and renamed atomically, so that no reader ever sees half a file and a
     * job record written after it never names one that a power cut could have lost.
     */
    public static void write(AttributeList attributes, Path file) throws IOException {
        write(attributes, file, TransferSyntax.ExplicitVRLittleEndian);
    }

    /** As {@link #write(AttributeList, Path)}, in {@code transferSyntax}. */
    public static void write(AttributeList attributes, Path file, String transferSyntax) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try {
            AttributeList encoded = ExplicitLengthSequence.convert(attributes);
            // No SourceApplicationEntityTitle: the node's AE title is configuration, not known to the writers.
            FileMetaInformation.addFileMetaInformation(encoded, transferSyntax, null);
            encoded.write(partial.toFile(), transferSyntax, true, true);
            DurableFiles.commit(partial, file);
        } catch (DicomException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
