package org.livernode.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BilinearResizeTest {

    /** x[i] = i^1.5 on a 3x5 grid; expected values printed by torch 1.13 F.interpolate(bilinear, align_corners=False). */
    private static double[] input() {
        double[] x = new double[15];
        for (int i = 0; i < 15; i++) {
            x[i] = Math.pow(i, 1.5);
        }
        return x;
    }

    @Test
    void upsamplingMatchesPytorch() {
        double[] expected = {0.0, 0.5714285714285714, 1.522407749927483, 2.8284271247461903, 4.51965948043222, 6.397801384403791, 8.0,
            6.987712429686843, 8.457926204401172, 10.439225284651343, 12.635822157687404, 15.10358688951493, 17.712538732711966, 19.875,
            18.846253655318264, 21.14363087836665, 24.094365355188522, 27.16361925402748, 30.417604138020636, 33.77612802973731,
            36.51870128056319, 31.622776601683793, 34.39997436866985, 37.9361146046933, 41.569219381653056, 45.357038809780775,
            49.23403950980472, 52.38320341483518};
        double[] out = new double[28];
        new BilinearResize(3, 5, 4, 7).apply(input(), out);
        assertArrayEquals(expected, out, 1e-12);
    }

    @Test
    void downsamplingMatchesPytorch() {
        double[] expected = {3.338134852641414, 6.751385137922676, 11.684656188840787, 28.02024132696066, 35.80697933060283, 44.295261435839684};
        double[] out = new double[6];
        new BilinearResize(3, 5, 2, 3).apply(input(), out);
        assertArrayEquals(expected, out, 1e-12);
    }

    @Test
    void floatInputWithOffsetGivesTheSameValues() {
        double[] x = input();
        float[] padded = new float[20];
        for (int i = 0; i < 15; i++) {
            padded[5 + i] = (float) x[i];
        }
        double[] fromDouble = new double[28];
        double[] fromFloat = new double[28];
        BilinearResize resize = new BilinearResize(3, 5, 4, 7);
        resize.apply(x, fromDouble);
        resize.apply(padded, 5, fromFloat, 0, 4, 0, 7);
        assertArrayEquals(fromDouble, fromFloat, 1e-5);
    }

    @Test
    void aWindowIsComputedAloneAndCoversEveryOutputItsInputsReach() {
        BilinearResize resize = new BilinearResize(3, 5, 4, 7);
        float[] in = new float[15];
        in[1 * 5 + 3] = 1;   // one input pixel, row 1, column 3
        double[] full = new double[28];
        double[] window = new double[28];
        resize.apply(input(), full);
        int[] rows = resize.outputRows(1, 1), columns = resize.outputColumns(3, 3);
        resize.apply(in, 0, window, rows[0], rows[1], columns[0], columns[1]);
        double[] everywhere = new double[28];
        resize.apply(in, 0, everywhere, 0, 4, 0, 7);
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 7; c++) {
                boolean inside = r >= rows[0] && r < rows[1] && c >= columns[0] && c < columns[1];
                // Outside the window the input pixel has no weight; inside, the window equals the full computation.
                assertEquals(inside ? everywhere[r * 7 + c] : 0, window[r * 7 + c], 1e-12, "r" + r + " c" + c);
                if (!inside) {
                    assertEquals(0, everywhere[r * 7 + c], 1e-12);
                }
            }
        }
        assertArrayEquals(new int[] {0, 0}, resize.outputRows(5, 6), "no input row beyond the image");
    }

    @Test
    void wrongBufferSizesAreRejected() {
        BilinearResize resize = new BilinearResize(3, 5, 4, 7);
        assertThrows(IllegalArgumentException.class, () -> resize.apply(new double[14], new double[28]));
        assertThrows(IllegalArgumentException.class, () -> new BilinearResize(0, 5, 4, 7));
    }
}
