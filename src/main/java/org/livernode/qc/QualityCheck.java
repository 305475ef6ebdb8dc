package org.livernode.qc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.livernode.inference.ModelManifest;
import org.livernode.inference.Segmentation;
import org.livernode.inference.SliceStatistics;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.SliceGeometry;
import org.livernode.volume.Vec3;

/**
 * The plausibility checks of one segmentation, from the final mask, the statistics gathered while it was segmented
 * (probabilities and CT values of the thresholded mask, the body's extent) and the volume's geometry, against the
 * limits in the model's manifest. Pure: one pass over the mask's non-empty slices, no I/O.
 */
public final class QualityCheck {
    /** Eight mask bytes read as one long, to pass over empty stretches and inside runs eight pixels at a time. */
    private static final VarHandle EIGHT_BYTES = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long EIGHT_ONES = 0x0101010101010101L;

    private QualityCheck() {}

    public static QcReport assess(CtVolume volume, Segmentation segmentation, ModelManifest.QualityLimits limits) {
        LiverMeasurements m = measure(volume, segmentation, limits);
        List<QcFinding> findings = new ArrayList<>();
        if (m.volumeMl() < limits.noLiverBelowMl().value()) {
            // Whatever else is wrong with a few voxels says nothing more.
            findings.add(new QcFinding(QcReason.NO_LIVER, "liver volume " + ml(m.volumeMl()) + ", below "
                    + ml(limits.noLiverBelowMl().value()) + ": no liver in the scanned range"));
            return QcReport.of(findings, m);
        }
        if (m.withinScannedRangeOnly()) {
            findings.add(new QcFinding(QcReason.CUT_BY_FIELD_OF_VIEW, "liver cut by the " + String.join(" and the ",
                    m.cuts().stream().sorted().map(LiverMeasurements.Cut::words).toList()) + "; " + ml(m.volumeMl())
                    + " within the scanned range"));
        } else if (m.volumeMl() < limits.smallLiverBelowMl().value()) {
            findings.add(new QcFinding(QcReason.SMALL_LIVER, "liver volume " + ml(m.volumeMl()) + ", below "
                    + ml(limits.smallLiverBelowMl().value())));
        }
        if (m.volumeMl() > limits.largeLiverAboveMl().value()) {
            findings.add(new QcFinding(QcReason.LARGE_LIVER, "liver volume " + ml(m.volumeMl()) + ", above "
                    + ml(limits.largeLiverAboveMl().value())));
        }
        if (!(m.rightShare() >= limits.rightShareBelow().value())) {
            findings.add(new QcFinding(QcReason.NOT_ON_PATIENT_RIGHT, Double.isNaN(m.rightShare())
                    ? "no body found to place the liver in"
                    : percent(m.rightShare()) + " of the liver on the patient's right of the body's midline (at least "
                            + percent(limits.rightShareBelow().value()) + " expected); its centre " + mm(Math.abs(m.rightOfBodyMm()))
                            + " to the " + (m.rightOfBodyMm() < 0 ? "left" : "right")));
        }
        if (m.droppedShare() > limits.removedShareAbove().value()) {
            findings.add(new QcFinding(QcReason.FRAGMENTED, "post-processing removed " + m.droppedComponents() + " component(s), "
                    + percent(m.droppedShare()) + " of the mask (limit " + percent(limits.removedShareAbove().value()) + ")"));
        }
        if (m.uncertainShare() > limits.uncertainShareAbove().value()) {
            findings.add(new QcFinding(QcReason.UNCERTAIN, percent(m.uncertainShare()) + " of the mask with a probability below "
                    + limits.uncertainProbabilityBelow().value() + " (limit " + percent(limits.uncertainShareAbove().value()) + ")"));
        }
        if (!(m.meanHu() >= limits.meanHuBelow().value() && m.meanHu() <= limits.meanHuAbove().value())) {
            findings.add(new QcFinding(QcReason.CT_VALUES, "mean CT value " + hu(m.meanHu()) + ", outside " + hu(limits.meanHuBelow().value())
                    + " to " + hu(limits.meanHuAbove().value())));
        }
        if (m.huSpread() > limits.huSpreadAbove().value()) {
            findings.add(new QcFinding(QcReason.CT_VALUES, "CT values spread " + hu(m.huSpread()) + " (standard deviation), above "
                    + hu(limits.huSpreadAbove().value())));
        }
        if (m.gapSlices() > 0) {
            findings.add(new QcFinding(QcReason.DISCONTINUOUS, m.gapSlices() + " slice(s) without liver between slices with liver"));
        }
        if (m.largestAreaJump() > limits.areaJumpAbove().value()) {
            findings.add(new QcFinding(QcReason.DISCONTINUOUS, "the liver's area changes by " + percent(m.largestAreaJump())
                    + " of its largest between neighbouring slices (limit " + percent(limits.areaJumpAbove().value()) + ")"));
        }
        return QcReport.of(findings, m);
    }

