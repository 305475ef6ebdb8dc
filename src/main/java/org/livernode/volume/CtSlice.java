package org.livernode.volume;

import java.nio.file.Path;

/**
 * One slice of a CT volume: which instance it came from, where it lies, and the file that holds its pixels
 * ({@link PixelReader} decodes them when they are needed).
 */
public record CtSlice(String sopClassUid, String sopInstanceUid, SliceGeometry geometry, Path file) {}
