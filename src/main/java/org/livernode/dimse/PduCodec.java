package org.livernode.dimse;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.livernode.dimse.Pdu.Abort;
import org.livernode.dimse.Pdu.AssociateAc;
import org.livernode.dimse.Pdu.AssociateRj;
import org.livernode.dimse.Pdu.AssociateRq;
import org.livernode.dimse.Pdu.AsyncOperationsWindow;
import org.livernode.dimse.Pdu.PDataTf;
import org.livernode.dimse.Pdu.Pdv;
import org.livernode.dimse.Pdu.PresentationContextAc;
import org.livernode.dimse.Pdu.PresentationContextRq;
import org.livernode.dimse.Pdu.ReleaseRp;
import org.livernode.dimse.Pdu.ReleaseRq;
import org.livernode.dimse.Pdu.UserInformation;

/**
 * Encodes PDUs to bytes and decodes PDU bodies (PS3.8 section 9.3). Pure: no I/O, so that malformed input
 * can be tested directly. Every length read is checked against what is left of the body.
 */
public final class PduCodec {

    /** Type byte, reserved byte, 4-byte length. */
    public static final int HEADER_LENGTH = 6;
    /** PDV item length (4), presentation context ID (1), message control header (1). */
    public static final int PDV_HEADER_LENGTH = 6;

    private static final int ITEM_APPLICATION_CONTEXT = 0x10;
    private static final int ITEM_PRESENTATION_CONTEXT_RQ = 0x20;
    private static final int ITEM_PRESENTATION_CONTEXT_AC = 0x21;
    private static final int ITEM_ABSTRACT_SYNTAX = 0x30;
    private static final int ITEM_TRANSFER_SYNTAX = 0x40;
    private static final int ITEM_USER_INFORMATION = 0x50;
    private static final int SUB_ITEM_MAX_LENGTH = 0x51;
    private static final int SUB_ITEM_IMPLEMENTATION_CLASS_UID = 0x52;
    private static final int SUB_ITEM_ASYNC_OPERATIONS_WINDOW = 0x53;
    private static final int SUB_ITEM_IMPLEMENTATION_VERSION_NAME = 0x55;

    private static final int AE_TITLE_LENGTH = 16;
    private static final int MESSAGE_CONTROL_COMMAND = 0x01;
    private static final int MESSAGE_CONTROL_LAST = 0x02;

    private PduCodec() {}

    // ---------------------------------------------------------------- encoding

    /** The whole PDU, header included. */
    public static byte[] encode(Pdu pdu) {
        // Java 17 has no pattern matching in switch, hence the instanceof chain over the sealed types.
        if (pdu instanceof AssociateRq rq) {
            return withHeader(Pdu.TYPE_ASSOCIATE_RQ, associateBody(rq.protocolVersion(), rq.calledAeTitle(), rq.callingAeTitle(),
                    rq.applicationContextName(), presentationContextsRq(rq.presentationContexts()), rq.userInformation()));
        } else if (pdu instanceof AssociateAc ac) {
            return withHeader(Pdu.TYPE_ASSOCIATE_AC, associateBody(1, ac.calledAeTitle(), ac.callingAeTitle(),
                    ac.applicationContextName(), presentationContextsAc(ac.presentationContexts()), ac.userInformation()));
        } else if (pdu instanceof AssociateRj rj) {
            return withHeader(Pdu.TYPE_ASSOCIATE_RJ, new byte[] {0, (byte) rj.result(), (byte) rj.source(), (byte) rj.reason()});
        } else if (pdu instanceof PDataTf data) {
            return withHeader(Pdu.TYPE_P_DATA_TF, pdvs(data.pdvs()));
        } else if (pdu instanceof ReleaseRq) {
            return withHeader(Pdu.TYPE_RELEASE_RQ, new byte[4]);
        } else if (pdu instanceof ReleaseRp) {
            return withHeader(Pdu.TYPE_RELEASE_RP, new byte[4]);
        } else {
            Abort abort = (Abort) pdu;
            return withHeader(Pdu.TYPE_ABORT, new byte[] {0, 0, (byte) abort.source(), (byte) abort.reason()});
        }
    }

