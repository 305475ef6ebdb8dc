package org.livernode.output;

import org.livernode.dicom.DataSet;
import org.livernode.dicom.Tag;
import org.livernode.volume.CtVolume;

/**
 * The modules every object the node creates shares: SOP Common, Patient, General Study and Patient Study
 * (copied from the source), the series part of General/RT/Segmentation/SR Document Series and General Equipment.
 * Each writer adds its own modules after these; the SEG and the RT Structure Set add the Frame of Reference
 * ({@link SourceModules#putFrameOfReference}), which an SR without spatial coordinates must not have.
 */
public final class CommonModules {
    /** Manufacturer and ManufacturerModelName of everything the node writes. */
    public static final String MANUFACTURER = "livernode";

    private CommonModules() {}

    public static void put(DataSet dataSet, String sopClassUid, String modality, CtVolume source, OutputIdentity identity) {
        // SOP Common
        dataSet.put(Tag.SOPClassUID, sopClassUid);
        dataSet.put(Tag.SOPInstanceUID, identity.sopInstanceUid());

        // Patient, General Study, Patient Study
        SourceModules.copyPatientAndStudy(source.header(), dataSet);
        dataSet.put(Tag.StudyInstanceUID, source.studyInstanceUid());

        // Series
        dataSet.put(Tag.Modality, modality);
        dataSet.put(Tag.SeriesInstanceUID, identity.seriesInstanceUid());
        dataSet.put(Tag.SeriesNumber, Integer.toString(identity.seriesNumber()));
        dataSet.put(Tag.SeriesDescription, identity.seriesDescription());
        dataSet.put(Tag.SeriesDate, identity.contentDate());
        dataSet.put(Tag.SeriesTime, identity.contentTime());

        // General Equipment
        dataSet.put(Tag.Manufacturer, MANUFACTURER);
        dataSet.put(Tag.ManufacturerModelName, MANUFACTURER);
        dataSet.put(Tag.DeviceSerialNumber, identity.deviceSerialNumber());
        dataSet.put(Tag.SoftwareVersions, identity.softwareVersion());
    }
}
