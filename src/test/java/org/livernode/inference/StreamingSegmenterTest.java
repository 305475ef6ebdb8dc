package org.livernode.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.TestModels;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.Vec3;
import org.livernode.volume.VolumeAssembler;

/**
 * Slices segmented while they arrive, in any order, repeated or replaced, give the batch path's mask voxel for voxel,
 * with the shipped model; what cannot be streamed is left to completion.
 */
class StreamingSegmenterTest {
    /** Names the chunks of the volume; the model in this process does not read it. */
    private static final String VOLUME_KEY = "volume";

    @TempDir
    Path dir;
    @AutoClose
    static OnnxSegmenter model;

    @BeforeAll
    static void load() throws InferenceException {
        model = OnnxSegmenter.open(TestModels.SHIPPED, Device.CPU);
    }

    private static SegmentationMask batch(CtVolume volume) throws Exception {
        return new VolumeSegmenter(model).segment(volume, VOLUME_KEY, new SegmentationTimings()).mask();
    }

    private static void assertSameMask(SegmentationMask expected, SegmentationMask actual) {
        assertEquals(expected.depth(), actual.depth());
        for (int z = 0; z < expected.depth(); z++) {
            for (int r = 0; r < expected.rows(); r++) {
                for (int c = 0; c < expected.columns(); c++) {
                    assertEquals(expected.get(z, r, c), actual.get(z, r, c), "slice " + z + " row " + r + " column " + c);
                }
            }
        }
    }

