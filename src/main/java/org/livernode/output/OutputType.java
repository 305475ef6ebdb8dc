package org.livernode.output;

import java.util.Locale;

/** The objects the node can make from a segmentation. */
public enum OutputType {
    SEG,
    RTSTRUCT;

    /** As the configuration writes it. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
