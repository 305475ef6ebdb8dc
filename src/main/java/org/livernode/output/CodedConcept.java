package org.livernode.output;

/** A DICOM code: CodeValue, CodingSchemeDesignator and CodeMeaning. */
public record CodedConcept(String value, String scheme, String meaning) {

    public CodedConcept {
        if (value == null || value.isBlank() || scheme == null || scheme.isBlank() || meaning == null || meaning.isBlank()) {
            throw new IllegalArgumentException("a code needs value, scheme and meaning, got " + value + "/" + scheme + "/" + meaning);
        }
    }
}
