package org.livernode.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ChunkMessagesTest {
    static final ModelIdentity MODEL = new ModelIdentity("liver", "3", "0123456789abcdef".repeat(4));

    /** Values that only survive bit for bit: negative zero, a NaN payload, subnormals, the extremes. */
    static float[] awkwardValues(int n) {
        float[] values = new float[n];
        Random random = new Random(11);
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        values[0] = -0.0f;
        values[1] = Float.intBitsToFloat(0x7fc01234);
        values[2] = Float.MIN_VALUE;
        values[3] = Float.MAX_VALUE;
        values[4] = Float.NEGATIVE_INFINITY;
        return values;
    }

    private static int[] bits(float[] values) {
        return java.util.stream.IntStream.range(0, values.length).map(i -> Float.floatToRawIntBits(values[i])).toArray();
    }

    @ParameterizedTest
    @EnumSource(TensorCompression.class)
    void aRequestComesBackBitForBit(TensorCompression compression) throws MalformedMessageException {
        float[] values = awkwardValues(3 * 2 * 8 * 5);
        ChunkMessages.Request request = new ChunkMessages.Request("1.2.3-abcdef#4", MODEL, 3, 2, 8, 5, values, compression);
        byte[] encoded = ChunkMessages.encode(request);
        ChunkMessages.Request decoded = ChunkMessages.decodeRequest(encoded);
        assertEquals(compression, decoded.compression());
        if (compression == TensorCompression.NONE) {
            assertEquals(tensorStart(encoded) + 1 + values.length * Float.BYTES, encoded.length, "the values as they are, after the header");
        }
        assertEquals("1.2.3-abcdef#4", decoded.requestId());
        assertEquals(MODEL, decoded.model());
        assertEquals(Arrays.asList(3, 2, 8, 5), Arrays.asList(decoded.slices(), decoded.channels(), decoded.height(), decoded.width()));
        assertArrayEquals(bits(values), bits(decoded.values()));
    }

    @ParameterizedTest
    @EnumSource(TensorCompression.class)
    void repliesComeBackAsWritten(TensorCompression compression) throws MalformedMessageException {
        float[] values = awkwardValues(2 * 4 * 4);
        ChunkMessages.Probabilities probabilities = assertInstanceOf(ChunkMessages.Probabilities.class,
                ChunkMessages.decodeReply(ChunkMessages.encode(new ChunkMessages.Probabilities("a#0", 2, 4, 4, values, compression))));
        assertEquals("a#0", probabilities.requestId());
        assertEquals(compression, probabilities.compression());
        assertArrayEquals(bits(values), bits(probabilities.values()));
        ChunkMessages.Failure failure = assertInstanceOf(ChunkMessages.Failure.class,
                ChunkMessages.decodeReply(ChunkMessages.encode(new ChunkMessages.Failure("a#1", FailureReason.MODEL_MISMATCH, "other model"))));
        assertEquals(new ChunkMessages.Failure("a#1", FailureReason.MODEL_MISMATCH, "other model"), failure);
    }

    @Test
    void aLongFailureReasonIsCut() {
        assertEquals(ChunkMessages.MAX_DETAIL, new ChunkMessages.Failure("a", FailureReason.INFERENCE, "x".repeat(5000)).detail().length());
    }

    @Test
    void garbageIsNamedAsSuch() {
        for (byte[] garbage : new byte[][] {new byte[0], "hello, world".getBytes(), new byte[] {0x4C, 0x4E, 0x52}}) {
            MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> ChunkMessages.decodeRequest(garbage));
            assertEquals(FailureReason.GARBAGE, e.reason(), e.getMessage());
        }
        byte[] request = ChunkMessages.encode(new ChunkMessages.Request("a#0", MODEL, 1, 1, 2, 2, new float[4], TensorCompression.NONE));
        assertEquals(FailureReason.GARBAGE, assertThrows(MalformedMessageException.class, () -> ChunkMessages.decodeReply(request)).reason(),
                "a request is not a reply");
        byte[] unknownCompression = request.clone();
        unknownCompression[tensorStart(request)] = 7;
        assertEquals(FailureReason.GARBAGE, assertThrows(MalformedMessageException.class,
                () -> ChunkMessages.decodeRequest(unknownCompression)).reason(), "a compression this node does not know");
        assertEquals(FailureReason.GARBAGE, assertThrows(MalformedMessageException.class,
                () -> ChunkMessages.decodeRequest(Arrays.copyOf(request, 20))).reason(), "a header cut short");
    }

    @Test
    void anotherFormatVersionIsRefusedWithBothVersions() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(ChunkMessages.REQUEST_MAGIC);
            out.writeShort(ChunkMessages.FORMAT_VERSION + 1);
            out.writeUTF("a#0");
        }
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> ChunkMessages.decodeRequest(bytes.toByteArray()));
        assertEquals(FailureReason.VERSION, e.reason());
        assertTrue(e.getMessage().contains("format version " + (ChunkMessages.FORMAT_VERSION + 1)), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(TensorCompression.class)
    void aCutOrPaddedTensorIsTruncated(TensorCompression compression) {
        byte[] request = ChunkMessages.encode(new ChunkMessages.Request("a#0", MODEL, 2, 1, 16, 16, awkwardValues(2 * 16 * 16), compression));
        byte[] cut = Arrays.copyOf(request, request.length - 100);
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> ChunkMessages.decodeRequest(cut));
        assertEquals(FailureReason.TRUNCATED, e.reason(), e.getMessage());
        byte[] padded = Arrays.copyOf(request, request.length + 3);
        assertEquals(FailureReason.TRUNCATED, assertThrows(MalformedMessageException.class, () -> ChunkMessages.decodeRequest(padded)).reason());
        if (compression == TensorCompression.NONE) {
            return; // Changed bytes of plain floats are other floats.
        }
        byte[] corrupt = request.clone();
        Arrays.fill(corrupt, request.length - 200, request.length - 150, (byte) 0x55);
        assertEquals(FailureReason.TRUNCATED, assertThrows(MalformedMessageException.class, () -> ChunkMessages.decodeRequest(corrupt)).reason());
    }

    @ParameterizedTest
    @EnumSource(TensorCompression.class)
    void aTensorOfAnotherShapeThanItsHeaderIsRefused(TensorCompression compression) {
        // The header says 2 slices of 16 x 16, the tensor holds one.
        byte[] lying = ChunkMessages.encode(new ChunkMessages.Request("a#0", MODEL, 1, 1, 16, 16, new float[256], compression));
        // Slices is the int before channels, height and width, 16 bytes before the compression's code; big-endian.
        lying[tensorStart(lying) - 13] = 2;
        assertEquals(FailureReason.TRUNCATED, assertThrows(MalformedMessageException.class, () -> ChunkMessages.decodeRequest(lying)).reason());
    }

    @Test
    void shapesOutsideTheBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ChunkMessages.Request("a", MODEL, 17, 1, 2, 2, new float[17 * 4],
                TensorCompression.NONE));
        assertThrows(IllegalArgumentException.class, () -> new ChunkMessages.Request("a", MODEL, 1, 1, 2, 2, new float[5], TensorCompression.NONE));
        byte[] request = ChunkMessages.encode(new ChunkMessages.Request("a#0", MODEL, 1, 1, 2, 2, new float[4], TensorCompression.NONE));
        byte[] huge = request.clone();
        int at = tensorStart(request);
        huge[at - 8] = 0x7f; // height far beyond any model
        assertEquals(FailureReason.GARBAGE, assertThrows(MalformedMessageException.class, () -> ChunkMessages.decodeRequest(huge)).reason());
    }

    @Test
    void aModelHashMustBeOneSha256() {
        assertThrows(IllegalArgumentException.class, () -> new ModelIdentity("liver", "3", "abc"));
    }

    /** Where the tensor's compression code is: after magic, version, four strings and four ints; the values follow it. */
    private static int tensorStart(byte[] request) {
        int at = 4 + 2;
        for (int i = 0; i < 4; i++) {
            at += 2 + (((request[at] & 0xff) << 8) | (request[at + 1] & 0xff));
        }
        return at + 16;
    }
}
