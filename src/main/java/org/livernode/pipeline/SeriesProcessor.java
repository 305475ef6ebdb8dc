package org.livernode.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.livernode.inference.InferenceException;
import org.livernode.inference.ModelManifest;
import org.livernode.inference.OnnxSegmenter;
import org.livernode.output.OutputIdentity;
import org.livernode.output.OutputUids;
import org.livernode.output.seg.DicomSegmentation;
import org.livernode.output.seg.EmptyFrames;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.VolumeAssembler;
import org.livernode.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the node does with one series, the same for {@code serve} and {@code segment}: assemble the volume,
 * segment it, and write the configured output objects. Sending them is the caller's business.
 */
public final class SeriesProcessor {
    private static final Logger log = LoggerFactory.getLogger(SeriesProcessor.class);

    /** Series number of the SEG series; viewers sort derived series after the source by it. */
    static final int SEG_SERIES_NUMBER = 901;

    private final VolumeAssembler assembler = new VolumeAssembler();
    private final OnnxSegmenter segmenter;
    private final NodeIdentity node;
    private final EmptyFrames emptyFrames;

    /** The output files of one series and how long each stage took. */
    public record Result(String seriesInstanceUid, int slices, long liverVoxels, List<Path> outputs, StageTimes times) {}

    /** Milliseconds per stage. */
    public record StageTimes(long assembleMillis, long inferenceMillis, long segEncodeMillis) {
        @Override
        public String toString() {
            return "assemble " + assembleMillis + " ms, inference " + inferenceMillis + " ms, SEG " + segEncodeMillis + " ms";
        }
    }

    public SeriesProcessor(OnnxSegmenter segmenter, NodeIdentity node, EmptyFrames emptyFrames) {
        this.segmenter = segmenter;
        this.node = node;
        this.emptyFrames = emptyFrames;
    }

    /**
     * Processes the instances of one series and writes the outputs into {@code outputFolder}.
     *
     * @throws VolumeException the series cannot be (or is not meant to be) processed; the reason says which
     */
    public Result process(List<Path> instances, Path outputFolder) throws VolumeException, InferenceException, IOException {
        long t0 = System.nanoTime();
        CtVolume volume = assembler.assemble(instances);
        long t1 = System.nanoTime();
        SegmentationMask mask = segmenter.segment(volume);
        long t2 = System.nanoTime();
        ModelManifest manifest = segmenter.manifest();
        OutputUids uids = OutputUids.forVolume(volume, manifest.name(), manifest.version(), "SEG");
        OutputIdentity identity = new OutputIdentity(uids.seriesInstanceUid(), uids.sopInstanceUid(), SEG_SERIES_NUMBER, 1,
                manifest.segment().label() + " segmentation (livernode)", LocalDateTime.now(), node.softwareVersion(),
                node.deviceSerialNumber());
        Files.createDirectories(outputFolder);
        Path seg = outputFolder.resolve("seg-" + volume.seriesInstanceUid() + ".dcm");
        new DicomSegmentation(volume, mask, manifest.segmentDescription(), identity, emptyFrames).write(seg);
        long t3 = System.nanoTime();
        List<Path> outputs = new ArrayList<>(List.of(seg));
        StageTimes times = new StageTimes(millis(t1 - t0), millis(t2 - t1), millis(t3 - t2));
        long voxels = mask.count();
        log.info("Series {}: {} slices segmented, {} liver voxels; {}", volume.seriesInstanceUid(), volume.depth(), voxels, times);
        return new Result(volume.seriesInstanceUid(), volume.depth(), voxels, outputs, times);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