    static LiverMeasurements measure(CtVolume volume, Segmentation segmentation, ModelManifest.QualityLimits limits) {
        SegmentationMask mask = segmentation.mask();
        SliceGeometry grid = volume.slices().get(0).geometry();
        int rows = mask.rows(), columns = mask.columns();
        double pixelMm2 = grid.rowSpacing() * grid.columnSpacing();
        double[] thickness = volume.sliceThicknesses();

        long voxels = 0, sided = 0, onRight = 0;
        double cubicMm = 0;
        double[] area = new double[mask.depth()];
        Vec3 liverSum = new Vec3(0, 0, 0);
        double borderMm = 0;
        int first = -1, last = -1;
        for (int z = 0; z < mask.depth(); z++) {
            if (mask.isEmpty(z)) {
                continue;
            }
            byte[] plane = mask.plane(z);
            SliceStatistics body = segmentation.slices().get(z);
            SliceGeometry geometry = volume.slices().get(z).geometry();
            // Patient x (growing to the patient's left) of pixel (r, c) relative to the body's midline: a c + b r + offset.
            double a = geometry.columnSpacing() * geometry.rowDirection().x(), b = geometry.rowSpacing() * geometry.columnDirection().x();
            double offset = body.bodyPixels() == 0 ? 0 : -(a * body.bodyColumnSum() + b * body.bodyRowSum()) / body.bodyPixels();
            long count = 0, border = 0, right = 0;
            double rowSum = 0, columnSum = 0;
            // Row by row, run by run: most of a plane is empty, and a run's sums have closed forms.
            for (int r = 0; r < rows; r++) {
                boolean edgeRow = r == 0 || r == rows - 1;
                double rowX = b * r + offset;
                int rowStart = r * columns, c = 0;
                while (c < columns) {
                    if (c + 8 <= columns && (long) EIGHT_BYTES.get(plane, rowStart + c) == 0) {
                        c += 8;
                        continue;
                    }
                    if (plane[rowStart + c] == 0) {
                        c++;
                        continue;
                    }
                    int start = c;
                    while (c + 8 <= columns && (long) EIGHT_BYTES.get(plane, rowStart + c) == EIGHT_ONES) {
                        c += 8;
                    }
                    while (c < columns && plane[rowStart + c] != 0) {
                        c++;
                    }
                    long length = c - start;
                    count += length;
                    rowSum += (double) r * length;
                    columnSum += (start + c - 1) * (double) length / 2;
                    right += onPatientRight(start, c, a, rowX);
                    border += edgeRow ? length : (start == 0 ? 1 : 0) + (c == columns ? 1 : 0);
                }
            }
            if (body.bodyPixels() > 0) {
                sided += count;
                onRight += right;
            }
            if (count == 0) {
                continue;
            }
            first = first < 0 ? z : first;
            last = z;
            voxels += count;
            area[z] = count * pixelMm2;
            cubicMm += area[z] * thickness[z];
            liverSum = liverSum.plus(geometry.patientPoint(rowSum / count, columnSum / count).times(count));
            borderMm = Math.max(borderMm, border * Math.min(grid.rowSpacing(), grid.columnSpacing()));
        }

        Set<LiverMeasurements.Cut> cuts = EnumSet.noneOf(LiverMeasurements.Cut.class);
        double cutArea = limits.cutAreaAboveMm2().value();
        if (area[0] > cutArea) {
            cuts.add(LiverMeasurements.Cut.FIRST_SLICE);
        }
        if (mask.depth() > 1 && area[mask.depth() - 1] > cutArea) {
            cuts.add(LiverMeasurements.Cut.LAST_SLICE);
        }
        if (borderMm > limits.cutBorderAboveMm().value()) {
            cuts.add(LiverMeasurements.Cut.IMAGE_BORDER);
        }

        int gaps = 0;
        double largestArea = 0, largestJump = 0;
        for (int z = Math.max(first, 0); z <= last; z++) {
            gaps += area[z] == 0 ? 1 : 0;
            largestArea = Math.max(largestArea, area[z]);
            if (z > first) {
                largestJump = Math.max(largestJump, Math.abs(area[z] - area[z - 1]));
            }
        }

        long maskPixels = 0, uncertainPixels = 0, bodyPixels = 0;
        double huSum = 0, huSquares = 0;
        Vec3 bodySum = new Vec3(0, 0, 0);
        for (int z = 0; z < segmentation.slices().size(); z++) {
            SliceStatistics s = segmentation.slices().get(z);
            maskPixels += s.maskPixels();
            uncertainPixels += s.uncertainPixels();
            huSum += s.maskHuSum();
            huSquares += s.maskHuSquares();
            if (s.bodyPixels() > 0) {
                bodyPixels += s.bodyPixels();
                bodySum = bodySum.plus(volume.slices().get(z).geometry()
                        .patientPoint(s.bodyRowSum() / s.bodyPixels(), s.bodyColumnSum() / s.bodyPixels()).times(s.bodyPixels()));
            }
        }
        // LPS: x grows to the patient's left, so the liver lies to the right by how much smaller its x is.
        double rightOfBody = voxels == 0 || bodyPixels == 0 ? Double.NaN : bodySum.x() / bodyPixels - liverSum.x() / voxels;
        double meanHu = maskPixels == 0 ? Double.NaN : huSum / maskPixels;
        double huSpread = maskPixels == 0 ? Double.NaN : Math.sqrt(Math.max(0, huSquares / maskPixels - meanHu * meanHu));
        long dropped = segmentation.dropped().voxels();
        return new LiverMeasurements(cubicMm / 1000, cuts, rightOfBody, sided == 0 ? Double.NaN : (double) onRight / sided, segmentation.dropped().components(),
                dropped + voxels == 0 ? 0 : (double) dropped / (dropped + voxels),
                maskPixels == 0 ? 0 : (double) uncertainPixels / maskPixels, meanHu, huSpread, gaps,
                largestArea == 0 ? 0 : largestJump / largestArea);
    }

    /** How many of the pixels start..end-1 of a row lie where a c + rowX < 0, the patient's right of the midline. */
    static long onPatientRight(int start, int end, double a, double rowX) {
        if (a == 0) {
            return rowX < 0 ? end - start : 0;
        }
        double limit = -rowX / a;
        if (a > 0) {
            // c < limit
            return clamp(Math.ceil(limit), start, end) - start;
        }
        // c > limit
        return end - clamp(Math.floor(limit) + 1, start, end);
    }

    private static long clamp(double value, int low, int high) {
        return (long) Math.max(low, Math.min(high, value));
    }

    private static String ml(double value) {
        return String.format(Locale.ROOT, "%.0f mL", value);
    }

    private static String mm(double value) {
        return String.format(Locale.ROOT, "%.0f mm", value);
    }

    private static String hu(double value) {
        return String.format(Locale.ROOT, "%.0f HU", value);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }
}
