package org.livernode.output;

import java.util.Locale;

/** The objects the node can make from a segmentation. */
public enum OutputType {
    SEG,
    RTSTRUCT;

    /** From the configuration: {@code seg} or {@code rtstruct}. */
    public static OutputType fromConfig(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** As the configuration writes it. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
