package org.livernode.qc;

/**
 * Why a result needs review. {@link #label} names it in metrics and job files; {@link #phrase} is what a
 * workstation shows in the outputs' series description, so it is short.
 */
public enum QcReason {
    NO_LIVER("no_liver", "no liver"),
    SMALL_LIVER("small_liver", "small liver"),
    LARGE_LIVER("large_liver", "large liver"),
    CUT_BY_FIELD_OF_VIEW("cut_by_field_of_view", "cut by field of view"),
    NOT_ON_PATIENT_RIGHT("not_on_patient_right", "not on patient's right"),
    FRAGMENTED("fragmented", "fragmented"),
    UNCERTAIN("uncertain", "uncertain model"),
    CT_VALUES("ct_values", "CT values"),
    DISCONTINUOUS("discontinuous", "discontinuous");

    private final String label;
    private final String phrase;

    QcReason(String label, String phrase) {
        this.label = label;
        this.phrase = phrase;
    }

    public String label() {
        return label;
    }

    public String phrase() {
        return phrase;
    }
}
