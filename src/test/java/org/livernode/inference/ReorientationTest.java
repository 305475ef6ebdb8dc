package org.livernode.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.livernode.volume.SliceGeometry;
import org.livernode.volume.Vec3;

class ReorientationTest {

    private static final Vec3 X = new Vec3(1, 0, 0);
    private static final Vec3 Y = new Vec3(0, 1, 0);

    /** All eight axial storage orientations: rows along ±x or ±y, columns along the other axis. */
    private static List<Vec3[]> axialOrientations() {
        List<Vec3[]> all = new ArrayList<>();
        for (Vec3 a : List.of(X, X.times(-1), Y, Y.times(-1))) {
            for (Vec3 b : List.of(X, X.times(-1), Y, Y.times(-1))) {
                if (Math.abs(a.dot(b)) < 1e-9) {
                    all.add(new Vec3[] {a, b});
                }
            }
        }
        return all;
    }

    @Test
    void everyAxialOrientationEndsUpWithRowsAlongXAndColumnsAlongY() {
        List<Vec3[]> orientations = axialOrientations();
        assertEquals(8, orientations.size());
        for (Vec3[] o : orientations) {
            SliceGeometry g = new SliceGeometry(new Vec3(10, -20, 5), o[0], o[1], 0.8, 0.6, 3, 5);
            Reorientation reo = Reorientation.of(g, X, Y);
            for (int r = 0; r < reo.rows(); r++) {
                for (int c = 0; c < reo.columns(); c++) {
                    Vec3 here = point(g, reo.sourceIndex(r, c));
                    if (c + 1 < reo.columns()) {
                        Vec3 step = point(g, reo.sourceIndex(r, c + 1)).minus(here);
                        assertTrue(step.x() > 0 && Math.abs(step.y()) < 1e-9, "along a row x grows for " + o[0] + "/" + o[1]);
                    }
                    if (r + 1 < reo.rows()) {
                        Vec3 step = point(g, reo.sourceIndex(r + 1, c)).minus(here);
                        assertTrue(step.y() > 0 && Math.abs(step.x()) < 1e-9, "down a column y grows for " + o[0] + "/" + o[1]);
                    }
                }
            }
        }
    }

    private static Vec3 point(SliceGeometry g, int index) {
        return g.patientPoint(index / g.columns(), index % g.columns());
    }

    @Test
    void storedAsTrainedIsLeftAlone() {
        SliceGeometry g = new SliceGeometry(new Vec3(0, 0, 0), X, Y, 1, 1, 2, 3);
        Reorientation reo = Reorientation.of(g, X, Y);
        assertTrue(reo.isIdentity());
        short[] pixels = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(pixels, reo.toModel(pixels));
    }

    @Test
    void slightlyRotatedSlicesUseTheNearestFlip() {
        double a = Math.toRadians(170);
        SliceGeometry g = new SliceGeometry(new Vec3(0, 0, 0), new Vec3(Math.cos(a), Math.sin(a), 0),
                new Vec3(-Math.sin(a), Math.cos(a), 0), 1, 1, 2, 2);
        Reorientation reo = Reorientation.of(g, X, Y);
        assertEquals(" rows flipped columns flipped", reo.toString());
    }

    @Test
    void toSourceUndoesToModel() {
        for (Vec3[] o : axialOrientations()) {
            SliceGeometry g = new SliceGeometry(new Vec3(0, 0, 0), o[0], o[1], 1, 1, 3, 4);
            Reorientation reo = Reorientation.of(g, X, Y);
            short[] source = new short[12];
            for (int i = 0; i < 12; i++) {
                source[i] = (short) i;
            }
            short[] model = reo.toModel(source);
            byte[] asBytes = new byte[12];
            for (int i = 0; i < 12; i++) {
                asBytes[i] = (byte) model[i];
            }
            byte[] back = new byte[12];
            reo.toSource(asBytes, back);
            for (int i = 0; i < 12; i++) {
                assertEquals(i, back[i]);
            }
        }
    }
}
