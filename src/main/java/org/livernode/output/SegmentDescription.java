package org.livernode.output;

/**
 * What the node segments and with which algorithm: the content of one SegmentSequence item of a SEG and of
 * one ROI of an RT Structure Set.
 *
 * @param algorithmType AUTOMATIC for a model's output (SegmentAlgorithmType / ROIGenerationAlgorithm)
 * @param recommendedDisplayRgb display colour, 8 bits per channel
 */
public record SegmentDescription(
        String label,
        CodedConcept category,
        CodedConcept type,
        String algorithmType,
        String algorithmName,
        String algorithmVersion,
        int[] recommendedDisplayRgb) {

    public SegmentDescription {
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("segment label is missing");
        }
        if (!"AUTOMATIC".equals(algorithmType) && !"SEMIAUTOMATIC".equals(algorithmType) && !"MANUAL".equals(algorithmType)) {
            throw new IllegalArgumentException("segment algorithmType must be AUTOMATIC, SEMIAUTOMATIC or MANUAL, got " + algorithmType);
        }
        if (!"MANUAL".equals(algorithmType) && (algorithmName == null || algorithmName.isBlank())) {
            throw new IllegalArgumentException("an " + algorithmType + " segment needs an algorithm name");
        }
        if (recommendedDisplayRgb == null || recommendedDisplayRgb.length != 3) {
            throw new IllegalArgumentException("recommendedDisplayRgb needs 3 values");
        }
        recommendedDisplayRgb = recommendedDisplayRgb.clone();
    }
}