    /** Copies a file onto itself through a new file, as the spool files an instance sent again. */
    private static void resend(Path file) throws Exception {
        Path copy = file.resolveSibling(file.getFileName() + ".part");
        Files.copy(file, copy);
        Files.move(copy, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void shuffledRepeatedAndResentSlicesGiveTheBatchMask() throws Exception {
        // 37 slices: two full chunks and a short one, in arrival order and in slice order alike.
        List<Path> files = new CtPhantom().slices(37).matrix(96, 96).write(dir.resolve("ct"));
        CtVolume volume = new VolumeAssembler().assemble(files);
        SegmentationMask expected = batch(volume);
        assertTrue(expected.count() > 1000, "the shipped model finds the phantom's liver: " + expected.count() + " voxels");
        List<Path> arrival = new ArrayList<>(files);
        Collections.shuffle(arrival, new Random(20261207));
        arrival.addAll(arrival.subList(3, 8));
        Path resent = arrival.get(10);
        StreamedSlices streamed;
        try (StreamingSegmenter streaming = StreamingSegmenter.start(model, 1L << 30, StreamAdmission.EVERY_SERIES).orElseThrow()) {
            arrival.forEach(file -> streaming.instanceStored(volume.seriesInstanceUid(), file));
            streamed = streaming.take(volume.seriesInstanceUid());
            // Sent again after it was streamed, with the same pixels: it must be segmented again, not taken from the stream.
            resend(resent);
            assertEquals(StreamedSlices.NONE, streaming.take(volume.seriesInstanceUid()), "the stream ends when taken");
        }
        assertEquals(37, streamed.size());
        Reorientation orientation = Reorientation.of(volume.slices().get(0).geometry(), model.manifest().rowDirection(),
                model.manifest().columnDirection());
        assertTrue(streamed.find(resent, orientation).isEmpty(), "a file replaced since it was read is not taken");
        assertTrue(streamed.find(files.get(0), orientation).isPresent());
        assertSameMask(expected, new VolumeSegmenter(model).segment(volume, VOLUME_KEY, new SegmentationTimings(), streamed).mask());
    }

    @Test
    void slicesStoredRotatedAreStreamedInTheModelsOrientation() throws Exception {
        List<Path> files = new CtPhantom().slices(20).matrix(80, 96).orientation(new Vec3(0, 1, 0), new Vec3(-1, 0, 0)).write(dir.resolve("ct"));
        CtVolume volume = new VolumeAssembler().assemble(files);
        SegmentationMask expected = batch(volume);
        assertTrue(expected.count() > 0);
        List<Path> arrival = new ArrayList<>(files);
        Collections.reverse(arrival);
        try (StreamingSegmenter streaming = StreamingSegmenter.start(model, 1L << 30, StreamAdmission.EVERY_SERIES).orElseThrow()) {
            arrival.forEach(file -> streaming.instanceStored(volume.seriesInstanceUid(), file));
            StreamedSlices streamed = streaming.take(volume.seriesInstanceUid());
            assertEquals(20, streamed.size());
            assertSameMask(expected, new VolumeSegmenter(model).segment(volume, VOLUME_KEY, new SegmentationTimings(), streamed).mask());
        }
    }

    @Test
    void aSeriesPastTheBudgetIsLeftToCompletion() throws Exception {
        List<Path> files = new CtPhantom().slices(24).matrix(64, 64).write(dir.resolve("ct"));
        CtVolume volume = new VolumeAssembler().assemble(files);
        // Room for the planes of six slices of 64x64: the liver is on more than six of the 24, and the next series has six.
        try (StreamingSegmenter streaming = StreamingSegmenter.start(model, 6 * 64 * 64, StreamAdmission.EVERY_SERIES).orElseThrow()) {
            files.forEach(file -> streaming.instanceStored(volume.seriesInstanceUid(), file));
            StreamedSlices streamed = streaming.take(volume.seriesInstanceUid());
            assertEquals(StreamedSlices.NONE, streamed);
            assertSameMask(batch(volume), new VolumeSegmenter(model).segment(volume, VOLUME_KEY, new SegmentationTimings(), streamed).mask());
            // The budget came back with the dropped series: the next one streams.
            CtPhantom next = new CtPhantom().slices(6).matrix(64, 64);
            List<Path> nextFiles = next.write(dir.resolve("next"));
            nextFiles.forEach(file -> streaming.instanceStored(next.seriesInstanceUid(), file));
            assertEquals(6, streaming.take(next.seriesInstanceUid()).size());
        }
    }

    @Test
    void instancesThatAreNotSlicesOfTheStreamAreLeftToCompletion() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(8).matrix(64, 64);
        List<Path> files = new ArrayList<>(phantom.write(dir.resolve("ct")));
        // A slice of another size in the same series, and a file that is not DICOM.
        files.addAll(new CtPhantom().slices(1).matrix(32, 32).seriesInstanceUid(phantom.seriesInstanceUid()).write(dir.resolve("odd")));
        Path garbage = Files.writeString(dir.resolve("garbage.dcm"), "not DICOM");
        files.add(garbage);
        try (StreamingSegmenter streaming = StreamingSegmenter.start(model, 1L << 30, StreamAdmission.EVERY_SERIES).orElseThrow()) {
            files.forEach(file -> streaming.instanceStored(phantom.seriesInstanceUid(), file));
            assertEquals(8, streaming.take(phantom.seriesInstanceUid()).size());
        }
    }

    /** A sagittal series is refused at completion: the stream does not run the model on it meanwhile. */
    @Test
    void aSeriesThatIsNotAxialIsNotRunThroughTheModel() throws Exception {
        CtPhantom sagittal = new CtPhantom().slices(20).matrix(64, 64).orientation(new Vec3(0, 1, 0), new Vec3(0, 0, -1));
        List<Path> files = sagittal.write(dir.resolve("sagittal"));
        CountingModel counting = new CountingModel(model.manifest());
        try (StreamingSegmenter streaming = StreamingSegmenter.start(counting, 1L << 30, StreamAdmission.EVERY_SERIES).orElseThrow()) {
            files.forEach(file -> streaming.instanceStored(sagittal.seriesInstanceUid(), file));
            assertEquals(0, streaming.take(sagittal.seriesInstanceUid()).size(), "slices of the sagittal series streamed");
        }
        assertEquals(0, counting.chunks(), "chunks of the sagittal series run through the model");
        // The same stream with an axial series does run it, so the count above can tell.
        CtPhantom axial = new CtPhantom().slices(20).matrix(64, 64);
        List<Path> axialFiles = axial.write(dir.resolve("axial"));
        try (StreamingSegmenter streaming = StreamingSegmenter.start(counting, 1L << 30, StreamAdmission.EVERY_SERIES).orElseThrow()) {
            axialFiles.forEach(file -> streaming.instanceStored(axial.seriesInstanceUid(), file));
            assertEquals(20, streaming.take(axial.seriesInstanceUid()).size());
        }
        assertTrue(counting.chunks() > 0);
    }

    /** Admission is asked once per series, on its first instance; a series it refuses costs no model chunk. */
    @Test
    void aSeriesRefusedAtItsFirstInstanceIsNotRunThroughTheModel() throws Exception {
        CtPhantom refused = new CtPhantom().slices(20).matrix(64, 64);
        List<Path> files = refused.write(dir.resolve("refused"));
        CountingModel counting = new CountingModel(model.manifest());
        List<Path> asked = new ArrayList<>();
        StreamAdmission noRule = firstInstance -> {
            asked.add(firstInstance);
            return Optional.of("no routing rule can take it");
        };
        try (StreamingSegmenter streaming = StreamingSegmenter.start(counting, 1L << 30, noRule).orElseThrow()) {
            files.forEach(file -> streaming.instanceStored(refused.seriesInstanceUid(), file));
            assertEquals(0, streaming.take(refused.seriesInstanceUid()).size());
        }
        assertEquals(List.of(files.get(0)), asked);
        assertEquals(0, counting.chunks(), "chunks of the refused series run through the model");
    }

    @Test
    void aModelThatNeedsScanStatisticsIsNotStreamed() {
        ModelManifest.Code code = new ModelManifest.Code("10200004", "SCT", "Liver");
        ModelManifest manifest = new ModelManifest("percentiles", "1", new ModelManifest.Input("image", 1, 224, 224),
                new ModelManifest.Output("probability", "probability", 0.5),
                new ModelManifest.Preprocessing(List.of(-40.0, 160.0), List.of(1.0, 99.0), false),
                new ModelManifest.Orientation(List.of(1.0, 0.0, 0.0), List.of(0.0, 1.0, 0.0)),
                new ModelManifest.Postprocessing(false, false), new ModelManifest.Segment("Liver", code, code, "AUTOMATIC", null),
                ModelManifests.shippedQualityLimits());
        assertTrue(StreamingSegmenter.start(new CountingModel(manifest), 1L << 30, StreamAdmission.EVERY_SERIES).isEmpty());
    }

    /** The shipped model under {@code manifest}, counting the chunks it is given. */
    private static final class CountingModel implements ChunkModel {
        private final ModelManifest manifest;
        private final AtomicInteger chunks = new AtomicInteger();

        CountingModel(ModelManifest manifest) {
            this.manifest = manifest;
        }

        int chunks() {
            return chunks.get();
        }

        @Override
        public ModelManifest manifest() {
            return manifest;
        }

        @Override
        public int chunksInFlight() {
            return model.chunksInFlight();
        }

        @Override
        public CompletableFuture<float[]> submit(ChunkId chunk, FloatBuffer values, int slices) {
            chunks.incrementAndGet();
            return model.submit(chunk, values, slices);
        }
    }
}
