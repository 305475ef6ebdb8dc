package org.livernode.dicom;

/** How livernode names itself in association negotiation and in the file meta information it writes. */
public final class Implementation {
    /** A UUID-derived UID (PS3.5 B.2), fixed for livernode. */
    public static final String CLASS_UID = "2.25.152874262925683218883907472413041139801";
    /** At most 16 characters (SH). */
    public static final String VERSION_NAME = "LIVERNODE_0_1";

    private Implementation() {}
}
