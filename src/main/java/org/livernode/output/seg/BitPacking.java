package org.livernode.output.seg;

import java.util.List;

/**
 * Pixel Data of a BINARY segmentation, packed and read back: 1 bit per pixel, the first pixel in the least significant bit of the
 * first byte. Frames follow one another with no padding in between, so a frame can start in the middle of
 * a byte (PS3.5 8.1.1 and 8.2); only the whole value is padded, with zero bits, to an even number of bytes.
 */
public final class BitPacking {

    private BitPacking() {}

    /**
     * @param frames one array per frame, all the same length, one byte per pixel, non-zero for set
     * @return the packed Pixel Data, of even length
     */
    public static byte[] pack(List<byte[]> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("pixel data needs at least one frame");
        }
        int pixelsPerFrame = frames.get(0).length;
        for (int f = 0; f < frames.size(); f++) {
            if (frames.get(f).length != pixelsPerFrame) {
                throw new IllegalArgumentException("frame " + f + " has " + frames.get(f).length + " pixels, frame 0 has " + pixelsPerFrame);
            }
        }
        long bits = (long) pixelsPerFrame * frames.size();
        long bytes = (bits + 7) / 8;
        bytes += bytes % 2;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(frames.size() + " frames of " + pixelsPerFrame + " pixels do not fit one Pixel Data value");
        }
        byte[] packed = new byte[(int) bytes];
        long bit = 0;
        for (byte[] frame : frames) {
            int i = 0;
            // Pixel by pixel up to a byte boundary, then eight pixels to a byte: frames of 512 x 512 start on one.
            for (; i < frame.length && (bit & 7) != 0; i++, bit++) {
                set(packed, bit, frame[i]);
            }
            int at = (int) (bit >>> 3);
            for (; i + 8 <= frame.length; i += 8) {
                packed[at++] = (byte) (bit(frame[i], 0) | bit(frame[i + 1], 1) | bit(frame[i + 2], 2) | bit(frame[i + 3], 3)
                        | bit(frame[i + 4], 4) | bit(frame[i + 5], 5) | bit(frame[i + 6], 6) | bit(frame[i + 7], 7));
            }
            bit = (long) at << 3;
            for (; i < frame.length; i++, bit++) {
                set(packed, bit, frame[i]);
            }
        }
        return packed;
    }

    /** Whether the packed Pixel Data holds {@code frames} frames of {@code pixelsPerFrame} pixels. */
    public static boolean holds(byte[] packed, int frames, int pixelsPerFrame) {
        return (long) frames * pixelsPerFrame <= 8L * packed.length;
    }

    /**
     * Frame {@code index} (0-based) of packed Pixel Data, one byte per pixel: 1 set, 0 not.
     *
     * @throws IndexOutOfBoundsException when the data does not hold that frame (see {@link #holds})
     */
    public static byte[] unpack(byte[] packed, int index, int pixelsPerFrame) {
        byte[] frame = new byte[pixelsPerFrame];
        long bit = (long) index * pixelsPerFrame;
        for (int i = 0; i < pixelsPerFrame; i++, bit++) {
            frame[i] = (byte) ((packed[(int) (bit >>> 3)] >>> (bit & 7)) & 1);
        }
        return frame;
    }

    /** Whether frame {@code index} (0-based) of packed Pixel Data has no pixel set; a byte at a time where it can. */
    public static boolean isEmpty(byte[] packed, int index, int pixelsPerFrame) {
        long bit = (long) index * pixelsPerFrame;
        long end = bit + pixelsPerFrame;
        while (bit < end) {
            if ((bit & 7) == 0 && end - bit >= 8) {
                if (packed[(int) (bit >>> 3)] != 0) {
                    return false;
                }
                bit += 8;
            } else {
                if (((packed[(int) (bit >>> 3)] >>> (bit & 7)) & 1) != 0) {
                    return false;
                }
                bit++;
            }
        }
        return true;
    }

    private static void set(byte[] packed, long bit, byte pixel) {
        if (pixel != 0) {
            packed[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
        }
    }

    private static int bit(byte pixel, int position) {
        return pixel != 0 ? 1 << position : 0;
    }
}
