package org.livernode.dicom;

import com.pixelmed.dicom.AttributeList;

/**
 * For tests outside this package, which build data sets in memory: their header as {@link InstanceHeader#read}
 * gives it from a file ({@link InstanceHeader#of} keeps PixelMed's types out of the package's API).
 */
public final class InMemoryHeaders {
    private InMemoryHeaders() {}

    public static InstanceHeader of(AttributeList list) {
        return InstanceHeader.of(list);
    }
}
