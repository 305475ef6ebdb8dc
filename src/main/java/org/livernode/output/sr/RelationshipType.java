package org.livernode.output.sr;

import java.util.Arrays;

/** How a content item relates to its parent (RelationshipType, PS3.3 C.17.3.2.4): the ones the node's reports use. */
public enum RelationshipType {
    CONTAINS("CONTAINS"),
    HAS_OBS_CONTEXT("HAS OBS CONTEXT"),
    HAS_CONCEPT_MOD("HAS CONCEPT MOD"),
    HAS_PROPERTIES("HAS PROPERTIES");

    private final String dicomValue;

    RelationshipType(String dicomValue) {
        this.dicomValue = dicomValue;
    }

    /** As the RelationshipType attribute writes it, with spaces. */
    public String dicomValue() {
        return dicomValue;
    }

    /** @throws IllegalArgumentException naming the value when it is not one of these */
    public static RelationshipType of(String dicomValue) {
        return Arrays.stream(values()).filter(type -> type.dicomValue.equals(dicomValue)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("RelationshipType \"" + dicomValue + "\" is none of "
                        + Arrays.stream(values()).map(RelationshipType::dicomValue).toList()));
    }
}
