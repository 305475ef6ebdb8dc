package org.livernode.dimse;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Reads whole PDUs from a stream. The length in each PDU header is checked against a bound for its type
 * before anything is allocated, so a malformed or hostile length cannot make us allocate gigabytes.
 */
final class PduReader {
    /**
     * Bound for A-ASSOCIATE-RQ/AC. A request with all 128 presentation contexts and many transfer syntaxes
     * takes some tens of kilobytes; user identity items (Kerberos, SAML, JWT) can add up to 64 KiB each.
     */
    static final int MAX_ASSOCIATE_PDU_LENGTH = 1 << 20;

    private final DataInputStream in;
    private final int maxPDataLength;
    /** Reused for P-DATA-TF bodies: the PDVs of the last PDU read are views of it. */
    private byte[] pDataBuffer = new byte[0];
    /** Until the first PDU, nothing of a data set has been sent, so foreign bytes may be shown in messages. */
    private boolean first = true;

    /** @param maxPDataLength the maximum PDU length we announced, which bounds every P-DATA-TF */
    PduReader(InputStream in, int maxPDataLength) {
        this.in = new DataInputStream(new BufferedInputStream(in, 64 * 1024));
        this.maxPDataLength = maxPDataLength;
    }

    /**
     * The next PDU. A P-DATA-TF's PDV data stay valid until the next call.
     *
     * @throws EOFException when the peer closed the connection, also in the middle of a PDU
     * @throws DicomProtocolException for an unknown type, a length beyond its bound or a malformed body
     */
    Pdu read() throws IOException {
        int type = in.read();
        if (type == -1) {
            throw new EOFException("the peer closed the connection");
        }
        int reserved = in.readUnsignedByte();
        long length = in.readInt() & 0xFFFFFFFFL;
        boolean firstPdu = first;
        first = false;
        long bound = switch (type) {
            case Pdu.TYPE_P_DATA_TF -> maxPDataLength;
            case Pdu.TYPE_ASSOCIATE_RQ, Pdu.TYPE_ASSOCIATE_AC -> MAX_ASSOCIATE_PDU_LENGTH;
            case Pdu.TYPE_ASSOCIATE_RJ, Pdu.TYPE_RELEASE_RQ, Pdu.TYPE_RELEASE_RP, Pdu.TYPE_ABORT -> 4;
            // Later in a connection these bytes may be a data set's (after a wrong length), so only the type is told.
            default -> throw new DicomProtocolException(Pdu.Abort.REASON_UNRECOGNIZED_PDU, "unrecognized PDU type 0x" + Integer.toHexString(type)
                    + (firstPdu ? ": " + describeForeign(ByteBuffer.allocate(6).put((byte) type).put((byte) reserved).putInt((int) length).array()) : ""));
        };
        if (length > bound) {
            throw new DicomProtocolException(Pdu.Abort.REASON_INVALID_PDU_PARAMETER_VALUE, "PDU type 0x" + Integer.toHexString(type)
                    + " announces " + length + " bytes, more than the " + bound + " accepted for that type");
        }
        int n = (int) length;
        byte[] body;
        if (type == Pdu.TYPE_P_DATA_TF) {
            if (pDataBuffer.length < n) {
                pDataBuffer = new byte[n];
            }
            body = pDataBuffer;
        } else {
            body = new byte[n];
        }
        try {
            in.readFully(body, 0, n);
        } catch (EOFException e) {
            throw new EOFException("the peer closed the connection inside a PDU of type 0x" + Integer.toHexString(type)
                    + " (" + n + " bytes announced)");
        }
        return PduCodec.decode(type, ByteBuffer.wrap(body, 0, n).slice());
    }

    /** What a connection that opens with these six bytes, which are no PDU header, probably is. */
    static String describeForeign(byte[] header) {
        if (header[0] == 0x16 && header[1] == 0x03) {
            return "the peer opened a TLS handshake on a port without TLS";
        }
        StringBuilder text = new StringBuilder();
        for (byte b : header) {
            if (b < 0x20 || b > 0x7E) {
                return "the connection opened with bytes that are not DICOM";
            }
            text.append((char) b);
        }
        return "the connection opened with the text '" + text + "', not DICOM (an HTTP request or another protocol)";
    }
}
