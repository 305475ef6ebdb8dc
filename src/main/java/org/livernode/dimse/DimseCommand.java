package org.livernode.dimse;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.livernode.dicom.SopClasses;

/**
 * A DIMSE command set (PS3.7 section 9.3 and annex E): group 0000 elements, always encoded in implicit VR
 * little endian with CommandGroupLength first. Elements this class does not name are kept as raw bytes, so a
 * decoded command encodes back unchanged. Pure: no I/O.
 */
public final class DimseCommand {

    public static final int C_STORE_RQ = 0x0001;
    public static final int C_STORE_RSP = 0x8001;
    public static final int C_ECHO_RQ = 0x0030;
    public static final int C_ECHO_RSP = 0x8030;
    /** Bit set in the CommandField of every response. */
    public static final int RESPONSE_BIT = 0x8000;

    public static final int PRIORITY_MEDIUM = 0x0000;

    static final int COMMAND_GROUP_LENGTH = 0x0000_0000;
    static final int AFFECTED_SOP_CLASS_UID = 0x0000_0002;
    static final int COMMAND_FIELD = 0x0000_0100;
    static final int MESSAGE_ID = 0x0000_0110;
    static final int MESSAGE_ID_BEING_RESPONDED_TO = 0x0000_0120;
    static final int PRIORITY = 0x0000_0700;
    static final int COMMAND_DATA_SET_TYPE = 0x0000_0800;
    static final int STATUS = 0x0000_0900;
    static final int ERROR_COMMENT = 0x0000_0902;
    static final int AFFECTED_SOP_INSTANCE_UID = 0x0000_1000;

    /** CommandDataSetType value meaning "no data set follows"; any other value means one does. */
    private static final int NO_DATA_SET = 0x0101;
    private static final int DATA_SET_PRESENT = 0x0001;
    /** ErrorComment is LO: at most 64 characters. */
    private static final int ERROR_COMMENT_MAX = 64;

    private final SortedMap<Integer, byte[]> elements;

    private DimseCommand(SortedMap<Integer, byte[]> elements) {
        this.elements = elements;
    }

    // ---------------------------------------------------------------- construction

    public static DimseCommand cEchoRq(int messageId) {
        return new Builder().putUnsignedShort(COMMAND_FIELD, C_ECHO_RQ).putUid(AFFECTED_SOP_CLASS_UID, SopClasses.VERIFICATION)
                .putUnsignedShort(MESSAGE_ID, messageId).putUnsignedShort(COMMAND_DATA_SET_TYPE, NO_DATA_SET).build();
    }

    public static DimseCommand cStoreRq(int messageId, String sopClassUid, String sopInstanceUid) {
        return new Builder().putUnsignedShort(COMMAND_FIELD, C_STORE_RQ).putUid(AFFECTED_SOP_CLASS_UID, sopClassUid)
                .putUnsignedShort(MESSAGE_ID, messageId).putUnsignedShort(PRIORITY, PRIORITY_MEDIUM)
                .putUnsignedShort(COMMAND_DATA_SET_TYPE, DATA_SET_PRESENT).putUid(AFFECTED_SOP_INSTANCE_UID, sopInstanceUid).build();
    }

    /**
     * The response to a request without a data set (C-STORE-RSP, C-ECHO-RSP and the like): it echoes the affected
     * SOP class and instance. The error comment is sent only with a status that is not success, cut to 64 characters.
     */
    public static DimseCommand response(DimseCommand request, int status, String errorComment) {
        Builder b = new Builder().putUnsignedShort(COMMAND_FIELD, request.commandField() | RESPONSE_BIT)
                .putUnsignedShort(MESSAGE_ID_BEING_RESPONDED_TO, request.messageId())
                .putUnsignedShort(COMMAND_DATA_SET_TYPE, NO_DATA_SET).putUnsignedShort(STATUS, status);
        request.string(AFFECTED_SOP_CLASS_UID).ifPresent(uid -> b.putUid(AFFECTED_SOP_CLASS_UID, uid));
        request.string(AFFECTED_SOP_INSTANCE_UID).ifPresent(uid -> b.putUid(AFFECTED_SOP_INSTANCE_UID, uid));
        if (status != DicomStatus.SUCCESS && errorComment != null && !errorComment.isEmpty()) {
            String printable = errorComment.replaceAll("[^\\x20-\\x7E]", " ").replace('\\', '/');
            b.putText(ERROR_COMMENT, printable.length() > ERROR_COMMENT_MAX ? printable.substring(0, ERROR_COMMENT_MAX) : printable);
        }
        return b.build();
    }

    private static final class Builder {
        private final SortedMap<Integer, byte[]> elements = new TreeMap<>();

        Builder putUnsignedShort(int tag, int value) {
            elements.put(tag, ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value).array());
            return this;
        }

        /** UI values are padded to even length with NUL. */
        Builder putUid(int tag, String value) {
            elements.put(tag, padded(value, (byte) 0));
            return this;
        }

        /** Text values (AE, LO) are padded to even length with a space. */
        Builder putText(int tag, String value) {
            elements.put(tag, padded(value, (byte) ' '));
            return this;
        }

        private static byte[] padded(String value, byte pad) {
            byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
            if (bytes.length % 2 == 0) {
                return bytes;
            }
            byte[] even = Arrays.copyOf(bytes, bytes.length + 1);
            even[bytes.length] = pad;
            return even;
        }

