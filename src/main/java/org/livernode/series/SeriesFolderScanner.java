package org.livernode.series;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.livernode.dicom.DicomReadException;
import org.livernode.dicom.InstanceHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the DICOM instances under a folder (recursively) and groups them by SeriesInstanceUID, reading
 * headers only. Files that are not DICOM are listed in the log and left out.
 */
public final class SeriesFolderScanner {
    private static final Logger log = LoggerFactory.getLogger(SeriesFolderScanner.class);

    private SeriesFolderScanner() {}

    /** Series UID to its files, both in a stable order. */
    public static Map<String, List<Path>> scan(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException(folder + " is not a folder");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        Map<String, List<Path>> series = new TreeMap<>();
        for (Path file : files) {
            String uid = seriesInstanceUid(file);
            if (uid == null) {
                log.warn("{} is not a DICOM instance with a SeriesInstanceUID; left out", file);
                continue;
            }
            series.computeIfAbsent(uid, u -> new ArrayList<>()).add(file);
        }
        return series;
    }

    private static String seriesInstanceUid(Path file) {
        String uid;
        try {
            uid = InstanceHeader.read(file).seriesInstanceUid();
        } catch (DicomReadException e) {
            return null;
        }
        return uid.isEmpty() ? null : uid;
    }
}
