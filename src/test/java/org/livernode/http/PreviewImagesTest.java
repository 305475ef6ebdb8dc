package org.livernode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.output.rtstruct.DicomStructureSet;
import org.livernode.output.seg.DicomSegmentation;
import org.livernode.output.seg.EmptyFrames;
import org.livernode.spool.Spool;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;

/** Previews of jobs on disk: drawn from the SEG, or from the RTSTRUCT when the job made no SEG, alike. */
class PreviewImagesTest {
    @TempDir
    Path dir;

    @Test
    void theRtstructOfAJobWithoutSegDrawsTheSamePreviewAsItsSeg() throws Exception {
        CtPhantom phantom = new CtPhantom();
        CtVolume volume = OutputFixtures.volume(phantom, dir.resolve("ct"));
        SegmentationMask mask = OutputFixtures.liverMask(phantom, volume);
        Spool spool = Spool.open(dir.resolve("spool"));
        Path series = Files.createDirectories(spool.seriesFolder(volume.seriesInstanceUid()));
        for (CtSlice slice : volume.slices()) {
            Files.copy(slice.file(), series.resolve(slice.sopInstanceUid() + ".dcm"));
        }
        JobStore jobs = JobStore.open(spool.root().resolve("jobs"));
        String seg = "seg-" + volume.seriesInstanceUid() + ".dcm";
        String rtstruct = "rtstruct-" + volume.seriesInstanceUid() + ".dcm";
        JobRecord segJob = job(volume, "00", seg);
        JobRecord rtstructJob = job(volume, "01", rtstruct);
        new DicomSegmentation(volume, mask, OutputFixtures.liver(), OutputFixtures.segIdentity(volume), EmptyFrames.OMIT)
                .write(jobs.folder(segJob.jobId()).resolve(seg));
        new DicomStructureSet(volume, mask, OutputFixtures.liver(), OutputFixtures.structureSetIdentity(volume))
                .write(jobs.folder(rtstructJob.jobId()).resolve(rtstruct));
        PreviewImages previews = new PreviewImages(jobs, spool);

        BufferedImage fromSeg = ImageIO.read(new ByteArrayInputStream(previews.png(segJob)));
        BufferedImage fromRtstruct = ImageIO.read(new ByteArrayInputStream(previews.png(rtstructJob)));
        assertEquals(PreviewImages.SLICES * PreviewImages.SLICE_WIDTH, fromSeg.getWidth());
        assertEquals(fromSeg.getWidth(), fromRtstruct.getWidth());
        assertEquals(fromSeg.getHeight(), fromRtstruct.getHeight());
        long outline = 0;
        long differ = 0;
        for (int y = 0; y < fromSeg.getHeight(); y++) {
            for (int x = 0; x < fromSeg.getWidth(); x++) {
                outline += (fromSeg.getRGB(x, y) & 0xFFFFFF) == MaskPreview.OUTLINE_RGB ? 1 : 0;
                differ += fromSeg.getRGB(x, y) != fromRtstruct.getRGB(x, y) ? 1 : 0;
            }
        }
        assertTrue(outline > 200, "the outline is drawn: " + outline + " pixels");
        // The contours are simplified (Douglas-Peucker), so the filled mask may gain or lose a pixel along the edge.
        assertTrue(differ < outline / 4, differ + " pixels differ, of " + outline + " outline pixels");
        assertTrue(previews.png(segJob) == previews.png(segJob), "drawn once, then kept");

        for (CtSlice slice : volume.slices()) {
            Files.delete(series.resolve(slice.sopInstanceUid() + ".dcm"));
        }
        JobRecord redone = new JobRecord(segJob.jobId(), segJob.seriesInstanceUid(), segJob.instanceSetDigest(), 0, JobRecord.Outcome.PROCESSED,
                "", segJob.createdAt().plusSeconds(1), segJob.outputs(), List.of(), "", List.of(), null);
        PreviewImages.NoPreviewException gone = assertThrows(PreviewImages.NoPreviewException.class, () -> previews.png(redone));
        assertTrue(gone.getMessage().contains("no longer in the spool"), gone.getMessage());
    }

    private static JobRecord job(CtVolume volume, String digest, String output) {
        String fullDigest = digest.repeat(32);
        return new JobRecord(JobStore.jobId(volume.seriesInstanceUid(), fullDigest), volume.seriesInstanceUid(), fullDigest, volume.depth(),
                JobRecord.Outcome.PROCESSED, "", Instant.parse("2026-12-04T10:00:00Z"), List.of(output), List.of(), "liver 1", List.of("default"), null);
    }
}
