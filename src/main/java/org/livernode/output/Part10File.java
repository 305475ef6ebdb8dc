package org.livernode.output;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes the objects the node creates: Part 10, sequences with explicit lengths, explicit VR little endian
 * unless an object needs another transfer syntax.
 */
public final class Part10File {
    private Part10File() {}

    /**
     * Writes {@code attributes} (which must hold the file meta information) to {@code file} through a temporary
     * sibling and an atomic rename, so that no reader ever sees half a file.
     */
    public static void write(AttributeList attributes, Path file) throws IOException {
        write(attributes, file, TransferSyntax.ExplicitVRLittleEndian);
    }

    /** As {@link #write(AttributeList, Path)}, in {@code transferSyntax}, the one the file meta information names. */
    public static void write(AttributeList attributes, Path file, String transferSyntax) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try {
            ExplicitLengthSequence.convert(attributes).write(partial.toFile(), transferSyntax, true, true);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (DicomException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
