package org.livernode.output;

import java.util.Arrays;
import org.livernode.dicom.CodedConcept;
import org.livernode.dicom.Tag;
import org.livernode.dicom.ValueCleaning;

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
        // SegmentLabel and ROIName are LO.
        requireLongString(Tag.SegmentLabel, "segment label", label);
        if (category == null || type == null) {
            throw new IllegalArgumentException("segment category and type are required");
        }
        if (!"AUTOMATIC".equals(algorithmType) && !"SEMIAUTOMATIC".equals(algorithmType) && !"MANUAL".equals(algorithmType)) {
            throw new IllegalArgumentException("segment algorithmType must be AUTOMATIC, SEMIAUTOMATIC or MANUAL, got " + algorithmType);
        }
        if (!"MANUAL".equals(algorithmType)) {
            // AlgorithmName and AlgorithmVersion are Type 1 in the algorithm identification of a SEG.
            if (algorithmName == null || algorithmName.isBlank()) {
                throw new IllegalArgumentException("an " + algorithmType + " segment needs an algorithm name");
            }
            if (algorithmVersion == null || algorithmVersion.isBlank()) {
                throw new IllegalArgumentException("an " + algorithmType + " segment needs an algorithm version");
            }
            requireLongString(Tag.SegmentAlgorithmName, "algorithm name", algorithmName);
            requireLongString(Tag.AlgorithmVersion, "algorithm version", algorithmVersion);
        }
        if (recommendedDisplayRgb == null || recommendedDisplayRgb.length != 3) {
            throw new IllegalArgumentException("recommendedDisplayRgb needs 3 values");
        }
        for (int channel : recommendedDisplayRgb) {
            if (channel < 0 || channel > 255) {
                throw new IllegalArgumentException("recommendedDisplayRgb values must lie in 0..255, got " + Arrays.toString(recommendedDisplayRgb));
            }
        }
        recommendedDisplayRgb = recommendedDisplayRgb.clone();
    }

    /** A copy: the record's own array stays as validated. */
    @Override
    public int[] recommendedDisplayRgb() {
        return recommendedDisplayRgb.clone();
    }

    private static void requireLongString(Tag loTag, String name, String value) {
        if (!ValueCleaning.isValidValue(loTag, value)) {
            throw new IllegalArgumentException(name + " is not a valid LO value (at most 64 characters, no backslash or"
                    + " control characters, no leading or trailing spaces): \"" + value + "\"");
        }
    }
}
