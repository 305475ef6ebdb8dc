package org.livernode.output;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes the objects the node creates: Part 10, explicit VR little endian, sequences with explicit lengths. */
public final class Part10File {
    private Part10File() {}

    /**
     * Writes {@code attributes} (which must hold the file meta information) to {@code file} through a temporary
     * sibling and an atomic rename, so that no reader ever sees half a file.
     */
    public static void write(AttributeList attributes, Path file) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try {
            ExplicitLengthSequence.convert(attributes).write(partial.toFile(), TransferSyntax.ExplicitVRLittleEndian, true, true);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (DicomException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
