package org.livernode.dimse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DimseCommandTest {

    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    @Test
    void cEchoRequestHasTheStandardEncoding() {
        // Implicit VR LE: (0000,0000) UL 56, (0000,0002) UI "1.2.840.10008.1.1\0", (0000,0100) US 0x0030,
        // (0000,0110) US 7, (0000,0800) US 0x0101.
        String expected = "0000000004000000" + "38000000"
                + "0000020012000000" + "312e322e3834302e31303030382e312e3100"
                + "0000000102000000" + "3000"
                + "0000100102000000" + "0700"
                + "0000000802000000" + "0101";
        assertArrayEquals(HexFormat.of().parseHex(expected), DimseCommand.cEchoRq(7).encode());
    }

    @Test
    void cStoreRequestRoundTrips() throws Exception {
        DimseCommand request = DimseCommand.cStoreRq(42, CT, "1.2.3.45");
        DimseCommand decoded = DimseCommand.decode(request.encode());
        assertEquals(request, decoded);
        assertEquals(DimseCommand.C_STORE_RQ, decoded.commandField());
        assertTrue(decoded.isRequest());
        assertTrue(decoded.hasDataSet());
        assertEquals(42, decoded.messageId());
        assertEquals(CT, decoded.affectedSopClassUid());
        assertEquals("1.2.3.45", decoded.affectedSopInstanceUid());
    }

    @Test
    void responseEchoesTheRequestAndCarriesStatus() throws Exception {
        DimseCommand request = DimseCommand.cStoreRq(9, CT, "1.2.3");
        DimseCommand response = DimseCommand.decode(DimseCommand.response(request, DicomStatus.OUT_OF_RESOURCES, "disk full").encode());
        assertEquals(DimseCommand.C_STORE_RSP, response.commandField());
        assertFalse(response.isRequest());
        assertFalse(response.hasDataSet());
        assertEquals(9, response.messageIdBeingRespondedTo());
        assertEquals(CT, response.affectedSopClassUid());
        assertEquals("1.2.3", response.affectedSopInstanceUid());
        assertEquals(DicomStatus.OUT_OF_RESOURCES, response.status());
        assertEquals(Optional.of("disk full"), response.errorComment());

        DimseCommand echo = DimseCommand.response(DimseCommand.cEchoRq(1), DicomStatus.SUCCESS, "ignored on success");
        assertEquals(DimseCommand.C_ECHO_RSP, echo.commandField());
        assertEquals(Optional.empty(), echo.errorComment());
    }

    @Test
    void errorCommentIsCutToSixtyFourPrintableCharacters() throws Exception {
        String longComment = "x".repeat(100) + "\n\\";
        DimseCommand response = DimseCommand.response(DimseCommand.cStoreRq(1, CT, "1.2"), DicomStatus.CANNOT_UNDERSTAND, longComment);
        assertEquals("x".repeat(64), DimseCommand.decode(response.encode()).errorComment().orElseThrow());
        DimseCommand controls = DimseCommand.response(DimseCommand.cStoreRq(1, CT, "1.2"), DicomStatus.CANNOT_UNDERSTAND, "a\tb\\c");
        assertEquals("a b/c", DimseCommand.decode(controls.encode()).errorComment().orElseThrow());
    }

    @Test
    void unknownElementsSurviveARoundTrip() throws Exception {
        // A C-STORE-RQ from a C-MOVE carries Move Originator AE (0000,1030) and Message ID (0000,1031).
        byte[] base = DimseCommand.cStoreRq(3, CT, "1.2.3").encode();
        byte[] extra = HexFormat.of().parseHex("00003010" + "04000000" + "4d4f5645" + "00003110" + "02000000" + "0500");
        byte[] withExtra = new byte[base.length - 12 + extra.length];
        System.arraycopy(base, 12, withExtra, 0, base.length - 12);
        System.arraycopy(extra, 0, withExtra, base.length - 12, extra.length);
        DimseCommand decoded = DimseCommand.decode(withExtra);
        assertEquals(decoded, DimseCommand.decode(decoded.encode()));
        assertEquals(Optional.of("MOVE"), decoded.string(0x1030));
    }

    @Test
    void malformedCommandsAreRejected() {
        // Value length beyond the end.
        assertThrows(DicomProtocolException.class, () -> DimseCommand.decode(HexFormat.of().parseHex("00000001ff0000003000")));
        // Element outside group 0000.
        assertThrows(DicomProtocolException.class, () -> DimseCommand.decode(HexFormat.of().parseHex("08001800020000003132")));
        // No CommandField.
        assertThrows(DicomProtocolException.class, () -> DimseCommand.decode(HexFormat.of().parseHex("0000100102000000" + "0700")));
        // CommandField of the wrong size.
        assertThrows(DicomProtocolException.class, () -> DimseCommand.decode(HexFormat.of().parseHex("0000000104000000" + "30000000")));
        // Cut inside an element header.
        assertThrows(DicomProtocolException.class, () -> DimseCommand.decode(HexFormat.of().parseHex("000000010200")));
    }
}
