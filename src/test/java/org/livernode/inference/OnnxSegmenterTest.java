package org.livernode.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.TestModels;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.SliceGeometry;
import org.livernode.volume.Vec3;
import org.livernode.volume.VolumeAssembler;

class OnnxSegmenterTest {
    /** Names the chunks of the volume; the model in this process does not read it. */
    private static final String VOLUME_KEY = "volume";

    @TempDir
    Path dir;

    private interface Truth {
        boolean inside(Vec3 p);
    }

    /** Dice of mask vs truth over all voxels, and the count of disagreements at voxels whose 3x3 in-plane neighbourhood agrees in truth. */
    private static double[] compare(CtVolume volume, SegmentationMask mask, Truth truth) {
        long both = 0, maskCount = 0, truthCount = 0, interiorErrors = 0;
        for (int z = 0; z < volume.depth(); z++) {
            SliceGeometry g = volume.slices().get(z).geometry();
            for (int r = 0; r < g.rows(); r++) {
                for (int c = 0; c < g.columns(); c++) {
                    boolean t = truth.inside(g.patientPoint(r, c));
                    boolean m = mask.get(z, r, c);
                    both += t && m ? 1 : 0;
                    maskCount += m ? 1 : 0;
                    truthCount += t ? 1 : 0;
                    boolean uniform = true;
                    for (int dr = -1; dr <= 1; dr++) {
                        for (int dc = -1; dc <= 1; dc++) {
                            uniform &= truth.inside(g.patientPoint(r + dr, c + dc)) == t;
                        }
                    }
                    if (uniform && t != m) {
                        interiorErrors++;
                    }
                }
            }
        }
        return new double[] {2.0 * both / (maskCount + truthCount), interiorErrors, truthCount};
    }

    /**
     * What streaming relies on: a slice's probabilities from the shipped model do not depend, bit for bit, on the
     * other slices of its chunk or on its place in it, so slices run in the order they arrive give the mask that
     * the batch path's chunks in slice order give.
     */
    @Test
    void theShippedModelAnswersASliceTheSameInWhicheverChunkItRuns() throws Exception {
        try (OnnxSegmenter model = OnnxSegmenter.open(TestModels.SHIPPED, Device.CPU)) {
            ModelManifest.Input in = model.manifest().input();
            int plane = in.height() * in.width();
            int slices = 20;
            float[] values = new float[slices * plane];
            Random random = new Random(20261207);
            for (int z = 0; z < slices; z++) {
                // A disc of "tissue" on noise, a different one per slice, so that every slice has something to find.
                for (int r = 0; r < in.height(); r++) {
                    for (int c = 0; c < in.width(); c++) {
                        double d = Math.hypot(r - 112 - z, c - 100 + z);
                        values[z * plane + r * in.width() + c] = (float) ((d < 60 ? 0.6 : 0.1) + 0.05 * random.nextGaussian());
                    }
                }
            }
            float[] first16 = model.run(FloatBuffer.wrap(values, 0, 16 * plane).slice(), 16);
            float[] last16 = model.run(FloatBuffer.wrap(values, 4 * plane, 16 * plane).slice(), 16);
            for (int z = 0; z < slices; z++) {
                float[] alone = model.run(FloatBuffer.wrap(values, z * plane, plane).slice(), 1);
                for (int i = 0; i < plane; i++) {
                    if (z < 16) {
                        assertEquals(Float.floatToIntBits(alone[i]), Float.floatToIntBits(first16[z * plane + i]),
                                "slice " + z + " pixel " + i + ": alone vs in chunk 0-15");
                    }
                    if (z >= 4) {
                        assertEquals(Float.floatToIntBits(alone[i]), Float.floatToIntBits(last16[(z - 4) * plane + i]),
                                "slice " + z + " pixel " + i + ": alone vs in chunk 4-19");
                    }
                }
            }
        }
    }

