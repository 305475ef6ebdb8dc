package org.livernode.state;

import java.util.List;

/**
 * The quality check of a job's result as the job keeps it.
 *
 * @param outcome PASS or REVIEW
 * @param findings why a REVIEW, each a reason's label and what was measured
 * @param volumeMl the liver's volume; only the part within the scanned range when {@code withinScannedRangeOnly}
 */
public record QualityRecord(String outcome, List<Finding> findings, double volumeMl, boolean withinScannedRangeOnly) {

    public record Finding(String reason, String detail) {}

    public QualityRecord {
        findings = List.copyOf(findings);
    }
}
