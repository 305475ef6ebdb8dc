package org.livernode.testing;

import static org.livernode.dicom.AttributeLists.put;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.livernode.volume.Vec3;

/**
 * A synthetic abdominal CT series with a known "liver": an ellipsoid of 100 HU inside a body of 20 HU, a
 * bone cylinder of 400 HU and air of -1000 HU around. Geometry (orientation, spacing, positions) is
 * configurable so that tests can check outputs in patient coordinates. Written as CT Image Storage files.
 */
public final class CtPhantom {

    public static final short LIVER_HU = 100;
    public static final short BODY_HU = 20;
    public static final short BONE_HU = 400;
    public static final short AIR_HU = -1000;

    /** KVP, which PixelMed's TagFromName lacks (its dictionary knows it). */
    private static final AttributeTag KVP = new AttributeTag(0x0018, 0x0060);

    /** Liver ellipsoid centre and semi-axes in patient coordinates (mm). */
    public static final Vec3 LIVER_CENTRE = new Vec3(-40, 10, 0);
    public static final Vec3 LIVER_SEMI_AXES = new Vec3(45, 35, 30);
    private static final double BODY_RADIUS = 110;
    private static final Vec3 BONE_CENTRE = new Vec3(0, 60, 0);
    private static final double BONE_RADIUS = 15;

    private int slices = 24;
    private int rows = 64;
    private int columns = 64;
    private double pixelSpacing = 4.0;
    private double sliceSpacing = 4.0;
    private Vec3 rowDirection = new Vec3(1, 0, 0);
    private Vec3 columnDirection = new Vec3(0, 1, 0);
    private boolean withFrameOfReference = true;
    private String seriesInstanceUid = "1.2.826.0.1.3680043.10.1078.1." + System.nanoTime();
    private String studyInstanceUid = "1.2.826.0.1.3680043.10.1078.2.1";
    private String patientName = "Phantom^Liver";
    private String patientId = "LIVERPHANTOM";
    private String seriesDescription = "Phantom abdomen";
    private int bitsStored = 16;
    private boolean signedPixels = true;
    private double rescaleSlope = 1;
    private double rescaleIntercept = 0;
    private String transferSyntax = TransferSyntax.ExplicitVRLittleEndian;
    /** Direction in which slice positions advance; null means along the slice normal (no gantry tilt). */
    private Vec3 stackDirection;

    public CtPhantom slices(int n) { this.slices = n; return this; }
    public CtPhantom matrix(int rows, int columns) { this.rows = rows; this.columns = columns; return this; }
    public CtPhantom pixelSpacing(double mm) { this.pixelSpacing = mm; return this; }
    public CtPhantom sliceSpacing(double mm) { this.sliceSpacing = mm; return this; }
    public CtPhantom orientation(Vec3 row, Vec3 column) { this.rowDirection = row; this.columnDirection = column; return this; }
    public CtPhantom withoutFrameOfReference() { this.withFrameOfReference = false; return this; }
    public CtPhantom seriesInstanceUid(String uid) { this.seriesInstanceUid = uid; return this; }
    public CtPhantom studyInstanceUid(String uid) { this.studyInstanceUid = uid; return this; }
    public CtPhantom patient(String name, String id) { this.patientName = name; this.patientId = id; return this; }
    public CtPhantom seriesDescription(String text) { this.seriesDescription = text; return this; }
    /** How HU are stored: stored = (HU - intercept) / slope in {@code bitsStored} bits, signed or not. */
    public CtPhantom storage(int bitsStored, boolean signed, double slope, double intercept) {
        this.bitsStored = bitsStored; this.signedPixels = signed; this.rescaleSlope = slope; this.rescaleIntercept = intercept; return this;
    }
    /** Transfer syntax of the written files; PixelMed compresses when it has an encoder for it. */
    public CtPhantom transferSyntax(String uid) { this.transferSyntax = uid; return this; }
    /**
     * A gantry tilted by {@code degrees} about the patient's x axis: the slices tilt with it while the table, and
     * so the slice positions, advance along z, as tilted head and abdomen scans are stored.
     */
    public CtPhantom gantryTilt(double degrees) {
        double t = Math.toRadians(degrees);
        this.rowDirection = new Vec3(1, 0, 0);
        this.columnDirection = new Vec3(0, Math.cos(t), Math.sin(t));
        this.stackDirection = new Vec3(0, 0, 1);
        return this;
    }

    public String seriesInstanceUid() { return seriesInstanceUid; }
    public String studyInstanceUid() { return studyInstanceUid; }
    public int sliceCount() { return slices; }

    /** SOP Instance UID of slice {@code index} (0 = most negative position along the normal). */
    public String sopInstanceUid(int index) {
        return seriesInstanceUid + "." + (index + 1);
    }

    /** True when the point lies inside the phantom's liver. */
    public static boolean isLiver(Vec3 p) {
        Vec3 d = p.minus(LIVER_CENTRE);
        double a = d.x() / LIVER_SEMI_AXES.x(), b = d.y() / LIVER_SEMI_AXES.y(), c = d.z() / LIVER_SEMI_AXES.z();
        return a * a + b * b + c * c <= 1;
    }

    /** Hounsfield value of the phantom at a point. */
    public static short huAt(Vec3 p) {
        if (isLiver(p)) {
            return LIVER_HU;
        }
        double bx = p.x() - BONE_CENTRE.x(), by = p.y() - BONE_CENTRE.y();
        if (bx * bx + by * by <= BONE_RADIUS * BONE_RADIUS) {
            return BONE_HU;
        }
        return p.x() * p.x() + p.y() * p.y() <= BODY_RADIUS * BODY_RADIUS ? BODY_HU : AIR_HU;
    }

