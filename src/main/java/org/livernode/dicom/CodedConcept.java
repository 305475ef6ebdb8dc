package org.livernode.dicom;

/** A DICOM code: CodeValue, CodingSchemeDesignator and CodeMeaning. */
public record CodedConcept(String value, String scheme, String meaning) {

    public CodedConcept {
        if (value == null || value.isBlank() || scheme == null || scheme.isBlank() || meaning == null || meaning.isBlank()) {
            throw new IllegalArgumentException("a code needs value, scheme and meaning, got " + value + "/" + scheme + "/" + meaning);
        }
        // CodeValue and CodingSchemeDesignator are SH (16 characters), CodeMeaning is LO (64 characters).
        if (!ValueCleaning.isValidValue(Tag.CodeValue, value)
                || !ValueCleaning.isValidValue(Tag.CodingSchemeDesignator, scheme)
                || !ValueCleaning.isValidValue(Tag.CodeMeaning, meaning)) {
            throw new IllegalArgumentException("code " + value + "/" + scheme + "/" + meaning + " does not fit DICOM: value and"
                    + " scheme at most 16 characters, meaning at most 64, no backslash or control characters");
        }
    }
}
