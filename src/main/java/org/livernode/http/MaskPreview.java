package org.livernode.http;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The picture of a job's liver mask: a few axial slices side by side, each the CT in a soft-tissue window with the
 * mask's outline drawn over it, scaled to a fixed width so that a glance says whether the result is sane. Pure:
 * arrays in, an image out.
 */
public final class MaskPreview {
    /** Soft-tissue window (level 40 HU, width 400 HU), as radiologists read an abdomen. */
    static final int WINDOW_LEVEL = 40;
    static final int WINDOW_WIDTH = 400;
    /** The outline's colour: bright orange, which no grey is. */
    static final int OUTLINE_RGB = 0xFF8C00;

    private MaskPreview() {}

    /**
     * One slice: its pixels in HU and its mask (non-zero inside), both row by row on the same grid.
     */
    public record Slice(short[] hounsfieldUnits, byte[] mask, int rows, int columns) {
        public Slice {
            if (rows < 1 || columns < 1 || hounsfieldUnits.length != rows * columns || mask.length != rows * columns) {
                throw new IllegalArgumentException("a slice of " + rows + "x" + columns + " needs that many values, got "
                        + hounsfieldUnits.length + " HU and " + mask.length + " mask values");
            }
        }
    }

    /**
     * Which {@code wanted} of {@code count} slices to show: evenly spaced, each the middle of its share, so that the
     * first and last (often a sliver of the organ) are not picked.
     */
    public static List<Integer> evenlySpaced(int count, int wanted) {
        List<Integer> picked = new ArrayList<>();
        int n = Math.min(count, wanted);
        for (int i = 0; i < n; i++) {
            picked.add((int) Math.floor((i + 0.5) * count / n));
        }
        return picked;
    }

    /**
     * The slices side by side, each {@code width} pixels wide and as high as its aspect ratio makes it (the image is
     * as high as the highest). The CT is averaged down (or repeated up) to that size; the mask is sampled at each
     * pixel's centre and its outline (inside pixels with an outside neighbour) drawn at that size, so that it stays
     * one pixel wide and unbroken whatever the scale.
     */
    public static BufferedImage compose(List<Slice> slices, int width) {
        if (slices.isEmpty() || width < 1) {
            throw new IllegalArgumentException("a preview needs at least one slice and a positive width");
        }
        int height = 1;
        for (Slice s : slices) {
            height = Math.max(height, heightOf(s, width));
        }
        BufferedImage image = new BufferedImage(width * slices.size(), height, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < slices.size(); i++) {
            draw(slices.get(i), image, i * width, width, heightOf(slices.get(i), width));
        }
        return image;
    }

    private static int heightOf(Slice s, int width) {
        return Math.max(1, (int) Math.round((double) width * s.rows() / s.columns()));
    }

    private static void draw(Slice s, BufferedImage image, int left, int width, int height) {
        boolean[] inside = new boolean[width * height];
        for (int y = 0; y < height; y++) {
            int rowFrom = y * s.rows() / height;
            int rowTo = Math.max(rowFrom + 1, (y + 1) * s.rows() / height);
            int centreRow = (int) ((y + 0.5) * s.rows() / height);
            for (int x = 0; x < width; x++) {
                int columnFrom = x * s.columns() / width;
                int columnTo = Math.max(columnFrom + 1, (x + 1) * s.columns() / width);
                long sum = 0;
                for (int r = rowFrom; r < rowTo; r++) {
                    for (int c = columnFrom; c < columnTo; c++) {
                        sum += s.hounsfieldUnits()[r * s.columns() + c];
                    }
                }
                int grey = grey((double) sum / ((rowTo - rowFrom) * (columnTo - columnFrom)));
                image.setRGB(left + x, y, grey << 16 | grey << 8 | grey);
                inside[y * width + x] = s.mask()[centreRow * s.columns() + (int) ((x + 0.5) * s.columns() / width)] != 0;
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (inside[y * width + x] && onEdge(inside, width, height, x, y)) {
                    image.setRGB(left + x, y, OUTLINE_RGB);
                }
            }
        }
    }

    /** An inside pixel with an outside 4-neighbour, or on the border of the image. */
    private static boolean onEdge(boolean[] inside, int width, int height, int x, int y) {
        return x == 0 || y == 0 || x == width - 1 || y == height - 1 || !inside[y * width + x - 1] || !inside[y * width + x + 1]
                || !inside[(y - 1) * width + x] || !inside[(y + 1) * width + x];
    }

    /** The grey (0 to 255) of a value in HU in the soft-tissue window. */
    static int grey(double hounsfieldUnits) {
        double low = WINDOW_LEVEL - WINDOW_WIDTH / 2.0;
        double scaled = (hounsfieldUnits - low) / WINDOW_WIDTH * 255;
        return (int) Math.round(Math.max(0, Math.min(255, scaled)));
    }
}
