package org.livernode.output;

import java.util.Locale;

/** The objects the node can make from a segmentation. */
public enum OutputType {
    SEG,
    RTSTRUCT,
    /** The liver volume and the quality check as a DICOM SR; it refers to the SEG's segment, so it comes with a SEG. */
    SR;

    /** As the configuration writes it. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
