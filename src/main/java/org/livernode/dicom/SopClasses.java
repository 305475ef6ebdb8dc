package org.livernode.dicom;

import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.SOPClassDescriptions;

/** The SOP classes the node receives, sends and writes, and what is known about others. */
public final class SopClasses {
    public static final String VERIFICATION = SOPClass.Verification;
    public static final String CT_IMAGE_STORAGE = SOPClass.CTImageStorage;
    public static final String SEGMENTATION_STORAGE = SOPClass.SegmentationStorage;
    public static final String RT_STRUCTURE_SET_STORAGE = SOPClass.RTStructureSetStorage;
    public static final String COMPREHENSIVE_3D_SR_STORAGE = SOPClass.Comprehensive3DSRStorage;

    private SopClasses() {}

    /** True for the storage SOP classes of PS3.4 annex B that the data dictionary knows. */
    public static boolean isStorage(String sopClassUid) {
        return SOPClass.isStorage(sopClassUid);
    }

    /** The SOP class's keyword ("CTImageStorage"), or its UID when the dictionary does not know it. */
    public static String keyword(String sopClassUid) {
        String keyword = SOPClassDescriptions.getKeywordFromUID(sopClassUid);
        return keyword == null || keyword.isEmpty() ? sopClassUid : keyword;
    }
}
