package org.livernode.dicom;

import com.pixelmed.utils.ColorUtilities;

/** Colours as DICOM stores them for display (RecommendedDisplayCIELabValue): CIELab scaled to 16 bits (PS3.3 C.10.7.1.1). */
public final class CieLab {

    private CieLab() {}

    /** L*, a* and b* of an sRGB colour (8 bits per channel), each scaled to 0..65535. */
    public static int[] fromSrgb(int[] rgb) {
        return ColorUtilities.getIntegerScaledCIELabPCSFromSRGB(rgb);
    }
}
