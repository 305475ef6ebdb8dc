package org.livernode.output;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import org.livernode.volume.CtVolume;

/**
 * The modules every object the node creates shares: SOP Common, Patient, General Study and Patient Study
 * (copied from the source), the series part of General/RT/Segmentation Series, Frame of Reference and General
 * Equipment. Each writer adds its own modules after these.
 */
public final class CommonModules {
    /** Manufacturer and ManufacturerModelName of everything the node writes. */
    public static final String MANUFACTURER = "livernode";

    private CommonModules() {}

    public static void put(AttributeList list, String sopClassUid, String modality, CtVolume source, OutputIdentity identity)
            throws DicomException {
        // SOP Common
        DicomAttributes.put(list, TagFromName.SOPClassUID, sopClassUid);
        DicomAttributes.put(list, TagFromName.SOPInstanceUID, identity.sopInstanceUid());

        // Patient, General Study, Patient Study
        SourceModules.copyPatientAndStudy(source.header(), list);
        DicomAttributes.put(list, TagFromName.StudyInstanceUID, source.studyInstanceUid());

        // Series
        DicomAttributes.put(list, TagFromName.Modality, modality);
        DicomAttributes.put(list, TagFromName.SeriesInstanceUID, identity.seriesInstanceUid());
        DicomAttributes.put(list, TagFromName.SeriesNumber, Integer.toString(identity.seriesNumber()));
        DicomAttributes.put(list, TagFromName.SeriesDescription, identity.seriesDescription());
        DicomAttributes.put(list, TagFromName.SeriesDate, identity.contentDate());
        DicomAttributes.put(list, TagFromName.SeriesTime, identity.contentTime());

        SourceModules.putFrameOfReference(source, list);

        // General Equipment
        DicomAttributes.put(list, TagFromName.Manufacturer, MANUFACTURER);
        DicomAttributes.put(list, TagFromName.ManufacturerModelName, MANUFACTURER);
        DicomAttributes.put(list, TagFromName.DeviceSerialNumber, identity.deviceSerialNumber());
        DicomAttributes.put(list, TagFromName.SoftwareVersions, identity.softwareVersion());
    }
}
