package org.livernode.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.livernode.config.LivernodeConfig;
import org.livernode.dicom.CodedConcept;
import org.livernode.inference.ChunkModel;
import org.livernode.inference.InferenceException;
import org.livernode.inference.ModelManifest;
import org.livernode.inference.Segmentation;
import org.livernode.inference.SegmentationTimings;
import org.livernode.inference.StreamedSlices;
import org.livernode.inference.VolumeSegmenter;
import org.livernode.output.OutputIdentity;
import org.livernode.output.OutputType;
import org.livernode.output.OutputUids;
import org.livernode.output.SegmentDescription;
import org.livernode.output.rtstruct.DicomStructureSet;
import org.livernode.output.seg.DicomSegmentation;
import org.livernode.output.seg.EmptyFrames;
import org.livernode.output.sr.DicomVolumeReport;
import org.livernode.output.sr.LiverVolume;
import org.livernode.output.sr.QualityAssessment;
import org.livernode.output.sr.SegmentationReference;
import org.livernode.qc.LiverMeasurements;
import org.livernode.qc.QcFinding;
import org.livernode.qc.QcOutcome;
import org.livernode.qc.QcReport;
import org.livernode.qc.QualityCheck;
import org.livernode.state.JobStore;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.VolumeAssembler;
import org.livernode.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the node does with one series, the same for {@code serve} and {@code segment}: assemble the volume,
 * segment it, and write the output objects asked for. Sending them is the caller's business.
 */
public final class SeriesProcessor {
    private static final Logger log = LoggerFactory.getLogger(SeriesProcessor.class);

    /** Series numbers of the output series; viewers sort derived series after the source by them. */
    static final int SEG_SERIES_NUMBER = 901;
    static final int RTSTRUCT_SERIES_NUMBER = 902;
    static final int SR_SERIES_NUMBER = 903;

    private final VolumeAssembler assembler = new VolumeAssembler();
    private final VolumeSegmenter segmenter;
    private final ModelManifest manifest;
    private final SegmentDescription segment;
    private final NodeIdentity node;
    private final EmptyFrames emptyFrames;
    private final Set<OutputType> outputs;

    /**
     * The output files of one series by type, the model that made them ("name version"), the quality check of the
     * result and how long each stage took.
     */
    public record Result(int slices, Map<OutputType, Path> outputs, String model, QcReport qc, StageTimes times) {
        public Result {
            outputs = Collections.unmodifiableMap(new EnumMap<>(outputs));
        }
    }

    /** A series assembled into a volume, ready to be segmented, and how long assembling took. */
    public record Assembled(CtVolume volume, long assembleMillis) {}

    /** Milliseconds per stage; an output that was not made took 0. The SEG and RTSTRUCT encoders run at the same time. */
    public record StageTimes(long assembleMillis, long decodeMillis, long preprocessMillis, long inferenceMillis, long postprocessMillis,
                             long qcMillis, long segEncodeMillis, long rtstructEncodeMillis) {
        @Override
        public String toString() {
            return "assemble " + assembleMillis + " ms, decode " + decodeMillis + " ms, pre-process " + preprocessMillis + " ms, inference "
                    + inferenceMillis + " ms, post-process " + postprocessMillis + " ms, QC " + qcMillis + " ms, SEG " + segEncodeMillis
                    + " ms, RTSTRUCT " + rtstructEncodeMillis + " ms";
        }

        /** Stage name to milliseconds, in pipeline order, for the audit log. */
        public Map<String, Long> byStage() {
            Map<String, Long> stages = new LinkedHashMap<>();
            stages.put("assemble", assembleMillis);
            stages.put("decode", decodeMillis);
            stages.put("preprocess", preprocessMillis);
            stages.put("inference", inferenceMillis);
            stages.put("postprocess", postprocessMillis);
            stages.put("qc", qcMillis);
            stages.put("segEncode", segEncodeMillis);
            stages.put("rtstructEncode", rtstructEncodeMillis);
            return stages;
        }
    }

