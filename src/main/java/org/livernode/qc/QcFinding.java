package org.livernode.qc;

/** One reason for review and what was measured, in words an operator reads ("liver volume 212 mL, below 450 mL"). */
public record QcFinding(QcReason reason, String detail) {
    public QcFinding {
        if (reason == null || detail == null || detail.isBlank()) {
            throw new IllegalArgumentException("a QC finding needs a reason and a detail");
        }
    }
}
