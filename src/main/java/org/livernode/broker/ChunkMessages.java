package org.livernode.broker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.livernode.inference.VolumeSegmenter;

/**
 * The bytes of the messages between receivers and inference workers; pure. A request is one chunk of a volume's
 * model input, a reply its probabilities or why there are none. Both start with a magic number and the format
 * version, then a small header (big-endian, strings as {@link DataOutputStream#writeUTF}), then the float32 values
 * (little-endian IEEE 754, so bit for bit what the model reads and writes) as the message's {@link TensorCompression}
 * says: as they are, or deflated (a reply's in byte planes, {@link #shuffle}). A chunk stays bounded at
 * {@link VolumeSegmenter#CHUNK_SLICES} slices whatever the series' length.
 */
public final class ChunkMessages {
    /** Raised when the layout changes; a worker refuses other versions rather than misreading them. */
    public static final int FORMAT_VERSION = 2;
    static final int REQUEST_MAGIC = 0x4C4E5251; // "LNRQ"
    static final int REPLY_MAGIC = 0x4C4E5250; // "LNRP"
    static final int MAX_CHANNELS = 4;
    static final int MAX_SIDE = 1024;
    /** Longest reason a failure reply carries, so that a reply stays small whatever an exception's message. */
    static final int MAX_DETAIL = 1000;

    private ChunkMessages() {}

    /**
     * One chunk for the model: {@code values} is [slices, channels, height, width], row-major.
     *
     * @param requestId the volume's key and the chunk's index ({@code ChunkModel.ChunkId}), the same when a job is redone
     */
    public record Request(String requestId, ModelIdentity model, int slices, int channels, int height, int width, float[] values,
            TensorCompression compression) {
        public Request {
            checkShape(slices, channels, height, width, values.length);
        }
    }

    /** A worker's answer to one request. */
    public sealed interface Reply permits Probabilities, Failure {
        String requestId();
    }

    /** The model's probabilities [slices, height, width]. */
    public record Probabilities(String requestId, int slices, int height, int width, float[] values, TensorCompression compression)
            implements Reply {
        public Probabilities {
            checkShape(slices, 1, height, width, values.length);
        }
    }

    /** No probabilities, and why; {@code detail} is cut to {@link #MAX_DETAIL} characters. */
    public record Failure(String requestId, FailureReason reason, String detail) implements Reply {
        public Failure {
            detail = detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
        }
    }

    private static void checkShape(int slices, int channels, int height, int width, long values) {
        if (slices < 1 || slices > VolumeSegmenter.CHUNK_SLICES || channels < 1 || channels > MAX_CHANNELS || height < 1 || height > MAX_SIDE
                || width < 1 || width > MAX_SIDE) {
            throw new IllegalArgumentException("chunk shape [" + slices + ", " + channels + ", " + height + ", " + width + "] is outside [1-"
                    + VolumeSegmenter.CHUNK_SLICES + ", 1-" + MAX_CHANNELS + ", 1-" + MAX_SIDE + ", 1-" + MAX_SIDE + "]");
        }
        if ((long) slices * channels * height * width != values) {
            throw new IllegalArgumentException(values + " values for a chunk of shape [" + slices + ", " + channels + ", " + height + ", " + width + "]");
        }
    }

