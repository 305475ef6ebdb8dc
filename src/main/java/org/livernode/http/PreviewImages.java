package org.livernode.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.livernode.dicom.DicomReadException;
import org.livernode.dicom.InstanceHeader;
import org.livernode.dicom.Tag;
import org.livernode.output.rtstruct.StructureSetContour;
import org.livernode.output.rtstruct.StructureSetContours;
import org.livernode.output.seg.SegmentationFrames;
import org.livernode.spool.Spool;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.livernode.volume.PixelReader;
import org.livernode.volume.VolumeException;

/**
 * The preview PNG of a job ({@link MaskPreview}): the mask from the job's own SEG output (or, for a job that made
 * only an RTSTRUCT, its contours filled by {@link ContourMask}), the CT from the spooled slices the mask was made
 * on. A request reads that one output and {@link #SLICES} CT slices, never the whole series, and the last few
 * previews are kept, so a page that reloads decodes nothing again.
 */
public final class PreviewImages {
    static final int SLICES = 4;
    static final int SLICE_WIDTH = 256;
    private static final int CACHED = 16;

    private final JobStore jobs;
    private final Spool spool;
    private final Map<String, byte[]> cache = new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CACHED;
        }
    };

    public PreviewImages(JobStore jobs, Spool spool) {
        this.jobs = jobs;
        this.spool = spool;
    }

    /** Thrown when a job has no preview to make, with the reason for the operator. */
    public static final class NoPreviewException extends Exception {
        NoPreviewException(String message) {
            super(message);
        }
    }

    /** The output the preview is drawn from: the job's SEG, else its RTSTRUCT; empty when it made neither. */
    static Optional<String> maskSource(JobRecord job) {
        Optional<String> seg = job.outputs().stream().filter(f -> f.startsWith("seg-") && f.endsWith(".dcm")).findFirst();
        return seg.isPresent() ? seg : job.outputs().stream().filter(f -> f.startsWith("rtstruct-") && f.endsWith(".dcm")).findFirst();
    }

    /** The PNG of the job's latest attempt. */
    public byte[] png(JobRecord job) throws IOException, NoPreviewException {
        String key = job.jobId() + "@" + job.createdAt().toEpochMilli();
        synchronized (cache) {
            byte[] cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        byte[] png = render(job);
        synchronized (cache) {
            cache.put(key, png);
        }
        return png;
    }

    private byte[] render(JobRecord job) throws IOException, NoPreviewException {
        String source = maskSource(job).orElseThrow(() -> new NoPreviewException("job " + job.jobId() + " made no SEG or RTSTRUCT to draw"));
        Path file = jobs.folder(job.jobId()).resolve(source);
        if (!Files.isRegularFile(file)) {
            throw new NoPreviewException("the " + source + " of job " + job.jobId() + " is no longer in its folder");
        }
        Map<String, Path> instances = new HashMap<>();
        for (Path instance : spool.instances(job.seriesInstanceUid())) {
            instances.put(Spool.sopInstanceUid(instance), instance);
        }
        List<MaskPreview.Slice> slices;
        try {
            slices = source.startsWith("seg-") ? fromSegmentation(job, file, instances) : fromStructureSet(job, file, instances);
        } catch (DicomReadException e) {
            throw new NoPreviewException("the " + source + " of job " + job.jobId() + " cannot be read: " + e.parseFailure());
        } catch (VolumeException e) {
            throw new NoPreviewException("a CT slice of job " + job.jobId() + " cannot be read: " + e.getMessage());
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(MaskPreview.compose(slices, SLICE_WIDTH), "png", png);
        return png.toByteArray();
    }

    /** The SEG's frames with a mask, on the CT slices they were derived from. */
    private static List<MaskPreview.Slice> fromSegmentation(JobRecord job, Path seg, Map<String, Path> instances)
            throws DicomReadException, VolumeException, NoPreviewException {
        SegmentationFrames frames = SegmentationFrames.read(seg);
        List<Integer> withMask = new ArrayList<>();
        for (int f = 0; f < frames.frames(); f++) {
            if (!frames.isEmpty(f)) {
                withMask.add(f);
            }
        }
        if (withMask.isEmpty()) {
            throw new NoPreviewException("the SEG of job " + job.jobId() + " marks no voxel: the model found no liver");
        }
        List<MaskPreview.Slice> slices = new ArrayList<>();
        for (int pick : MaskPreview.evenlySpaced(withMask.size(), SLICES)) {
            int frame = withMask.get(pick);
            String sop = frames.functionalGroups(frame).sourceSopInstanceUid();
            short[] hu = PixelReader.hounsfieldUnits(spooled(job, instances, sop), sop, frames.rows() * frames.columns());
            slices.add(new MaskPreview.Slice(hu, frames.frame(frame), frames.rows(), frames.columns()));
        }
        return slices;
    }

    /** The RTSTRUCT's contours, filled, on the CT slices they lie on. */
    private static List<MaskPreview.Slice> fromStructureSet(JobRecord job, Path rtstruct, Map<String, Path> instances)
            throws DicomReadException, VolumeException, NoPreviewException {
        Map<String, List<double[]>> bySlice = new LinkedHashMap<>();
        for (StructureSetContour contour : StructureSetContours.read(rtstruct)) {
            double[] points = contour.points();
            // Fewer than three points enclose no pixel.
            if (points.length >= 9) {
                bySlice.computeIfAbsent(contour.imageSopInstanceUid(), k -> new ArrayList<>()).add(points);
            }
        }
        if (bySlice.isEmpty()) {
            throw new NoPreviewException("the RTSTRUCT of job " + job.jobId() + " has no contour: the model found no liver");
        }
        List<String> sops = new ArrayList<>(bySlice.keySet());
        List<MaskPreview.Slice> slices = new ArrayList<>();
        for (int pick : MaskPreview.evenlySpaced(sops.size(), SLICES)) {
            String sop = sops.get(pick);
            Path ct = spooled(job, instances, sop);
            ContourMask.Geometry geometry = geometry(InstanceHeader.read(ct))
                    .orElseThrow(() -> new NoPreviewException("CT slice " + sop + " of job " + job.jobId() + " does not say where it lies"));
            short[] hu = PixelReader.hounsfieldUnits(ct, sop, geometry.rows() * geometry.columns());
            slices.add(new MaskPreview.Slice(hu, ContourMask.rasterize(bySlice.get(sop), geometry), geometry.rows(), geometry.columns()));
        }
        return slices;
    }

    private static Path spooled(JobRecord job, Map<String, Path> instances, String sop) throws NoPreviewException {
        Path ct = instances.get(sop);
        if (ct == null) {
            throw new NoPreviewException("the CT slices of job " + job.jobId() + " are no longer in the spool");
        }
        return ct;
    }

    private static Optional<ContourMask.Geometry> geometry(InstanceHeader header) {
        Optional<double[]> position = header.doubles(Tag.ImagePositionPatient).filter(v -> v.length == 3);
        Optional<double[]> orientation = header.doubles(Tag.ImageOrientationPatient).filter(v -> v.length == 6);
        Optional<double[]> spacing = header.doubles(Tag.PixelSpacing).filter(v -> v.length == 2 && v[0] > 0 && v[1] > 0);
        int rows = header.intOr(Tag.Rows, 0);
        int columns = header.intOr(Tag.Columns, 0);
        if (position.isEmpty() || orientation.isEmpty() || spacing.isEmpty() || rows < 1 || columns < 1) {
            return Optional.empty();
        }
        double[] o = orientation.get();
        return Optional.of(new ContourMask.Geometry(position.get(), new double[] {o[0], o[1], o[2]}, new double[] {o[3], o[4], o[5]},
                spacing.get()[0], spacing.get()[1], rows, columns));
    }
}