    /**
     * A P-DATA-TF PDU holding one PDV, encoded in place: {@code pdu} must have
     * {@code HEADER_LENGTH + PDV_HEADER_LENGTH} free bytes before {@code dataLength} bytes of data. This spares
     * a copy of every data fragment sent.
     */
    public static void putSinglePdvHeaders(byte[] pdu, int presentationContextId, boolean command, boolean last, int dataLength) {
        ByteBuffer b = ByteBuffer.wrap(pdu);
        b.put((byte) Pdu.TYPE_P_DATA_TF).put((byte) 0).putInt(PDV_HEADER_LENGTH + dataLength);
        b.putInt(2 + dataLength).put((byte) presentationContextId).put((byte) messageControlHeader(command, last));
    }

    private static int messageControlHeader(boolean command, boolean last) {
        return (command ? MESSAGE_CONTROL_COMMAND : 0) | (last ? MESSAGE_CONTROL_LAST : 0);
    }

    private static byte[] withHeader(int type, byte[] body) {
        return ByteBuffer.allocate(HEADER_LENGTH + body.length).put((byte) type).put((byte) 0).putInt(body.length).put(body).array();
    }

    private static byte[] associateBody(int protocolVersion, String called, String calling, String applicationContext,
            byte[] presentationContexts, UserInformation userInformation) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer fixed = ByteBuffer.allocate(68);
        fixed.putShort((short) protocolVersion).putShort((short) 0);
        fixed.put(aeTitle(called)).put(aeTitle(calling)).put(new byte[32]);
        out.writeBytes(fixed.array());
        out.writeBytes(item(ITEM_APPLICATION_CONTEXT, ascii(applicationContext)));
        out.writeBytes(presentationContexts);
        out.writeBytes(item(ITEM_USER_INFORMATION, userInformation(userInformation)));
        return out.toByteArray();
    }

    private static byte[] presentationContextsRq(List<PresentationContextRq> contexts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (PresentationContextRq pc : contexts) {
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            value.writeBytes(new byte[] {(byte) pc.id(), 0, 0, 0});
            value.writeBytes(item(ITEM_ABSTRACT_SYNTAX, ascii(pc.abstractSyntax())));
            for (String ts : pc.transferSyntaxes()) {
                value.writeBytes(item(ITEM_TRANSFER_SYNTAX, ascii(ts)));
            }
            out.writeBytes(item(ITEM_PRESENTATION_CONTEXT_RQ, value.toByteArray()));
        }
        return out.toByteArray();
    }

    private static byte[] presentationContextsAc(List<PresentationContextAc> contexts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (PresentationContextAc pc : contexts) {
            ByteArrayOutputStream value = new ByteArrayOutputStream();
            value.writeBytes(new byte[] {(byte) pc.id(), 0, (byte) pc.result(), 0});
            value.writeBytes(item(ITEM_TRANSFER_SYNTAX, ascii(pc.transferSyntax())));
            out.writeBytes(item(ITEM_PRESENTATION_CONTEXT_AC, value.toByteArray()));
        }
        return out.toByteArray();
    }

    private static byte[] userInformation(UserInformation info) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(item(SUB_ITEM_MAX_LENGTH, ByteBuffer.allocate(4).putInt(info.maxPduLength()).array()));
        out.writeBytes(item(SUB_ITEM_IMPLEMENTATION_CLASS_UID, ascii(info.implementationClassUid())));
        info.asyncOperationsWindow().ifPresent(window -> out.writeBytes(item(SUB_ITEM_ASYNC_OPERATIONS_WINDOW, ByteBuffer.allocate(4)
                .putShort((short) window.maxOperationsInvoked()).putShort((short) window.maxOperationsPerformed()).array())));
        if (!info.implementationVersionName().isEmpty()) {
            out.writeBytes(item(SUB_ITEM_IMPLEMENTATION_VERSION_NAME, ascii(info.implementationVersionName())));
        }
        return out.toByteArray();
    }

    private static byte[] pdvs(List<Pdv> pdvs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Pdv pdv : pdvs) {
            ByteBuffer data = pdv.data().duplicate();
            ByteBuffer header = ByteBuffer.allocate(PDV_HEADER_LENGTH).putInt(2 + data.remaining())
                    .put((byte) pdv.presentationContextId()).put((byte) messageControlHeader(pdv.command(), pdv.last()));
            out.writeBytes(header.array());
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] item(int type, byte[] value) {
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("item 0x" + Integer.toHexString(type) + " is too long: " + value.length + " bytes");
        }
        return ByteBuffer.allocate(4 + value.length).put((byte) type).put((byte) 0).putShort((short) value.length).put(value).array();
    }

    private static byte[] aeTitle(String title) {
        byte[] bytes = ascii(title.strip());
        if (bytes.length == 0 || bytes.length > AE_TITLE_LENGTH) {
            throw new IllegalArgumentException("AE title must have 1 to 16 characters: '" + title + "'");
        }
        byte[] padded = new byte[AE_TITLE_LENGTH];
        Arrays.fill(padded, (byte) ' ');
        System.arraycopy(bytes, 0, padded, 0, bytes.length);
        return padded;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Decodes the body (the bytes after the 6-byte header) of a PDU of the given type. The P-DATA-TF's PDV data
     * are views of {@code body}, not copies.
     */
    public static Pdu decode(int type, ByteBuffer body) throws DicomProtocolException {
        try {
            return switch (type) {
                case Pdu.TYPE_ASSOCIATE_RQ -> decodeAssociateRq(body);
                case Pdu.TYPE_ASSOCIATE_AC -> decodeAssociateAc(body);
                case Pdu.TYPE_ASSOCIATE_RJ -> {
                    requireFixedLength(body, "A-ASSOCIATE-RJ");
                    body.get();
                    yield new AssociateRj(body.get() & 0xFF, body.get() & 0xFF, body.get() & 0xFF);
                }
                case Pdu.TYPE_P_DATA_TF -> decodePData(body);
                case Pdu.TYPE_RELEASE_RQ -> {
                    requireFixedLength(body, "A-RELEASE-RQ");
                    yield new ReleaseRq();
                }
                case Pdu.TYPE_RELEASE_RP -> {
                    requireFixedLength(body, "A-RELEASE-RP");
                    yield new ReleaseRp();
                }
                case Pdu.TYPE_ABORT -> {
                    requireFixedLength(body, "A-ABORT");
                    body.getShort();
                    yield new Abort(body.get() & 0xFF, body.get() & 0xFF);
                }
                default -> throw new DicomProtocolException(Abort.REASON_UNRECOGNIZED_PDU,
                        "unrecognized PDU type 0x" + Integer.toHexString(type));
            };
        } catch (BufferUnderflowException e) {
            // Every explicit length is checked before use; this catches a fixed field cut short.
            throw new DicomProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, "PDU type 0x" + Integer.toHexString(type) + " is truncated");
        }
    }

    private static void requireFixedLength(ByteBuffer body, String name) throws DicomProtocolException {
        if (body.remaining() != 4) {
            throw new DicomProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                    name + " has length " + body.remaining() + ", expected 4");
        }
    }

    /** What A-ASSOCIATE-RQ and -AC share; {@code C} is the kind of presentation context item each carries. */
    private record Associate<C>(int protocolVersion, String called, String calling, String applicationContext, List<C> contexts,
            UserInformation userInformation) {}

    /** Decodes one item's value; unlike {@link java.util.function.Function} it may throw. */
    @FunctionalInterface
    private interface ItemDecoder<T> {
        T decode(ByteBuffer value) throws DicomProtocolException;
    }

    private static <C> Associate<C> decodeAssociate(ByteBuffer body, String name, int contextItemType, ItemDecoder<C> contextDecoder)
            throws DicomProtocolException {
        if (body.remaining() < 68) {
            throw new DicomProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                    name + " is truncated: " + body.remaining() + " bytes, the fixed fields alone take 68");
        }
        int version = body.getShort() & 0xFFFF;
        body.getShort();
        String called = readAscii(body, AE_TITLE_LENGTH).strip();
        String calling = readAscii(body, AE_TITLE_LENGTH).strip();
        body.position(body.position() + 32);
        String applicationContext = null;
        List<C> contexts = new ArrayList<>();
        UserInformation userInformation = null;
        while (body.hasRemaining()) {
            Item item = nextItem(body, name);
            // PS3.8 9.3.1: unknown item types are ignored
            if (item.type == ITEM_APPLICATION_CONTEXT) {
                applicationContext = uid(item.value);
            } else if (item.type == contextItemType) {
                contexts.add(contextDecoder.decode(item.value));
            } else if (item.type == ITEM_USER_INFORMATION) {
                userInformation = decodeUserInformation(item.value);
            }
        }
        if (applicationContext == null) {
            throw new DicomProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, name + " has no application context item");
        }
        return new Associate<>(version, called, calling, applicationContext, contexts,
                userInformation != null ? userInformation : absentUserInformation());
    }

    private static AssociateRq decodeAssociateRq(ByteBuffer body) throws DicomProtocolException {
        Associate<PresentationContextRq> rq = decodeAssociate(body, "A-ASSOCIATE-RQ", ITEM_PRESENTATION_CONTEXT_RQ,
                PduCodec::decodePresentationContextRq);
        return new AssociateRq(rq.protocolVersion, rq.called, rq.calling, rq.applicationContext, rq.contexts, rq.userInformation);
    }

    private static AssociateAc decodeAssociateAc(ByteBuffer body) throws DicomProtocolException {
        Associate<PresentationContextAc> ac = decodeAssociate(body, "A-ASSOCIATE-AC", ITEM_PRESENTATION_CONTEXT_AC,
                PduCodec::decodePresentationContextAc);
        return new AssociateAc(ac.called, ac.calling, ac.applicationContext, ac.contexts, ac.userInformation);
    }

    /** A peer that sends no user information item has told us no limit and no implementation. */
    private static UserInformation absentUserInformation() {
        return new UserInformation(0, "", "", Optional.empty());
    }

    private static PresentationContextRq decodePresentationContextRq(ByteBuffer value) throws DicomProtocolException {
        if (value.remaining() < 4) {
            throw new DicomProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, "presentation context item is truncated");
        }
        int id = value.get() & 0xFF;
        value.position(value.position() + 3);
        String abstractSyntax = null;
        List<String> transferSyntaxes = new ArrayList<>();
        while (value.hasRemaining()) {
            Item sub = nextItem(value, "presentation context " + id);
            switch (sub.type) {
                case ITEM_ABSTRACT_SYNTAX -> abstractSyntax = uid(sub.value);
                case ITEM_TRANSFER_SYNTAX -> transferSyntaxes.add(uid(sub.value));
                default -> throw new DicomProtocolException(Abort.REASON_UNEXPECTED_PDU_PARAMETER,
                        "presentation context " + id + " has an unexpected sub-item 0x" + Integer.toHexString(sub.type));
            }
        }
        if (abstractSyntax == null || transferSyntaxes.isEmpty()) {
            throw new DicomProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                    "presentation context " + id + " lacks its abstract syntax or transfer syntaxes");
        }
        return new PresentationContextRq(id, abstractSyntax, transferSyntaxes);
    }

    private static PresentationContextAc decodePresentationContextAc(ByteBuffer value) throws DicomProtocolException {
        if (value.remaining() < 4) {
            throw new DicomProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, "presentation context item is truncated");
        }
        int id = value.get() & 0xFF;
        value.get();
        int result = value.get() & 0xFF;
        value.get();
        String transferSyntax = "";
        while (value.hasRemaining()) {
            Item sub = nextItem(value, "presentation context " + id);
            if (sub.type == ITEM_TRANSFER_SYNTAX) {
                transferSyntax = uid(sub.value);
            }
        }
        return new PresentationContextAc(id, result, transferSyntax);
    }

    private static UserInformation decodeUserInformation(ByteBuffer value) throws DicomProtocolException {
        int maxLength = 0;
        String implementationClassUid = "";
        String implementationVersionName = "";
        Optional<AsyncOperationsWindow> window = Optional.empty();
        while (value.hasRemaining()) {
            Item sub = nextItem(value, "user information");
            switch (sub.type) {
                case SUB_ITEM_MAX_LENGTH -> {
                    requireSubItemLength(sub, 4, "maximum length");
                    long unsigned = sub.value.getInt() & 0xFFFFFFFFL;
                    // We never send or buffer more than 2 GiB, so larger limits mean the same to us.
                    maxLength = (int) Math.min(unsigned, Integer.MAX_VALUE);
                }
                case SUB_ITEM_IMPLEMENTATION_CLASS_UID -> implementationClassUid = uid(sub.value);
                case SUB_ITEM_IMPLEMENTATION_VERSION_NAME -> implementationVersionName = readAscii(sub.value, sub.value.remaining()).strip();
                case SUB_ITEM_ASYNC_OPERATIONS_WINDOW -> {
                    requireSubItemLength(sub, 4, "asynchronous operations window");
                    window = Optional.of(new AsyncOperationsWindow(sub.value.getShort() & 0xFFFF, sub.value.getShort() & 0xFFFF));
                }
                default -> { } // role selection, extended negotiation, user identity: not used, see UserInformation
            }
        }
        return new UserInformation(maxLength, implementationClassUid, implementationVersionName, window);
    }

    private static void requireSubItemLength(Item sub, int length, String name) throws DicomProtocolException {
        if (sub.value.remaining() != length) {
            throw new DicomProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                    name + " sub-item has length " + sub.value.remaining() + ", expected " + length);
        }
    }

    private static PDataTf decodePData(ByteBuffer body) throws DicomProtocolException {
        List<Pdv> pdvs = new ArrayList<>();
        while (body.hasRemaining()) {
            if (body.remaining() < PDV_HEADER_LENGTH) {
                throw new DicomProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, "P-DATA-TF ends inside a PDV header");
            }
            long itemLength = body.getInt() & 0xFFFFFFFFL;
            if (itemLength < 2 || itemLength > body.remaining()) {
                throw new DicomProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                        "PDV length " + itemLength + " does not fit the " + body.remaining() + " bytes left in the P-DATA-TF");
            }
            int id = body.get() & 0xFF;
            int control = body.get() & 0xFF;
            if ((control & ~(MESSAGE_CONTROL_COMMAND | MESSAGE_CONTROL_LAST)) != 0) {
                throw new DicomProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                        "PDV message control header 0x" + Integer.toHexString(control) + " has reserved bits set");
            }
            int dataLength = (int) itemLength - 2;
            ByteBuffer data = body.slice(body.position(), dataLength);
            body.position(body.position() + dataLength);
            pdvs.add(new Pdv(id, (control & MESSAGE_CONTROL_COMMAND) != 0, (control & MESSAGE_CONTROL_LAST) != 0, data));
        }
        if (pdvs.isEmpty()) {
            throw new DicomProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, "P-DATA-TF holds no PDV");
        }
        return new PDataTf(pdvs);
    }

    private record Item(int type, ByteBuffer value) {}

    private static Item nextItem(ByteBuffer buffer, String where) throws DicomProtocolException {
        if (buffer.remaining() < 4) {
            throw new DicomProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, where + " ends inside an item header");
        }
        int type = buffer.get() & 0xFF;
        buffer.get();
        int length = buffer.getShort() & 0xFFFF;
        if (length > buffer.remaining()) {
            throw new DicomProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, where + ": item 0x" + Integer.toHexString(type)
                    + " claims " + length + " bytes but only " + buffer.remaining() + " are left");
        }
        ByteBuffer value = buffer.slice(buffer.position(), length);
        buffer.position(buffer.position() + length);
        return new Item(type, value);
    }

    private static String readAscii(ByteBuffer buffer, int length) {
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** UIDs may arrive padded with a NUL or a space. */
    private static String uid(ByteBuffer value) {
        String s = readAscii(value, value.remaining());
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == 0 || s.charAt(end - 1) == ' ')) {
            end--;
        }
        return s.substring(0, end);
    }
}
