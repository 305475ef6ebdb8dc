package org.livernode.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What was segmented of a series while it arrived: each slice's mask plane on its source grid, by the spool file it
 * came from and the stamp that file had before it was read. At completion a slice is taken from here only when its
 * file still has that stamp (an instance sent again since then is a new file) and the volume is segmented in the
 * same orientation; the others are segmented then.
 */
public final class StreamedSlices {
    /** Nothing streamed: every slice is segmented at completion. */
    public static final StreamedSlices NONE = new StreamedSlices("", null, Map.of());

    /**
     * A file as it was on disk: its identity (device and inode on Linux), size and modification time. The spool
     * renames a new file over an instance sent again, so a re-sent instance has another stamp.
     */
    record FileStamp(Object fileKey, long size, FileTime modified) {
        static Optional<FileStamp> of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return Optional.of(new FileStamp(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime()));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    /** One slice's result: its file's stamp, its plane (null when nothing in it is inside) and its statistics. */
    record Plane(FileStamp stamp, byte[] values, SliceStatistics statistics) {}

    private final String streamKey;
    private final Reorientation orientation;
    private final Map<Path, Plane> planes;

    /**
     * @param streamKey names this stream among every stream of this process and of earlier ones, so that the chunks
     *     left for completion get model requests of their own
     */
    StreamedSlices(String streamKey, Reorientation orientation, Map<Path, Plane> planes) {
        this.streamKey = streamKey;
        this.orientation = orientation;
        this.planes = Map.copyOf(planes);
    }

    int size() {
        return planes.size();
    }

    String streamKey() {
        return streamKey;
    }

    /**
     * The slice of {@code file} as streamed, when the volume is segmented in the stream's orientation and the file
     * is the one that was read; empty when the slice must be segmented now.
     */
    Optional<Plane> find(Path file, Reorientation volumeOrientation) {
        Plane plane = planes.get(file);
        if (plane == null || !Objects.equals(orientation, volumeOrientation)) {
            return Optional.empty();
        }
        return FileStamp.of(file).filter(plane.stamp()::equals).map(stamp -> plane);
    }
}
