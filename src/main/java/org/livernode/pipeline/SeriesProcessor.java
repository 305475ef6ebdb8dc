package org.livernode.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.livernode.config.LivernodeConfig;
import org.livernode.inference.InferenceException;
import org.livernode.inference.ModelManifest;
import org.livernode.inference.OnnxSegmenter;
import org.livernode.inference.Segmentation;
import org.livernode.output.OutputIdentity;
import org.livernode.output.OutputUids;
import org.livernode.output.rtstruct.DicomStructureSet;
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

    /** Series numbers of the output series; viewers sort derived series after the source by them. */
    static final int SEG_SERIES_NUMBER = 901;
    static final int RTSTRUCT_SERIES_NUMBER = 902;

    private final VolumeAssembler assembler = new VolumeAssembler();
    private final OnnxSegmenter segmenter;
    private final NodeIdentity node;
    private final EmptyFrames emptyFrames;
    private final Set<OutputType> outputs;

    /** The output files of one series and how long each stage took. */
    public record Result(String seriesInstanceUid, int slices, long liverVoxels, List<Path> outputs, StageTimes times) {}

    /** The objects the node can make from a segmentation. */
    public enum OutputType {
        SEG,
        RTSTRUCT;

        /** From the configuration's {@code outputs} list: {@code seg} or {@code rtstruct}. */
        public static OutputType fromConfig(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** Milliseconds per stage; an output that was not made took 0. */
    public record StageTimes(long assembleMillis, long decodeMillis, long preprocessMillis, long inferenceMillis, long postprocessMillis,
                             long segEncodeMillis, long rtstructEncodeMillis) {
        @Override
        public String toString() {
            return "assemble " + assembleMillis + " ms, decode " + decodeMillis + " ms, pre-process " + preprocessMillis + " ms, inference "
                    + inferenceMillis + " ms, post-process " + postprocessMillis + " ms, SEG " + segEncodeMillis + " ms, RTSTRUCT "
                    + rtstructEncodeMillis + " ms";
        }
    }

    public SeriesProcessor(OnnxSegmenter segmenter, NodeIdentity node, EmptyFrames emptyFrames, Set<OutputType> outputs) {
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("at least one output type is needed");
        }
        this.segmenter = segmenter;
        this.node = node;
        this.emptyFrames = emptyFrames;
        this.outputs = Set.copyOf(outputs);
    }

    /** The processor a configuration asks for: its outputs and SEG options, named after the node's AE title. */
    public static SeriesProcessor fromConfig(OnnxSegmenter segmenter, LivernodeConfig config) {
        return new SeriesProcessor(segmenter, new NodeIdentity(NodeIdentity.softwareVersionOfThisBuild(), config.node().aeTitle()),
                EmptyFrames.fromConfig(config.seg().emptyFrames()),
                config.outputs().stream().map(OutputType::fromConfig).collect(Collectors.toSet()));
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
        Segmentation segmentation = segmenter.segment(volume);
        SegmentationMask mask = segmentation.mask();
        ModelManifest manifest = segmenter.manifest();
        Files.createDirectories(outputFolder);
        List<Path> written = new ArrayList<>();
        long segMillis = 0;
        long rtstructMillis = 0;
        if (outputs.contains(OutputType.SEG)) {
            long start = System.nanoTime();
            Path seg = outputFolder.resolve("seg-" + volume.seriesInstanceUid() + ".dcm");
            new DicomSegmentation(volume, mask, manifest.segmentDescription(),
                    identity(volume, manifest, OutputType.SEG, SEG_SERIES_NUMBER, "segmentation"), emptyFrames).write(seg);
            written.add(seg);
            segMillis = millis(System.nanoTime() - start);
        }
        if (outputs.contains(OutputType.RTSTRUCT)) {
            long start = System.nanoTime();
            Path rtstruct = outputFolder.resolve("rtstruct-" + volume.seriesInstanceUid() + ".dcm");
            new DicomStructureSet(volume, mask, manifest.segmentDescription(),
                    identity(volume, manifest, OutputType.RTSTRUCT, RTSTRUCT_SERIES_NUMBER, "contours")).write(rtstruct);
            written.add(rtstruct);
            rtstructMillis = millis(System.nanoTime() - start);
        }
        StageTimes times = new StageTimes(millis(t1 - t0), segmentation.decodeMillis(), segmentation.preprocessMillis(),
                segmentation.modelMillis(), segmentation.postprocessMillis(), segMillis, rtstructMillis);
        long voxels = mask.count();
        log.info("Series {}: {} slices segmented, {} liver voxels; {}", volume.seriesInstanceUid(), volume.depth(), voxels, times);
        return new Result(volume.seriesInstanceUid(), volume.depth(), voxels, written, times);
    }

    private OutputIdentity identity(CtVolume volume, ModelManifest manifest, OutputType type, int seriesNumber, String what) {
        OutputUids uids = OutputUids.forVolume(volume, manifest.name(), manifest.version(), type.name());
        return new OutputIdentity(uids.seriesInstanceUid(), uids.sopInstanceUid(), seriesNumber, 1,
                manifest.segment().label() + " " + what + " (livernode)", LocalDateTime.now(), node.softwareVersion(),
                node.deviceSerialNumber());
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
