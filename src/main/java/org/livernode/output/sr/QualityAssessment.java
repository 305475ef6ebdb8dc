package org.livernode.output.sr;

import java.util.List;
import java.util.Set;

/**
 * The outcome of the checks on a segmentation, as the volume report states it: PASS, or REVIEW with the reasons
 * a person should look at it.
 */
public record QualityAssessment(String outcome, List<String> reasons) {
    public static final String PASS = "PASS";
    public static final String REVIEW = "REVIEW";
    private static final Set<String> OUTCOMES = Set.of(PASS, REVIEW);

    public QualityAssessment {
        if (!OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException("the quality outcome must be PASS or REVIEW, got " + outcome);
        }
        if (reasons == null) {
            throw new IllegalArgumentException("reasons is null; a PASS has an empty list");
        }
        reasons = List.copyOf(reasons);
        if (PASS.equals(outcome) && !reasons.isEmpty()) {
            throw new IllegalArgumentException("a PASS has no reasons, got " + reasons);
        }
        if (REVIEW.equals(outcome) && reasons.isEmpty()) {
            throw new IllegalArgumentException("a REVIEW needs at least one reason");
        }
        for (String reason : reasons) {
            if (reason.isBlank()) {
                throw new IllegalArgumentException("a REVIEW reason is blank: " + reasons);
            }
        }
    }

    public static QualityAssessment pass() {
        return new QualityAssessment(PASS, List.of());
    }

    public static QualityAssessment review(List<String> reasons) {
        return new QualityAssessment(REVIEW, reasons);
    }
}