    @Test
    void bandModelFindsThePhantomLiverInPatientCoordinates() throws Exception {
        CtVolume volume = new VolumeAssembler().assemble(new CtPhantom().slices(16).write(dir));
        try (OnnxSegmenter segmenter = OnnxSegmenter.open(TestModels.BAND, Device.CPU)) {
            SegmentationTimings timings = new SegmentationTimings();
            SegmentationMask mask = new VolumeSegmenter(segmenter).segment(volume, VOLUME_KEY, timings).mask();
            assertTrue(timings.decodeNanos > 0 && timings.preprocessNanos > 0 && timings.modelNanos > 0 && timings.postprocessNanos > 0,
                    "every stage's time is added up");
            double[] result = compare(volume, mask, CtPhantom::isLiver);
            assertTrue(result[2] > 1000, "the phantom has a liver to find");
            assertEquals(0, result[1], "voxels away from the liver boundary must be exact");
            assertTrue(result[0] > 0.95, "Dice " + result[0]);
        }
    }

    @Test
    void slicesStoredFlippedOrRotatedAreSegmentedInThePatientsFrame() throws Exception {
        List<Vec3[]> orientations = List.of(
                new Vec3[] {new Vec3(1, 0, 0), new Vec3(0, 1, 0)},     // supine head first, as trained
                new Vec3[] {new Vec3(1, 0, 0), new Vec3(0, -1, 0)},    // feet first
                new Vec3[] {new Vec3(-1, 0, 0), new Vec3(0, 1, 0)},    // stored mirrored
                new Vec3[] {new Vec3(-1, 0, 0), new Vec3(0, -1, 0)},   // prone
                new Vec3[] {new Vec3(0, 1, 0), new Vec3(1, 0, 0)});    // decubitus, transposed
        try (OnnxSegmenter segmenter = OnnxSegmenter.open(TestModels.BAND_IMAGE_LEFT, Device.CPU)) {
            int n = 0;
            for (Vec3[] o : orientations) {
                CtVolume volume = new VolumeAssembler().assemble(new CtPhantom().slices(10).orientation(o[0], o[1]).write(dir.resolve("o" + n++)));
                SegmentationMask mask = new VolumeSegmenter(segmenter).segment(volume, VOLUME_KEY, new SegmentationTimings()).mask();
                // The patient's right is x < 0; the phantom's grid is centred on x = 0.
                double[] result = compare(volume, mask, p -> CtPhantom.isLiver(p) && p.x() < 0);
                assertEquals(0, result[1], "interior errors for " + o[0] + "/" + o[1]);
                assertTrue(result[0] > 0.95, "Dice " + result[0] + " for " + o[0] + "/" + o[1]);
            }
        }
    }

    @Test
    void logitModelGetsTheSigmoidFromTheNode() throws Exception {
        CtVolume volume = new VolumeAssembler().assemble(new CtPhantom().slices(8).write(dir));
        try (OnnxSegmenter segmenter = OnnxSegmenter.open(TestModels.ABOVE_50_LOGIT, Device.AUTO)) {
            assertEquals("CPU", segmenter.executionProvider());
            SegmentationMask mask = new VolumeSegmenter(segmenter).segment(volume, VOLUME_KEY, new SegmentationTimings()).mask();
            double[] result = compare(volume, mask, p -> CtPhantom.huAt(p) > 50);
            assertEquals(0, result[1]);
            assertTrue(result[0] > 0.95, "Dice " + result[0]);
        }
    }

    @Test
    void missingModelSaysWhereItBelongs() {
        InferenceException e = assertThrows(InferenceException.class, () -> OnnxSegmenter.open(dir.resolve("liver.onnx"), Device.AUTO));
        assertTrue(e.getMessage().contains("liver.json"), e.getMessage());
        assertTrue(e.getMessage().contains("inference.model"), e.getMessage());
    }

    @Test
    void cudaWithoutCudaFailsClearly() {
        InferenceException e = assertThrows(InferenceException.class, () -> OnnxSegmenter.open(TestModels.BAND, Device.CUDA));
        assertTrue(e.getMessage().contains("CUDA"), e.getMessage());
    }

    @Test
    void manifestThatNamesAnotherInputIsRejected() throws Exception {
        Path model = dir.resolve("m.onnx");
        Files.copy(TestModels.BAND, model);
        Files.writeString(dir.resolve("m.json"), Files.readString(ModelManifest.manifestPathFor(TestModels.BAND))
                .replace("\"name\": \"image\"", "\"name\": \"pixels\""));
        InferenceException e = assertThrows(InferenceException.class, () -> OnnxSegmenter.open(model, Device.CPU));
        assertTrue(e.getMessage().contains("no input named pixels"), e.getMessage());
    }
}
