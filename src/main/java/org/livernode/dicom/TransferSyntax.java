package org.livernode.dicom;

/** The transfer syntaxes the node writes its objects in. */
public enum TransferSyntax {
    EXPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2.1"),
    IMPLICIT_VR_LITTLE_ENDIAN("1.2.840.10008.1.2");

    private final String uid;

    TransferSyntax(String uid) {
        this.uid = uid;
    }

    public String uid() {
        return uid;
    }
}