    public static byte[] encode(Request request) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(request.values().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(REQUEST_MAGIC);
            out.writeShort(FORMAT_VERSION);
            out.writeUTF(request.requestId());
            out.writeUTF(request.model().name());
            out.writeUTF(request.model().version());
            out.writeUTF(request.model().sha256());
            out.writeInt(request.slices());
            out.writeInt(request.channels());
            out.writeInt(request.height());
            out.writeInt(request.width());
            writeTensor(request.values(), request.compression(), false, out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    public static byte[] encode(Reply reply) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(REPLY_MAGIC);
            out.writeShort(FORMAT_VERSION);
            out.writeUTF(reply.requestId());
            if (reply instanceof Probabilities p) {
                out.writeByte(0);
                out.writeInt(p.slices());
                out.writeInt(p.height());
                out.writeInt(p.width());
                writeTensor(p.values(), p.compression(), true, out);
            } else if (reply instanceof Failure f) {
                out.writeByte(1);
                out.writeUTF(f.reason().name());
                out.writeUTF(f.detail());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /** @throws MalformedMessageException with the {@link FailureReason} that the worker reports */
    public static Request decodeRequest(byte[] message) throws MalformedMessageException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(message));
        try {
            checkStart(in, REQUEST_MAGIC, "request");
            String id = in.readUTF();
            ModelIdentity model;
            try {
                model = new ModelIdentity(in.readUTF(), in.readUTF(), in.readUTF());
            } catch (IllegalArgumentException e) {
                throw new MalformedMessageException(FailureReason.GARBAGE, "request " + id + ": " + e.getMessage());
            }
            int slices = in.readInt(), channels = in.readInt(), height = in.readInt(), width = in.readInt();
            int count = shapeValues(id, slices, channels, height, width);
            TensorCompression compression = compression(in, id);
            return new Request(id, model, slices, channels, height, width, readTensor(in, count, compression, false, id), compression);
        } catch (EOFException e) {
            throw new MalformedMessageException(FailureReason.GARBAGE, "the request's header ends after " + message.length + " bytes");
        } catch (IOException e) {
            throw new MalformedMessageException(FailureReason.GARBAGE, "the request's header cannot be read: " + e.getMessage());
        }
    }

    /** @throws MalformedMessageException a reply that no worker of this format wrote */
    public static Reply decodeReply(byte[] message) throws MalformedMessageException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(message));
        try {
            checkStart(in, REPLY_MAGIC, "reply");
            String id = in.readUTF();
            int kind = in.readUnsignedByte();
            if (kind == 0) {
                int slices = in.readInt(), height = in.readInt(), width = in.readInt();
                int count = shapeValues(id, slices, 1, height, width);
                TensorCompression compression = compression(in, id);
                return new Probabilities(id, slices, height, width, readTensor(in, count, compression, true, id), compression);
            }
            if (kind == 1) {
                String reason = in.readUTF();
                try {
                    return new Failure(id, FailureReason.valueOf(reason), in.readUTF());
                } catch (IllegalArgumentException e) {
                    throw new MalformedMessageException(FailureReason.GARBAGE, "reply " + id + " names an unknown failure reason " + reason);
                }
            }
            throw new MalformedMessageException(FailureReason.GARBAGE, "reply " + id + " is of unknown kind " + kind);
        } catch (EOFException e) {
            throw new MalformedMessageException(FailureReason.GARBAGE, "the reply's header ends after " + message.length + " bytes");
        } catch (IOException e) {
            throw new MalformedMessageException(FailureReason.GARBAGE, "the reply's header cannot be read: " + e.getMessage());
        }
    }

    private static void checkStart(DataInputStream in, int magic, String what) throws IOException, MalformedMessageException {
        int start = in.readInt();
        if (start != magic) {
            throw new MalformedMessageException(FailureReason.GARBAGE, "not a livernode " + what + " (starts with 0x" + Integer.toHexString(start) + ")");
        }
        int version = in.readUnsignedShort();
        if (version != FORMAT_VERSION) {
            throw new MalformedMessageException(FailureReason.VERSION, "a livernode " + what + " of format version " + version + "; this node reads "
                    + FORMAT_VERSION + ": run the same livernode version on receivers and workers");
        }
    }

    private static int shapeValues(String id, int slices, int channels, int height, int width) throws MalformedMessageException {
        try {
            checkShape(slices, channels, height, width, (long) slices * channels * height * width);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(FailureReason.GARBAGE, "message " + id + ": " + e.getMessage());
        }
        return slices * channels * height * width;
    }

    private static TensorCompression compression(DataInputStream in, String id) throws IOException, MalformedMessageException {
        int code = in.readUnsignedByte();
        if (code >= TensorCompression.values().length) {
            throw new MalformedMessageException(FailureReason.GARBAGE, "message " + id + ": unknown tensor compression " + code);
        }
        return TensorCompression.values()[code];
    }

    /** The compression's code, then the values. */
    private static void writeTensor(float[] values, TensorCompression compression, boolean inPlanes, DataOutputStream out) throws IOException {
        out.writeByte(compression.ordinal());
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        if (compression == TensorCompression.NONE) {
            out.write(raw.array());
            return;
        }
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try {
            deflater.setInput(inPlanes ? shuffle(raw.array()) : raw.array());
            deflater.finish();
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        } finally {
            deflater.end();
        }
    }

    /** The rest of the message: exactly {@code count} floats, as they are or deflated. */
    private static float[] readTensor(DataInputStream in, int count, TensorCompression compression, boolean inPlanes, String id)
            throws IOException, MalformedMessageException {
        byte[] rest = in.readAllBytes();
        byte[] raw = compression == TensorCompression.NONE ? exactly(rest, count, id) : inflate(rest, count, id);
        float[] values = new float[count];
        ByteBuffer.wrap(inPlanes && compression == TensorCompression.DEFLATE ? unshuffle(raw) : raw).order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer().get(values);
        return values;
    }

    private static byte[] exactly(byte[] raw, int count, String id) throws MalformedMessageException {
        if (raw.length != count * Float.BYTES) {
            throw new MalformedMessageException(FailureReason.TRUNCATED, "message " + id + ": the tensor has " + raw.length + " bytes, its header says "
                    + count * Float.BYTES);
        }
        return raw;
    }

    /** Deflated bytes, inflated to exactly {@code count} floats' worth. */
    private static byte[] inflate(byte[] compressed, int count, String id) throws MalformedMessageException {
        byte[] raw = new byte[count * Float.BYTES];
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            int filled = 0;
            while (filled < raw.length) {
                int n = inflater.inflate(raw, filled, raw.length - filled);
                if (n == 0 && (inflater.needsInput() || inflater.finished() || inflater.needsDictionary())) {
                    throw new MalformedMessageException(FailureReason.TRUNCATED, "message " + id + ": the tensor ends after " + filled + " of "
                            + raw.length + " bytes");
                }
                filled += n;
            }
            if (!inflater.finished() && inflater.inflate(new byte[1]) > 0 || inflater.getRemaining() > 0) {
                throw new MalformedMessageException(FailureReason.TRUNCATED, "message " + id + ": the tensor is longer than its header's "
                        + raw.length + " bytes");
            }
            if (!inflater.finished()) {
                throw new MalformedMessageException(FailureReason.TRUNCATED, "message " + id + ": the tensor's compressed stream is cut short");
            }
        } catch (DataFormatException e) {
            throw new MalformedMessageException(FailureReason.TRUNCATED, "message " + id + ": the tensor does not inflate: " + e.getMessage());
        } finally {
            inflater.end();
        }
        return raw;
    }

    /**
     * The bytes of the floats in planes: every value's first byte, then every second byte, and so on. Probabilities
     * are mostly near 0 with noisy mantissas: their signs and exponents, which vary little, end up side by side and
     * deflate finds them (measured on the 129-slice series: replies 26 % smaller). A model input, windowed and
     * clipped, repeats whole values, which deflate finds better as they are (7 % smaller than in planes).
     */
    static byte[] shuffle(byte[] raw) {
        return transpose(raw, raw.length / Float.BYTES, Float.BYTES);
    }

    static byte[] unshuffle(byte[] planes) {
        return transpose(planes, Float.BYTES, planes.length / Float.BYTES);
    }

    /** {@code bytes} as a rows by columns matrix, row after row, written column after column. */
    private static byte[] transpose(byte[] bytes, int rows, int columns) {
        byte[] transposed = new byte[bytes.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                transposed[c * rows + r] = bytes[r * columns + c];
            }
        }
        return transposed;
    }
}
