package org.livernode.volume;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.livernode.dicom.DerivedUid;
import org.livernode.dicom.DicomReadException;
import org.livernode.dicom.InstanceHeader;
import org.livernode.dicom.LogSafe;
import org.livernode.dicom.SopClasses;
import org.livernode.dicom.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the instances of one CT series into a {@link CtVolume}: reads each file's header, sorts the slices by
 * their position projected on the slice normal, and checks that they form one axial volume on one grid. Pixels
 * stay in the files until {@link PixelReader} decodes them slice by slice, so a series of thousands of slices
 * never needs its native pixels in memory at once.
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
    /** Stacking this far off the normal is a tilted gantry, not rounding in the positions. */
    static final double GANTRY_TILT_DEGREES = 0.5;

    private record Read(CtSlice slice, String seriesInstanceUid, String studyInstanceUid, String frameOfReferenceUid,
                        InstanceHeader header) {}

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
            log.info("Skipped {} localizer image(s) among the series' instances", localizers);
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
        if (!isAxial(first.slice().geometry())) {
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
        warnAboutGantryTilt(reads, normal);
        String frameOfReference = first.frameOfReferenceUid();
        boolean derived = frameOfReference.isEmpty();
        if (derived) {
            frameOfReference = DerivedUid.of(List.of(first.seriesInstanceUid(), "FrameOfReferenceUID"));
            log.warn("No FrameOfReferenceUID in the series (a Type 1 attribute of CT images); outputs use the derived {}", frameOfReference);
        }
        return new CtVolume(first.seriesInstanceUid(), first.studyInstanceUid(), frameOfReference, derived,
                reads.stream().map(Read::slice).toList(), first.header());
    }

    /** Whether a slice is axial enough for the node: its normal within about 25 degrees of the patient's z axis. */
    public static boolean isAxial(SliceGeometry geometry) {
        return Math.abs(geometry.normal().z()) >= MIN_AXIAL_NORMAL_Z;
    }

    /**
     * One instance as a slice of a volume, read as {@link #assemble} reads it (header only); empty for a localizer.
     *
     * @throws VolumeException the instance is not a usable CT slice (the same reason {@link #assemble} would give)
     */
    public static Optional<CtSlice> slice(Path file) throws VolumeException {
        return Optional.ofNullable(read(file)).map(Read::slice);
    }

    /**
     * With a tilted gantry the slices are not stacked along their normal. Each slice is still segmented in its own
     * plane and every output is placed per slice from that slice's own position, so nothing is resampled; the
     * tilt is worth a line in the log because viewers that assume a straight stack show such series sheared.
     */
    private static void warnAboutGantryTilt(List<Read> sorted, Vec3 normal) {
        Vec3 stack = sorted.get(sorted.size() - 1).slice().geometry().position().minus(sorted.get(0).slice().geometry().position());
        double degrees = Math.toDegrees(Math.acos(Math.min(1, Math.abs(stack.normalized().dot(normal)))));
        if (degrees > GANTRY_TILT_DEGREES) {
            log.warn("Slices are stacked {} degrees off their normal (gantry tilt); each slice is segmented and placed in its own plane",
                    String.format("%.1f", degrees));
        }
    }

    /**
     * Reads one instance's header (up to its pixel data, which {@link PixelReader} decodes when the slice is
     * needed); null for a localizer, which the series may contain among its axial slices.
     */
    private static Read read(Path file) throws VolumeException {
        InstanceHeader header;
        try {
            // Headers only: pixels are decoded slice by slice later.
            header = InstanceHeader.read(file);
        } catch (DicomReadException e) {
            throw VolumeException.invalid(e.getMessage());
        }
        // Checking the claimed size here keeps a forged Rows x Columns from making the decoder allocate gigabytes
        // later (found by InboundFuzzIT).
        long pixels = (long) header.intOr(Tag.Rows, 0) * header.intOr(Tag.Columns, 0);
        if (pixels > MAX_SLICE_PIXELS) {
            throw VolumeException.invalid("instance " + file + " claims " + pixels + " pixels, more than a CT slice of "
                    + MAX_SLICE_PIXELS + " has");
        }
        String sopInstanceUid = header.sopInstanceUid();
        String sopClassUid = header.sopClassUid();
        String modality = header.modality();
        if (sopClassUid.isEmpty() || sopInstanceUid.isEmpty()) {
            throw VolumeException.invalid("file " + file + " is not a DICOM instance: it has no SOPClassUID or SOPInstanceUID");
        }
        if (!SopClasses.CT_IMAGE_STORAGE.equals(sopClassUid)) {
            throw VolumeException.notApplicable("instance " + LogSafe.uid(sopInstanceUid) + " is not a CT image (modality "
                    + (modality.isEmpty() ? "absent" : LogSafe.codeString(modality)) + ", SOP class " + LogSafe.uid(sopClassUid) + ")");
        }
        if (header.imageType().contains("LOCALIZER")) {
            return null;
        }
        String seriesUid = header.seriesInstanceUid();
        if (seriesUid.isEmpty()) {
            throw VolumeException.invalid("instance " + LogSafe.uid(sopInstanceUid) + " has no SeriesInstanceUID");
        }
        // Messages name the instance by its UID only when it is well-formed: a malformed one may hold other values.
        SliceGeometry geometry = geometry(header, LogSafe.uid(sopInstanceUid));
        PixelReader.checkPixelModule(header, LogSafe.uid(sopInstanceUid));
        return new Read(new CtSlice(sopClassUid, sopInstanceUid, geometry, file), seriesUid,
                header.studyInstanceUid(), header.frameOfReferenceUid(), header);
    }

    private static SliceGeometry geometry(InstanceHeader header, String sop) throws VolumeException {
        double[] position = header.doubles(Tag.ImagePositionPatient).orElse(null);
        double[] orientation = header.doubles(Tag.ImageOrientationPatient).orElse(null);
        double[] spacing = header.doubles(Tag.PixelSpacing).orElse(null);
        int rows = header.intOr(Tag.Rows, 0);
        int columns = header.intOr(Tag.Columns, 0);
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

    private static String orientation(SliceGeometry g) {
        Vec3 r = g.rowDirection(), c = g.columnDirection();
        return String.format("ImageOrientationPatient %.3g\\%.3g\\%.3g\\%.3g\\%.3g\\%.3g", r.x(), r.y(), r.z(), c.x(), c.y(), c.z());
    }
}
