package org.livernode.qc;

/** PASS: nothing implausible found. REVIEW: a person should look before the result is trusted; the reasons say why. */
public enum QcOutcome {
    PASS,
    REVIEW
}
