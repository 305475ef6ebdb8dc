package org.livernode.dimse;

/** DIMSE status codes (PS3.7 annex C, PS3.4 B.2.3) and their categories. */
public final class DicomStatus {
    public static final int SUCCESS = 0x0000;
    public static final int PENDING = 0xFF00;
    public static final int CANCEL = 0xFE00;

    public static final int WARNING_ATTRIBUTE_LIST_ERROR = 0x0107;
    public static final int COERCION_OF_DATA_ELEMENTS = 0xB000;
    public static final int ELEMENTS_DISCARDED = 0xB006;
    public static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS_WARNING = 0xB007;

    public static final int PROCESSING_FAILURE = 0x0110;
    public static final int INVALID_SOP_INSTANCE = 0x0117;
    public static final int NO_SUCH_SOP_CLASS = 0x0118;
    public static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;
    public static final int UNRECOGNIZED_OPERATION = 0x0211;
    public static final int OUT_OF_RESOURCES = 0xA700;
    public static final int DATA_SET_DOES_NOT_MATCH_SOP_CLASS = 0xA900;
    public static final int CANNOT_UNDERSTAND = 0xC000;

    private DicomStatus() {}

    public static boolean isSuccess(int status) {
        return status == SUCCESS;
    }

    /** Warnings: the operation was performed, with a reservation (the instance was stored, for C-STORE). */
    public static boolean isWarning(int status) {
        return status == 0x0001 || status == WARNING_ATTRIBUTE_LIST_ERROR || (status & 0xF000) == 0xB000;
    }

    public static boolean isPending(int status) {
        return status == PENDING || status == 0xFF01;
    }

    /** Anything that is not success, warning, pending or cancel is a failure. */
    public static boolean isFailure(int status) {
        return !isSuccess(status) && !isWarning(status) && !isPending(status) && status != CANCEL;
    }

    /** The code as four hex digits with a short meaning, e.g. "A700 (out of resources)". */
    public static String describe(int status) {
        String meaning = switch (status) {
            case SUCCESS -> "success";
            case PENDING, 0xFF01 -> "pending";
            case CANCEL -> "cancel";
            case COERCION_OF_DATA_ELEMENTS -> "warning: coercion of data elements";
            case ELEMENTS_DISCARDED -> "warning: elements discarded";
            case DATA_SET_DOES_NOT_MATCH_SOP_CLASS_WARNING -> "warning: data set does not match SOP class";
            case PROCESSING_FAILURE -> "processing failure";
            case INVALID_SOP_INSTANCE -> "invalid SOP instance";
            case NO_SUCH_SOP_CLASS -> "no such SOP class";
            case SOP_CLASS_NOT_SUPPORTED -> "SOP class not supported";
            case UNRECOGNIZED_OPERATION -> "unrecognized operation";
            case OUT_OF_RESOURCES -> "out of resources";
            case DATA_SET_DOES_NOT_MATCH_SOP_CLASS -> "data set does not match SOP class";
            case CANNOT_UNDERSTAND -> "cannot understand";
            default -> isWarning(status) ? "warning" : "failure";
        };
        return String.format("%04X (%s)", status, meaning);
    }
}
