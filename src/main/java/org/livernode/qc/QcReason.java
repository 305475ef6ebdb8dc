package org.livernode.qc;

import java.util.Locale;

/**
 * Why a result needs review. {@link #label} names it in metrics and job files; {@link #phrase} is what a
 * workstation shows in the outputs' series description, so it is short.
 */
public enum QcReason {
    NO_LIVER("no liver"),
    SMALL_LIVER("small liver"),
    LARGE_LIVER("large liver"),
    CUT_BY_FIELD_OF_VIEW("cut by field of view"),
    NOT_ON_PATIENT_RIGHT("not on patient's right"),
    FRAGMENTED("fragmented"),
    UNCERTAIN("uncertain model"),
    CT_VALUES("CT values"),
    DISCONTINUOUS("discontinuous");

    private final String phrase;

    QcReason(String phrase) {
        this.phrase = phrase;
    }

    /** "cut_by_field_of_view". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String phrase() {
        return phrase;
    }
}
