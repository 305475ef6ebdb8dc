package org.livernode.volume;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.livernode.dicom.DerivedUid;
import org.livernode.dicom.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the instances of one CT series into a {@link CtVolume}: reads each file (decoding compressed pixel
 * data), converts stored values to Hounsfield units, sorts the slices by their position projected on the
 * slice normal, and checks that they form one axial volume on one grid.
 */
public final class VolumeAssembler {
    private static final Logger log = LoggerFactory.getLogger(VolumeAssembler.class);

    /** Slices whose normal is within about 25 degrees of the patient's z axis count as axial. */
    static final double MIN_AXIAL_NORMAL_Z = 0.9;
    /** Spacing differences below this (mm) are rounding, not a different grid. */
    static final double SPACING_TOLERANCE_MM = 1e-3;
    /** 4096 x 4096: larger than any CT slice. */
    static final long MAX_SLICE_PIXELS = 4096L * 4096;
    /** Two slices closer than this along the normal are at the same position. */
    static final double DUPLICATE_POSITION_MM = 0.01;

    private record Read(CtSlice slice, String seriesInstanceUid, String studyInstanceUid, String frameOfReferenceUid,
                        AttributeList header) {}

    public CtVolume assemble(List<Path> files) throws VolumeException {
        if (files.isEmpty()) {
            throw VolumeException.invalid("the series has no instances");
        }
        List<Read> reads = new ArrayList<>();
        int localizers = 0;
        for (Path file : files) {
            Read read = read(file);
            if (read == null) {
                localizers++;
            } else {
                reads.add(read);
            }
        }
        if (reads.isEmpty()) {
            throw VolumeException.notApplicable("the series holds only localizer images (" + localizers + ")");
        }
        if (localizers > 0) {
            log.info("Series {}: skipped {} localizer image(s) among its instances", LogSafe.uid(reads.get(0).seriesInstanceUid()), localizers);
        }
        Read first = reads.get(0);
        for (Read r : reads) {
            if (!r.seriesInstanceUid().equals(first.seriesInstanceUid())) {
                throw VolumeException.invalid("instances of two series were given together: " + LogSafe.uid(first.seriesInstanceUid())
                        + " and " + LogSafe.uid(r.seriesInstanceUid()));
            }
            SliceGeometry a = first.slice().geometry(), b = r.slice().geometry();
            if (a.rows() != b.rows() || a.columns() != b.columns()) {
                throw VolumeException.invalid("slices have different sizes: " + a.rows() + "x" + a.columns() + " ("
                        + LogSafe.uid(first.slice().sopInstanceUid()) + ") and " + b.rows() + "x" + b.columns() + " ("
                        + LogSafe.uid(r.slice().sopInstanceUid()) + ")");
            }
            if (!a.rowDirection().closeTo(b.rowDirection(), SliceGeometry.ORIENTATION_TOLERANCE)
                    || !a.columnDirection().closeTo(b.columnDirection(), SliceGeometry.ORIENTATION_TOLERANCE)) {
                throw VolumeException.invalid("slices have mixed orientations: " + orientation(a) + " (" + LogSafe.uid(first.slice().sopInstanceUid())
                        + ") and " + orientation(b) + " (" + LogSafe.uid(r.slice().sopInstanceUid()) + ")");
            }
            if (!a.sameGridAs(b, SPACING_TOLERANCE_MM)) {
                throw VolumeException.invalid("slices have different pixel spacings: " + a.rowSpacing() + "\\" + a.columnSpacing()
                        + " and " + b.rowSpacing() + "\\" + b.columnSpacing());
            }
        }
        Vec3 normal = first.slice().geometry().normal();
        if (Math.abs(normal.z()) < MIN_AXIAL_NORMAL_Z) {
            throw VolumeException.notApplicable("the series is not axial: " + orientation(first.slice().geometry()));
        }
        if (reads.size() < 2) {
            throw VolumeException.invalid("the series has only one slice; a volume needs at least two");
        }
        reads.sort(Comparator.comparingDouble(r -> r.slice().geometry().distanceAlong(normal)));
        for (int i = 1; i < reads.size(); i++) {
            double previous = reads.get(i - 1).slice().geometry().distanceAlong(normal);
            double current = reads.get(i).slice().geometry().distanceAlong(normal);
            if (current - previous < DUPLICATE_POSITION_MM) {
                throw VolumeException.invalid("two slices share the position " + String.format("%.3f", current) + " mm along the normal: "
                        + LogSafe.uid(reads.get(i - 1).slice().sopInstanceUid()) + " and " + LogSafe.uid(reads.get(i).slice().sopInstanceUid()));
            }
        }
        String frameOfReference = first.frameOfReferenceUid();
        boolean derived = frameOfReference.isEmpty();
        if (derived) {
            frameOfReference = DerivedUid.of(List.of(first.seriesInstanceUid(), "FrameOfReferenceUID"));
            log.warn("Series {} has no FrameOfReferenceUID (a Type 1 attribute of CT images); outputs use the derived {}",
                    LogSafe.uid(first.seriesInstanceUid()), frameOfReference);
        }
        return new CtVolume(first.seriesInstanceUid(), first.studyInstanceUid(), frameOfReference, derived,
                reads.stream().map(Read::slice).toList(), first.header());
    }