    /** @throws InferenceException the model's manifest describes a segment that cannot go into a SEG */
    public SeriesProcessor(ChunkModel segmenter, NodeIdentity node, EmptyFrames emptyFrames, Set<OutputType> outputs)
            throws InferenceException {
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("at least one output type is needed");
        }
        this.segmenter = new VolumeSegmenter(segmenter);
        this.manifest = segmenter.manifest();
        this.segment = segmentDescription(manifest);
        this.node = node;
        this.emptyFrames = emptyFrames;
        this.outputs = Set.copyOf(outputs);
    }

    /**
     * The processor a configuration asks for: its top-level outputs (what {@code segment} writes; the node asks per
     * series for what its routing rules need) and SEG options, named after the node's AE title.
     */
    public static SeriesProcessor fromConfig(ChunkModel segmenter, LivernodeConfig config) throws InferenceException {
        return new SeriesProcessor(segmenter, new NodeIdentity(NodeIdentity.softwareVersionOfThisBuild(), config.node().aeTitle()),
                config.seg().emptyFrames(), config.outputs());
    }

    /**
     * Processes the instances of one series and writes the configured outputs into {@code outputFolder}.
     *
     * @throws VolumeException the series cannot be (or is not meant to be) processed; the reason says which
     */
    public Result process(List<Path> instances, Path outputFolder) throws VolumeException, InferenceException, IOException {
        return process(assemble(instances), outputs, outputFolder, StreamedSlices.NONE);
    }

    /**
     * The first step on its own, so that the caller can decide from the volume's header what to make of it.
     *
     * @throws VolumeException the series cannot be (or is not meant to be) processed; the reason says which
     */
    public Assembled assemble(List<Path> instances) throws VolumeException {
        long start = System.nanoTime();
        CtVolume volume = assembler.assemble(instances);
        return new Assembled(volume, millis(System.nanoTime() - start));
    }

    /**
     * Segments an assembled series, taking the slices {@code streamed} holds for it as they are, and writes the
     * {@code wanted} outputs into {@code outputFolder}.
     *
     * @throws VolumeException a slice's pixel data cannot be decoded
     */
    public Result process(Assembled series, Set<OutputType> wanted, Path outputFolder, StreamedSlices streamed)
            throws VolumeException, InferenceException, IOException {
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("at least one output type is needed");
        }
        if (wanted.contains(OutputType.SR) && !wanted.contains(OutputType.SEG)) {
            throw new IllegalArgumentException("the SR measures the SEG's segment: make seg with sr");
        }
        CtVolume volume = series.volume();
        SegmentationTimings timings = new SegmentationTimings();
        Segmentation segmentation = segmenter.segment(volume, volumeKey(volume), timings, streamed);
        SegmentationMask mask = segmentation.mask();
        long qcStart = System.nanoTime();
        QcReport qc = QualityCheck.assess(volume, segmentation, manifest.qc());
        long qcMillis = millis(System.nanoTime() - qcStart);
        Files.createDirectories(outputFolder);
        Path segFile = outputFolder.resolve("seg-" + volume.seriesInstanceUid() + ".dcm");
        Path rtstructFile = outputFolder.resolve("rtstruct-" + volume.seriesInstanceUid() + ".dcm");
        Path srFile = outputFolder.resolve("sr-" + volume.seriesInstanceUid() + ".dcm");
        // The two encoders run at once (they only read the mask): the RTSTRUCT takes longest, the SEG goes beside it.
        CompletableFuture<Long> segMillis = wanted.contains(OutputType.SEG)
                ? CompletableFuture.supplyAsync(() -> timedUnchecked(() -> new DicomSegmentation(volume, mask, segment,
                        identity(volume, OutputType.SEG, SEG_SERIES_NUMBER, "segmentation", qc), emptyFrames).write(segFile)))
                : CompletableFuture.completedFuture(0L);
        long rtstructMillis = 0;
        try {
            if (wanted.contains(OutputType.RTSTRUCT)) {
                rtstructMillis = timed(() -> new DicomStructureSet(volume, mask, segment,
                        identity(volume, OutputType.RTSTRUCT, RTSTRUCT_SERIES_NUMBER, "contours", qc)).write(rtstructFile));
            }
            if (wanted.contains(OutputType.SR)) {
                volumeReport(volume, qc).write(srFile);
            }
        } finally {
            // Whatever became of the RTSTRUCT, the SEG is not left writing into the job folder.
            segMillis.exceptionally(e -> 0L).join();
        }
        long segEncodeMillis = resultOf(segMillis);
        Map<OutputType, Path> written = new EnumMap<>(OutputType.class);
        if (wanted.contains(OutputType.SEG)) {
            written.put(OutputType.SEG, segFile);
        }
        if (wanted.contains(OutputType.RTSTRUCT)) {
            written.put(OutputType.RTSTRUCT, rtstructFile);
        }
        if (wanted.contains(OutputType.SR)) {
            written.put(OutputType.SR, srFile);
        }
        StageTimes times = new StageTimes(series.assembleMillis(), timings.decodeMillis(), timings.preprocessMillis(),
                timings.modelMillis(), timings.postprocessMillis(), qcMillis, segEncodeMillis, rtstructMillis);
        log.info("{} slices segmented, {} liver voxels, {} mL; quality check {}; {}", volume.depth(), mask.count(),
                Math.round(qc.measurements().volumeMl()), qc.outcome(), times);
        if (qc.outcome() == QcOutcome.REVIEW) {
            log.warn("Quality check asks for review: {}", qc.findings().stream().map(QcFinding::detail).collect(Collectors.joining("; ")));
        }
        return new Result(volume.depth(), written, manifest.name() + " " + manifest.version(), qc, times);
    }

    /**
     * The model's segment as SEG and RTSTRUCT describe it: the manifest's label and codes, made by the model as
     * algorithm (its name and version).
     *
     * @throws IllegalArgumentException a value does not fit DICOM (a label longer than 64 characters, say)
     */
    static SegmentDescription segmentDescription(ModelManifest manifest) throws InferenceException {
        ModelManifest.Segment s = manifest.segment();
        try {
            return new SegmentDescription(s.label(), concept(s.category()), concept(s.type()), s.algorithmType(), manifest.name(),
                    manifest.version(), s.color().stream().mapToInt(Integer::intValue).toArray());
        } catch (IllegalArgumentException e) {
            throw new InferenceException("model manifest of " + manifest.name() + " " + manifest.version() + ": segment: " + e.getMessage(), e);
        }
    }

    /**
     * Names the volume by its series and the digest of its slices' SOP Instance UIDs, as a job names a version of a
     * series (the localizers the volume leaves out are not counted), so that the chunks of a volume processed again
     * (after a restart) get the same ids.
     */
    static String volumeKey(CtVolume volume) {
        return JobStore.jobId(volume.seriesInstanceUid(), JobStore.instanceSetDigest(volume.slices().stream().map(CtSlice::sopInstanceUid).toList()));
    }

    private static CodedConcept concept(ModelManifest.Code code) {
        return new CodedConcept(code.value(), code.scheme(), code.meaning());
    }

    /** The liver volume report: it measures the segment of the SEG this job makes, and says what the quality check found. */
    private DicomVolumeReport volumeReport(CtVolume volume, QcReport qc) {
        OutputUids seg = OutputUids.forVolume(volume, manifest.name(), manifest.version(), OutputType.SEG.name());
        LiverMeasurements measured = qc.measurements();
        QualityAssessment quality = qc.outcome() == QcOutcome.PASS ? QualityAssessment.pass()
                : QualityAssessment.review(qc.findings().stream().map(QcFinding::detail).toList());
        return new DicomVolumeReport(volume, new SegmentationReference(seg.seriesInstanceUid(), seg.sopInstanceUid()), segment,
                new LiverVolume(measured.volumeMl(), measured.withinScannedRangeOnly()), quality,
                identity(volume, OutputType.SR, SR_SERIES_NUMBER, "volume", qc));
    }

    private OutputIdentity identity(CtVolume volume, OutputType type, int seriesNumber, String what, QcReport qc) {
        OutputUids uids = OutputUids.forVolume(volume, manifest.name(), manifest.version(), type.name());
        return new OutputIdentity(uids.seriesInstanceUid(), uids.sopInstanceUid(), seriesNumber, 1,
                seriesDescription(manifest.segment().label() + " " + what, qc), LocalDateTime.now(), node.softwareVersion(),
                node.deviceSerialNumber());
    }

    /**
     * "Liver segmentation (livernode)", or, for a result the quality check doubts, "Liver segmentation (REVIEW: cut by
     * field of view)": the series description is what a workstation lists. An LO: at most 64 characters.
     */
    static String seriesDescription(String what, QcReport qc) {
        String description = what + (qc.outcome() == QcOutcome.PASS ? " (livernode)" : " (" + qc.summary() + ")");
        return description.length() <= 64 ? description : description.substring(0, 60).strip() + "...)";
    }

    /** Writing an output file. */
    private interface Encoding {
        void write() throws IOException;
    }

    /** Runs an encoding and returns how many milliseconds it took. */
    private static long timed(Encoding encoding) throws IOException {
        long start = System.nanoTime();
        encoding.write();
        return millis(System.nanoTime() - start);
    }

    /** {@link #timed} on another thread: an I/O failure travels unchecked, and {@link #resultOf} checks it again. */
    private static long timedUnchecked(Encoding encoding) {
        try {
            return timed(encoding);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The finished encoding's time, or its failure as it was thrown. */
    private static long resultOf(CompletableFuture<Long> encoding) throws IOException {
        try {
            return encoding.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }
}
