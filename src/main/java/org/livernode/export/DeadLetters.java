package org.livernode.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.livernode.state.DurableFiles;

/**
 * Results the node gave up delivering: {@code <root>/<destination>/<jobId>/<file>}, each with a
 * {@code <file>.reason.txt} saying why. {@code livernode resend} asks the outbox to move them back and deliver them again.
 */
public final class DeadLetters {
    static final String REASON_SUFFIX = ".reason.txt";

    private final Path root;

    public DeadLetters(Path root) {
        this.root = root;
    }

    /** A file waiting in the dead-letter folder. */
    public record Letter(String destination, String jobId, Path file) {}

    /** Copies {@code file} in, with the reason beside it; returns where it now lies. */
    public Path add(String destination, String jobId, Path file, String reason) throws IOException {
        Path folder = Files.createDirectories(root.resolve(destination).resolve(jobId));
        Path target = folder.resolve(file.getFileName());
        Path partial = folder.resolve(file.getFileName() + ".copying");
        Files.copy(file, partial, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        DurableFiles.commit(partial, target);
        DurableFiles.write(folder.resolve(file.getFileName() + REASON_SUFFIX), (reason + "\n").getBytes(StandardCharsets.UTF_8));
        return target;
    }

    /** Every letter, optionally only those for one destination. */
    public List<Letter> list(String destination) throws IOException {
        List<Letter> letters = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return letters;
        }
        try (Stream<Path> files = Files.walk(root, 3)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                Path relative = root.relativize(f);
                if (relative.getNameCount() != 3 || f.getFileName().toString().endsWith(REASON_SUFFIX)
                        || f.getFileName().toString().endsWith(".copying")) {
                    continue;
                }
                String d = relative.getName(0).toString();
                if (destination == null || destination.equals(d)) {
                    letters.add(new Letter(d, relative.getName(1).toString(), f));
                }
            }
        }
        return letters;
    }

    /** Why the letter was given up, as written beside it; empty when that file is gone. */
    public String reason(Letter letter) throws IOException {
        Path reason = letter.file().resolveSibling(letter.file().getFileName() + REASON_SUFFIX);
        return Files.isRegularFile(reason) ? Files.readString(reason, StandardCharsets.UTF_8).strip() : "";
    }

    /**
     * Moves the letter for {@code file} of a job back into the job's folder, to be delivered again; returns false
     * when there is no such letter (already moved back, or removed by an operator).
     */
    public boolean moveBack(String destination, String jobId, String file, Path jobFolder) throws IOException {
        Path folder = root.resolve(destination).resolve(jobId);
        Path letter = folder.resolve(file);
        if (!Files.isRegularFile(letter)) {
            return false;
        }
        DurableFiles.commit(letter, jobFolder.resolve(file));
        Files.deleteIfExists(folder.resolve(file + REASON_SUFFIX));
        try (Stream<Path> rest = Files.list(folder)) {
            if (rest.findAny().isEmpty()) {
                Files.delete(folder);
            }
        }
        DurableFiles.syncDirectory(folder.getParent());
        return true;
    }
}