    /** Reads one instance; null for a localizer, which the series may contain among its axial slices. */
    private static Read read(Path file) throws VolumeException {
        AttributeList list;
        try {
            // The header first: PixelMed allocates what Rows and Columns say before it decodes, and a forged size
            // would make it allocate gigabytes (found by InboundFuzzIT).
            AttributeList header = new AttributeList();
            header.read(file.toFile(), TagFromName.PixelData);
            long pixels = (long) HeaderValues.intOr(header, TagFromName.Rows, 0) * HeaderValues.intOr(header, TagFromName.Columns, 0);
            if (pixels > MAX_SLICE_PIXELS) {
                throw VolumeException.invalid("instance " + file + " claims " + pixels + " pixels, more than a CT slice of "
                        + MAX_SLICE_PIXELS + " has");
            }
            list = new AttributeList();
            list.read(file.toFile());
        } catch (IOException | DicomException | RuntimeException e) {
            throw VolumeException.invalid("instance " + file + " cannot be read: " + LogSafe.parseFailure(e));
        }
        String sopInstanceUid = HeaderValues.string(list, TagFromName.SOPInstanceUID);
        String sopClassUid = HeaderValues.string(list, TagFromName.SOPClassUID);
        String modality = HeaderValues.string(list, TagFromName.Modality);
        if (sopClassUid.isEmpty() || sopInstanceUid.isEmpty()) {
            throw VolumeException.invalid("file " + file + " is not a DICOM instance: it has no SOPClassUID or SOPInstanceUID");
        }
        if (!SOPClass.CTImageStorage.equals(sopClassUid)) {
            throw VolumeException.notApplicable("instance " + LogSafe.uid(sopInstanceUid) + " is not a CT image (modality "
                    + (modality.isEmpty() ? "absent" : LogSafe.codeString(modality)) + ", SOP class " + LogSafe.uid(sopClassUid) + ")");
        }
        if (Arrays.asList(HeaderValues.strings(list, TagFromName.ImageType)).contains("LOCALIZER")) {
            return null;
        }
        String seriesUid = HeaderValues.string(list, TagFromName.SeriesInstanceUID);
        if (seriesUid.isEmpty()) {
            throw VolumeException.invalid("instance " + LogSafe.uid(sopInstanceUid) + " has no SeriesInstanceUID");
        }
        // Messages name the instance by its UID only when it is well-formed: a malformed one may hold other values.
        SliceGeometry geometry = geometry(list, LogSafe.uid(sopInstanceUid));
        short[] hu = hounsfieldUnits(list, LogSafe.uid(sopInstanceUid), geometry.rows() * geometry.columns());
        list.remove(TagFromName.PixelData);
        return new Read(new CtSlice(sopClassUid, sopInstanceUid, geometry, hu), seriesUid,
                HeaderValues.string(list, TagFromName.StudyInstanceUID),
                HeaderValues.string(list, TagFromName.FrameOfReferenceUID), list);
    }

