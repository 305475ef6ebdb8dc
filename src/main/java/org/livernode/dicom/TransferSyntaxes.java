package org.livernode.dicom;

import com.pixelmed.dicom.TransferSyntax;

/** The transfer syntaxes the node names, and how logs name any transfer syntax. */
public final class TransferSyntaxes {
    public static final String EXPLICIT_VR_LITTLE_ENDIAN = TransferSyntax.ExplicitVRLittleEndian;
    public static final String IMPLICIT_VR_LITTLE_ENDIAN = TransferSyntax.ImplicitVRLittleEndian;
    public static final String EXPLICIT_VR_BIG_ENDIAN = TransferSyntax.ExplicitVRBigEndian;
    public static final String DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = TransferSyntax.DeflatedExplicitVRLittleEndian;
    public static final String RLE_LOSSLESS = TransferSyntax.RLE;
    public static final String JPEG_LOSSLESS = TransferSyntax.JPEGLossless;
    public static final String JPEG_LOSSLESS_SV1 = TransferSyntax.JPEGLosslessSV1;
    public static final String JPEG_2000_LOSSLESS = TransferSyntax.JPEG2000Lossless;
    public static final String JPEG_2000 = TransferSyntax.JPEG2000;

    private TransferSyntaxes() {}

    /** PixelMed's short name for a transfer syntax ("JPEG-LS"), or the UID as {@link LogSafe#uid} quotes it. */
    public static String description(String uid) {
        TransferSyntax syntax = new TransferSyntax(uid);
        return syntax.isRecognized() ? syntax.getDescription() : LogSafe.uid(uid);
    }
}
