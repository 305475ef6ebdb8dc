package org.livernode.dimse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.livernode.dicom.Implementation;
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

class PduCodecTest {

    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";

    static AssociateRq request() {
        return new AssociateRq(1, "LIVERNODE", "SCANNER", Pdu.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(1, "1.2.840.10008.1.1", List.of(IMPLICIT_LE)),
                        new PresentationContextRq(3, CT, List.of(EXPLICIT_LE, IMPLICIT_LE))),
                new UserInformation(16384, "1.2.3.4", "SCANNER_1", Optional.of(new AsyncOperationsWindow(5, 0))));
    }

    /** Encodes, checks the header, and decodes the body again. */
    private static Pdu roundTrip(Pdu pdu) throws DicomProtocolException {
        byte[] bytes = PduCodec.encode(pdu);
        ByteBuffer header = ByteBuffer.wrap(bytes);
        int type = header.get() & 0xFF;
        header.get();
        assertEquals(bytes.length - 6, header.getInt(), "length field of " + pdu.name());
        return PduCodec.decode(type, ByteBuffer.wrap(bytes, 6, bytes.length - 6).slice());
    }

    @Test
    void everyPduTypeSurvivesARoundTrip() throws Exception {
        AssociateAc acceptance = new AssociateAc("LIVERNODE", "SCANNER", Pdu.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextAc(1, PresentationContextAc.ACCEPTANCE, IMPLICIT_LE),
                        new PresentationContextAc(3, PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED, EXPLICIT_LE)),
                new UserInformation(262144, Implementation.CLASS_UID, Implementation.VERSION_NAME, Optional.empty()));
        for (Pdu pdu : List.of(request(), acceptance, new AssociateRj(1, 1, 7), new ReleaseRq(), new ReleaseRp(), new Abort(2, 6))) {
            assertEquals(pdu, roundTrip(pdu));
        }
    }

    @Test
    void pDataRoundTripKeepsFragmentsAndFlags() throws Exception {
        PDataTf data = new PDataTf(List.of(new Pdv(1, true, true, ByteBuffer.wrap(new byte[] {1, 2, 3})),
                new Pdv(1, false, false, ByteBuffer.wrap(new byte[] {4, 5})), new Pdv(3, false, true, ByteBuffer.allocate(0))));
        PDataTf decoded = (PDataTf) roundTrip(data);
        assertEquals(data, decoded);
        assertTrue(decoded.pdvs().get(0).command());
        assertFalse(decoded.pdvs().get(1).last());
    }

    @Test
    void aeTitlesArePaddedToSixteenAndTrimmedBack() {
        byte[] bytes = PduCodec.encode(request());
        // After the 6-byte header: protocol version (2), reserved (2), called AE (16), calling AE (16).
        assertEquals("LIVERNODE       ", new String(bytes, 10, 16, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("SCANNER         ", new String(bytes, 26, 16, java.nio.charset.StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, () -> PduCodec.encode(new AssociateRq(1, "A_TITLE_LONGER_THAN_16", "X",
                Pdu.DICOM_APPLICATION_CONTEXT, List.of(), request().userInformation())));
    }

    @Test
    void singlePdvHeadersAreWrittenInPlace() throws Exception {
        byte[] pdu = new byte[12 + 3];
        pdu[12] = 7;
        pdu[13] = 8;
        pdu[14] = 9;
        PduCodec.putSinglePdvHeaders(pdu, 5, false, true, 3);
        assertArrayEquals(HexFormat.of().parseHex("04000000000900000005050207" + "0809"), pdu);
        PDataTf decoded = (PDataTf) PduCodec.decode(Pdu.TYPE_P_DATA_TF, ByteBuffer.wrap(pdu, 6, 9).slice());
        assertEquals(new Pdv(5, false, true, ByteBuffer.wrap(new byte[] {7, 8, 9})), decoded.pdvs().get(0));
    }

    @Test
    void uidsLoseTheirPadding() throws Exception {
        AssociateRq withOddUid = new AssociateRq(1, "A", "B", Pdu.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(1, CT + "\0", List.of(IMPLICIT_LE + "\0"))), request().userInformation());
        AssociateRq decoded = (AssociateRq) roundTrip(withOddUid);
        assertEquals(CT, decoded.presentationContexts().get(0).abstractSyntax());
        assertEquals(List.of(IMPLICIT_LE), decoded.presentationContexts().get(0).transferSyntaxes());
    }

    @Test
    void unknownItemsAndSubItemsAreSkipped() throws Exception {
        byte[] encoded = PduCodec.encode(request());
        byte[] body = Arrays.copyOfRange(encoded, 6, encoded.length);
        // An unknown item (0x77) after the user information, and a role selection sub-item (0x54) inside it.
        byte[] unknownItem = HexFormat.of().parseHex("77000002abcd");
        byte[] withUnknown = concat(body, unknownItem);
        assertEquals(request(), PduCodec.decode(Pdu.TYPE_ASSOCIATE_RQ, ByteBuffer.wrap(withUnknown)));

        byte[] roleSelection = HexFormat.of().parseHex("5400000b" + "0007" + hex("1.2.3.4") + "0101");
        int userInfoStart = indexOfItem(body, 0x50);
        int userInfoLength = ((body[userInfoStart + 2] & 0xFF) << 8) | (body[userInfoStart + 3] & 0xFF);
        byte[] patched = concat(body, roleSelection);
        int newLength = userInfoLength + roleSelection.length;
        patched[userInfoStart + 2] = (byte) (newLength >> 8);
        patched[userInfoStart + 3] = (byte) newLength;
        assertEquals(request(), PduCodec.decode(Pdu.TYPE_ASSOCIATE_RQ, ByteBuffer.wrap(patched)));
    }

    private static String hex(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Offset of the first top-level item of a type, in an A-ASSOCIATE body. */
    private static int indexOfItem(byte[] body, int type) {
        int offset = 68;
        while ((body[offset] & 0xFF) != type) {
            offset += 4 + (((body[offset + 2] & 0xFF) << 8) | (body[offset + 3] & 0xFF));
        }
        return offset;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static DicomProtocolException malformed(int type, String hexBody) {
        return assertThrows(DicomProtocolException.class, () -> PduCodec.decode(type, ByteBuffer.wrap(HexFormat.of().parseHex(hexBody))));
    }

    @Test
    void itemLengthBeyondTheBodyIsRejected() {
        byte[] encoded = PduCodec.encode(request());
        byte[] body = Arrays.copyOfRange(encoded, 6, encoded.length);
        int item = indexOfItem(body, 0x20);
        body[item + 2] = (byte) 0xFF;
        body[item + 3] = (byte) 0xFF;
        DicomProtocolException e = assertThrows(DicomProtocolException.class,
                () -> PduCodec.decode(Pdu.TYPE_ASSOCIATE_RQ, ByteBuffer.wrap(body)));
        assertEquals(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, e.abortReason());
        assertTrue(e.getMessage().contains("claims 65535 bytes"), e.getMessage());
    }

    @Test
    void truncatedPdusAreRejected() {
        byte[] encoded = PduCodec.encode(request());
        for (int cut : new int[] {0, 10, 67, 70, encoded.length - 7}) {
            byte[] body = Arrays.copyOfRange(encoded, 6, 6 + cut);
            assertThrows(DicomProtocolException.class, () -> PduCodec.decode(Pdu.TYPE_ASSOCIATE_RQ, ByteBuffer.wrap(body)), "cut at " + cut);
        }
        malformed(Pdu.TYPE_ASSOCIATE_RJ, "000101");
        malformed(Pdu.TYPE_ABORT, "0000020600");
        malformed(Pdu.TYPE_RELEASE_RQ, "");
    }

    @Test
    void malformedPdvsAreRejected() {
        malformed(Pdu.TYPE_P_DATA_TF, "");                       // no PDV
        malformed(Pdu.TYPE_P_DATA_TF, "00000001" + "01");         // PDV shorter than its own header
        malformed(Pdu.TYPE_P_DATA_TF, "000000ff" + "0103" + "00"); // PDV longer than the PDU
        malformed(Pdu.TYPE_P_DATA_TF, "00000003" + "0107" + "00"); // reserved bits in the message control header
        malformed(Pdu.TYPE_P_DATA_TF, "00000002" + "0103" + "00"); // trailing byte that cannot hold a PDV header
    }

    @Test
    void requestWithoutApplicationContextIsRejected() {
        byte[] encoded = PduCodec.encode(request());
        byte[] body = Arrays.copyOfRange(encoded, 6, encoded.length);
        body[68] = 0x11; // the application context item becomes an unknown item
        DicomProtocolException e = assertThrows(DicomProtocolException.class,
                () -> PduCodec.decode(Pdu.TYPE_ASSOCIATE_RQ, ByteBuffer.wrap(body)));
        assertTrue(e.getMessage().contains("application context"), e.getMessage());
    }

    @Test
    void unknownPduTypeIsUnrecognized() {
        assertEquals(Abort.REASON_UNRECOGNIZED_PDU, malformed(0x09, "00000000").abortReason());
    }

    @Test
    void maxLengthBeyondIntegerRangeMeansNoPracticalLimit() throws Exception {
        byte[] encoded = PduCodec.encode(request());
        byte[] body = Arrays.copyOfRange(encoded, 6, encoded.length);
        int userInfo = indexOfItem(body, 0x50);
        // The first sub-item is the maximum length: header (4 bytes), then the value.
        ByteBuffer.wrap(body).putInt(userInfo + 8, 0xFFFFFFFF);
        AssociateRq decoded = (AssociateRq) PduCodec.decode(Pdu.TYPE_ASSOCIATE_RQ, ByteBuffer.wrap(body));
        assertEquals(Integer.MAX_VALUE, decoded.userInformation().maxPduLength());
    }
}