    private static SliceGeometry geometry(AttributeList list, String sop) throws VolumeException {
        double[] position = HeaderValues.doubles(list, TagFromName.ImagePositionPatient);
        double[] orientation = HeaderValues.doubles(list, TagFromName.ImageOrientationPatient);
        double[] spacing = HeaderValues.doubles(list, TagFromName.PixelSpacing);
        int rows = HeaderValues.intOr(list, TagFromName.Rows, 0);
        int columns = HeaderValues.intOr(list, TagFromName.Columns, 0);
        if (position == null || position.length != 3) {
            throw VolumeException.invalid("instance " + sop + " has no usable ImagePositionPatient");
        }
        if (orientation == null || orientation.length != 6) {
            throw VolumeException.invalid("instance " + sop + " has no usable ImageOrientationPatient");
        }
        if (spacing == null || spacing.length != 2) {
            throw VolumeException.invalid("instance " + sop + " has no usable PixelSpacing");
        }
        try {
            return new SliceGeometry(Vec3.of(position),
                    new Vec3(orientation[0], orientation[1], orientation[2]),
                    new Vec3(orientation[3], orientation[4], orientation[5]),
                    spacing[0], spacing[1], rows, columns);
        } catch (IllegalArgumentException e) {
            throw VolumeException.invalid("instance " + sop + " has unusable geometry: " + e.getMessage());
        }
    }

    /**
     * Stored values to HU: only the low BitsStored bits count (the rest may hold overlays), sign-extended when
     * PixelRepresentation is 1, then RescaleSlope and RescaleIntercept. MONOCHROME1 only inverts the display,
     * not the rescale, so it needs nothing here.
     */
    private static short[] hounsfieldUnits(AttributeList list, String sop, int pixels) throws VolumeException {
        int samples = HeaderValues.intOr(list, TagFromName.SamplesPerPixel, 1);
        if (samples != 1) {
            throw VolumeException.invalid("instance " + sop + " has " + samples + " samples per pixel; CT needs 1");
        }
        int bitsAllocated = HeaderValues.intOr(list, TagFromName.BitsAllocated, 16);
        int bitsStored = HeaderValues.intOr(list, TagFromName.BitsStored, bitsAllocated);
        boolean signed = HeaderValues.intOr(list, TagFromName.PixelRepresentation, 0) == 1;
        double slope = HeaderValues.doubleOr(list, TagFromName.RescaleSlope, 1);
        double intercept = HeaderValues.doubleOr(list, TagFromName.RescaleIntercept, 0);
        if (bitsStored < 1 || bitsStored > bitsAllocated || (bitsAllocated != 8 && bitsAllocated != 16)) {
            throw VolumeException.invalid("instance " + sop + " has BitsAllocated " + bitsAllocated + " and BitsStored "
                    + bitsStored + "; supported are 8 or 16 bits allocated");
        }
        Attribute pixelData = list.getPixelData();
        if (pixelData == null) {
            throw VolumeException.invalid("instance " + sop + " has no PixelData");
        }
        int[] raw = new int[pixels];
        try {
            if (bitsAllocated == 16) {
                short[] values = pixelData.getShortValues();
                if (values == null || values.length < pixels) {
                    throw VolumeException.invalid("instance " + sop + " has " + (values == null ? 0 : values.length)
                            + " pixel values, expected " + pixels);
                }
                for (int i = 0; i < pixels; i++) {
                    raw[i] = values[i] & 0xffff;
                }
            } else {
                byte[] values = pixelData.getByteValues();
                if (values == null || values.length < pixels) {
                    throw VolumeException.invalid("instance " + sop + " has " + (values == null ? 0 : values.length)
                            + " pixel values, expected " + pixels);
                }
                for (int i = 0; i < pixels; i++) {
                    raw[i] = values[i] & 0xff;
                }
            }
        } catch (DicomException e) {
            throw VolumeException.invalid("instance " + sop + " pixel data cannot be decoded: " + LogSafe.parseFailure(e));
        }
        short[] hu = new short[pixels];
        int mask = (1 << bitsStored) - 1;
        int signBit = 1 << (bitsStored - 1);
        for (int i = 0; i < pixels; i++) {
            int v = raw[i] & mask;
            if (signed && (v & signBit) != 0) {
                v -= 1 << bitsStored;
            }
            long rounded = Math.round(v * slope + intercept);
            hu[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, rounded));
        }
        return hu;
    }

    private static String orientation(SliceGeometry g) {
        Vec3 r = g.rowDirection(), c = g.columnDirection();
        return String.format("ImageOrientationPatient %.3g\\%.3g\\%.3g\\%.3g\\%.3g\\%.3g", r.x(), r.y(), r.z(), c.x(), c.y(), c.z());
    }
}
