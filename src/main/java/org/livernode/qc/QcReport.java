package org.livernode.qc;

import java.util.List;
import java.util.stream.Collectors;

/** The quality check's verdict on one result: the outcome, why, and what was measured. */
public record QcReport(QcOutcome outcome, List<QcFinding> findings, LiverMeasurements measurements) {
    public QcReport {
        findings = List.copyOf(findings);
        if ((outcome == QcOutcome.PASS) != findings.isEmpty()) {
            throw new IllegalArgumentException("a REVIEW needs at least one finding and a PASS none, got " + outcome + " with " + findings);
        }
    }

    public static QcReport of(List<QcFinding> findings, LiverMeasurements measurements) {
        return new QcReport(findings.isEmpty() ? QcOutcome.PASS : QcOutcome.REVIEW, findings, measurements);
    }

    /** "REVIEW: cut by field of view, uncertain model", or "PASS". */
    public String summary() {
        return outcome == QcOutcome.PASS ? "PASS"
                : "REVIEW: " + findings.stream().map(f -> f.reason().phrase()).distinct().collect(Collectors.joining(", "));
    }
}