        DimseCommand build() {
            return new DimseCommand(elements);
        }
    }

    // ---------------------------------------------------------------- access

    public int commandField() {
        return unsignedShort(COMMAND_FIELD).orElseThrow();
    }

    public boolean isRequest() {
        return (commandField() & RESPONSE_BIT) == 0;
    }

    /** MessageID of a request; 0 when absent (as in responses). */
    public int messageId() {
        return unsignedShort(MESSAGE_ID).orElse(0);
    }

    /** MessageIDBeingRespondedTo of a response; -1 when absent. */
    public int messageIdBeingRespondedTo() {
        return unsignedShort(MESSAGE_ID_BEING_RESPONDED_TO).orElse(-1);
    }

    /** Empty string when absent. */
    public String affectedSopClassUid() {
        return string(AFFECTED_SOP_CLASS_UID).orElse("");
    }

    /** Empty string when absent. */
    public String affectedSopInstanceUid() {
        return string(AFFECTED_SOP_INSTANCE_UID).orElse("");
    }

    /** Status of a response; a response without one is treated as a processing failure. */
    public int status() {
        return unsignedShort(STATUS).orElse(DicomStatus.PROCESSING_FAILURE);
    }

    public Optional<String> errorComment() {
        return string(ERROR_COMMENT);
    }

    public boolean hasDataSet() {
        return unsignedShort(COMMAND_DATA_SET_TYPE).orElse(NO_DATA_SET) != NO_DATA_SET;
    }

    /** A string element with its padding (NUL or space) removed. */
    Optional<String> string(int tag) {
        byte[] value = elements.get(tag);
        if (value == null) {
            return Optional.empty();
        }
        String s = new String(value, StandardCharsets.US_ASCII);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == 0 || s.charAt(end - 1) == ' ')) {
            end--;
        }
        return Optional.of(s.substring(0, end));
    }

    private Optional<Integer> unsignedShort(int tag) {
        byte[] value = elements.get(tag);
        return value == null ? Optional.empty() : Optional.of((value[0] & 0xFF) | (value[1] & 0xFF) << 8);
    }

    // ---------------------------------------------------------------- codec

    public byte[] encode() {
        int length = 0;
        for (byte[] value : elements.values()) {
            length += 8 + value.length;
        }
        ByteBuffer out = ByteBuffer.allocate(12 + length).order(ByteOrder.LITTLE_ENDIAN);
        out.putShort((short) 0).putShort((short) 0).putInt(4).putInt(length);
        for (Map.Entry<Integer, byte[]> e : elements.entrySet()) {
            int tag = e.getKey();
            out.putShort((short) (tag >>> 16)).putShort((short) tag).putInt(e.getValue().length).put(e.getValue());
        }
        return out.array();
    }

    /**
     * Decodes a command set. CommandField must be present, and the unsigned short elements this class reads must
     * have 2-byte values, so that the accessors cannot fail later.
     */
    public static DimseCommand decode(byte[] bytes) throws DicomProtocolException {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        SortedMap<Integer, byte[]> elements = new TreeMap<>();
        try {
            while (in.hasRemaining()) {
                int group = in.getShort() & 0xFFFF;
                int element = in.getShort() & 0xFFFF;
                long length = in.getInt() & 0xFFFFFFFFL;
                if (group != 0) {
                    throw invalid(String.format("command set holds element (%04X,%04X) outside group 0000", group, element));
                }
                if (length > in.remaining()) {
                    throw invalid(String.format("command element (0000,%04X) claims %d bytes but %d are left", element, length, in.remaining()));
                }
                byte[] value = new byte[(int) length];
                in.get(value);
                if (element != 0) { // CommandGroupLength is recomputed when encoding
                    elements.put(element, value);
                }
            }
        } catch (BufferUnderflowException e) {
            throw invalid("command set ends inside an element header");
        }
        for (int tag : new int[] {COMMAND_FIELD, MESSAGE_ID, MESSAGE_ID_BEING_RESPONDED_TO, COMMAND_DATA_SET_TYPE, STATUS}) {
            byte[] value = elements.get(tag);
            if (value != null && value.length != 2) {
                throw invalid(String.format("command element (0000,%04X) has %d bytes, expected 2", tag, value.length));
            }
        }
        if (!elements.containsKey(COMMAND_FIELD)) {
            throw invalid("command set has no CommandField");
        }
        return new DimseCommand(elements);
    }

    private static DicomProtocolException invalid(String message) {
        return new DicomProtocolException(Pdu.Abort.REASON_INVALID_PDU_PARAMETER_VALUE, message);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DimseCommand other) || other.elements.size() != elements.size()) {
            return false;
        }
        for (Map.Entry<Integer, byte[]> e : elements.entrySet()) {
            if (!Arrays.equals(e.getValue(), other.elements.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return elements.keySet().hashCode();
    }

    /** "C-STORE-RQ", "C-ECHO-RSP", or the command field in hex for the others. */
    public String name() {
        return switch (commandField()) {
            case C_STORE_RQ -> "C-STORE-RQ";
            case C_STORE_RSP -> "C-STORE-RSP";
            case C_ECHO_RQ -> "C-ECHO-RQ";
            case C_ECHO_RSP -> "C-ECHO-RSP";
            default -> String.format("command 0x%04X", commandField());
        };
    }

    @Override
    public String toString() {
        return name() + ", message " + (isRequest() ? messageId() : messageIdBeingRespondedTo());
    }
}
