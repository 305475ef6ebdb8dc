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
import org.livernode.dicom.SegmentationFrames;
import org.livernode.spool.Spool;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.livernode.volume.PixelReader;
import org.livernode.volume.VolumeException;

/**
 * The preview PNG of a job ({@link MaskPreview}): the mask from the job's own SEG output, the CT from the spooled
 * slices its frames were derived from. A request reads the SEG and {@link #SLICES} CT slices, never the whole
 * series, and the last few previews are kept, so a page that reloads decodes nothing again.
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

    /** The job's SEG output, when it made one. */
    static Optional<String> segOutput(JobRecord job) {
        return job.outputs().stream().filter(f -> f.startsWith("seg-") && f.endsWith(".dcm")).findFirst();
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
        String seg = segOutput(job).orElseThrow(() -> new NoPreviewException("job " + job.jobId() + " made no SEG, which the preview is drawn from"));
        Path segFile = jobs.folder(job.jobId()).resolve(seg);
        if (!Files.isRegularFile(segFile)) {
            throw new NoPreviewException("the SEG of job " + job.jobId() + " is no longer in its folder");
        }
        SegmentationFrames frames;
        try {
            frames = SegmentationFrames.read(segFile);
        } catch (DicomReadException e) {
            throw new NoPreviewException("the SEG of job " + job.jobId() + " cannot be read: " + e.parseFailure());
        }
        List<Integer> withMask = new ArrayList<>();
        for (int f = 0; f < frames.frames(); f++) {
            if (!frames.isEmpty(f)) {
                withMask.add(f);
            }
        }
        if (withMask.isEmpty()) {
            throw new NoPreviewException("the SEG of job " + job.jobId() + " marks no voxel: the model found no liver");
        }
        Map<String, Path> instances = new HashMap<>();
        for (Path instance : spool.instances(job.seriesInstanceUid())) {
            instances.put(Spool.sopInstanceUid(instance), instance);
        }
        List<MaskPreview.Slice> slices = new ArrayList<>();
        for (int pick : MaskPreview.evenlySpaced(withMask.size(), SLICES)) {
            int frame = withMask.get(pick);
            String sop = frames.sourceSopInstanceUid(frame);
            Path ct = instances.get(sop);
            if (ct == null) {
                throw new NoPreviewException("the CT slices of job " + job.jobId() + " are no longer in the spool");
            }
            try {
                short[] hu = PixelReader.hounsfieldUnits(ct, sop, frames.rows() * frames.columns());
                slices.add(new MaskPreview.Slice(hu, frames.frame(frame), frames.rows(), frames.columns()));
            } catch (VolumeException e) {
                throw new NoPreviewException("a CT slice of job " + job.jobId() + " cannot be read: " + e.getMessage());
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(MaskPreview.compose(slices, SLICE_WIDTH), "png", png);
        return png.toByteArray();
    }
}