    private Vec3 normal() {
        return rowDirection.cross(columnDirection).normalized();
    }

    /** ImagePositionPatient of slice {@code index}: the grid is centred on the origin in every direction. */
    public Vec3 position(int index) {
        Vec3 centreOffset = rowDirection.times((columns - 1) * pixelSpacing / 2)
                .plus(columnDirection.times((rows - 1) * pixelSpacing / 2));
        double along = (index - (slices - 1) / 2.0) * sliceSpacing;
        return (stackDirection == null ? normal() : stackDirection).times(along).minus(centreOffset);
    }

    /** Patient coordinates of the centre of pixel (row, column) of slice {@code index}. */
    public Vec3 pixelCentre(int index, int row, int column) {
        return position(index).plus(rowDirection.times(column * pixelSpacing)).plus(columnDirection.times(row * pixelSpacing));
    }

    /** Writes the series as one file per slice, named {@code slice-NNN.dcm}; returns the files in slice order. */
    public List<Path> write(Path folder) throws IOException {
        Files.createDirectories(folder);
        List<Path> files = new ArrayList<>();
        for (int z = 0; z < slices; z++) {
            Path file = folder.resolve(String.format("slice-%03d.dcm", z));
            try {
                AttributeList list = sliceAttributes(z);
                FileMetaInformation.addFileMetaInformation(list, transferSyntax, "LIVERTEST");
                list.write(file.toFile(), transferSyntax, true, true);
            } catch (DicomException e) {
                throw new IOException("cannot write phantom slice " + file, e);
            }
            files.add(file);
        }
        return files;
    }

    /** The header and pixels of slice {@code index}, without file meta information. */
    public AttributeList sliceAttributes(int index) throws DicomException {
        AttributeList list = new AttributeList();
        put(list, TagFromName.SOPClassUID, SOPClass.CTImageStorage);
        put(list, TagFromName.SOPInstanceUID, sopInstanceUid(index));
        put(list, TagFromName.StudyInstanceUID, studyInstanceUid);
        put(list, TagFromName.SeriesInstanceUID, seriesInstanceUid);
        if (withFrameOfReference) {
            put(list, TagFromName.FrameOfReferenceUID, seriesInstanceUid + ".0");
            put(list, TagFromName.PositionReferenceIndicator, "");
        }
        put(list, TagFromName.PatientName, patientName);
        put(list, TagFromName.PatientID, patientId);
        put(list, TagFromName.PatientBirthDate, "19700101");
        put(list, TagFromName.PatientSex, "O");
        put(list, TagFromName.StudyDate, "20261127");
        put(list, TagFromName.StudyTime, "101500");
        put(list, TagFromName.AccessionNumber, "ACC0001");
        put(list, TagFromName.ReferringPhysicianName, "");
        put(list, TagFromName.StudyID, "1");
        put(list, TagFromName.Modality, "CT");
        put(list, TagFromName.SeriesNumber, "3");
        put(list, TagFromName.SeriesDescription, seriesDescription);
        put(list, TagFromName.Manufacturer, "livernode tests");
        put(list, TagFromName.InstanceNumber, Integer.toString(index + 1));
        put(list, TagFromName.ImageType, "ORIGINAL\\PRIMARY\\AXIAL");
        put(list, KVP, "120");
        put(list, TagFromName.SliceThickness, ds(sliceSpacing));
        Vec3 p = position(index);
        put(list, TagFromName.ImagePositionPatient, ds(p.x()), ds(p.y()), ds(p.z()));
        put(list, TagFromName.ImageOrientationPatient,
                ds(rowDirection.x()), ds(rowDirection.y()), ds(rowDirection.z()),
                ds(columnDirection.x()), ds(columnDirection.y()), ds(columnDirection.z()));
        put(list, TagFromName.PixelSpacing, ds(pixelSpacing), ds(pixelSpacing));
        put(list, TagFromName.SamplesPerPixel, "1");
        put(list, TagFromName.PhotometricInterpretation, "MONOCHROME2");
        put(list, TagFromName.Rows, Integer.toString(rows));
        put(list, TagFromName.Columns, Integer.toString(columns));
        put(list, TagFromName.BitsAllocated, "16");
        put(list, TagFromName.BitsStored, Integer.toString(bitsStored));
        put(list, TagFromName.HighBit, Integer.toString(bitsStored - 1));
        put(list, TagFromName.PixelRepresentation, signedPixels ? "1" : "0");
        put(list, TagFromName.RescaleIntercept, ds(rescaleIntercept));
        put(list, TagFromName.RescaleSlope, ds(rescaleSlope));
        put(list, TagFromName.RescaleType, "HU");
        put(list, TagFromName.WindowCenter, "40");
        put(list, TagFromName.WindowWidth, "400");
        short[] pixels = new short[rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                long stored = Math.round((huAt(pixelCentre(index, r, c)) - rescaleIntercept) / rescaleSlope);
                if (signedPixels ? stored < -(1L << (bitsStored - 1)) || stored >= 1L << (bitsStored - 1) : stored < 0 || stored >= 1L << bitsStored) {
                    throw new IllegalStateException("HU do not fit the chosen storage: stored value " + stored);
                }
                pixels[r * columns + c] = (short) stored;
            }
        }
        OtherWordAttribute pixelData = new OtherWordAttribute(TagFromName.PixelData);
        pixelData.setValues(pixels);
        list.put(pixelData);
        return list;
    }

    private static String ds(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.6f", v);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s.equals("-0") ? "0" : s;
    }

}
