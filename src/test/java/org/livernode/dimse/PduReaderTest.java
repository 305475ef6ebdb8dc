package org.livernode.dimse;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.livernode.dimse.Pdu.Abort;

class PduReaderTest {

    private static PduReader reader(String hex) {
        return new PduReader(new ByteArrayInputStream(HexFormat.of().parseHex(hex)), 16384);
    }

    @Test
    void readsConsecutivePdus() throws Exception {
        byte[] both = HexFormat.of().parseHex("05000000000400000000" + "07000000000400000206");
        PduReader reader = new PduReader(new ByteArrayInputStream(both), 16384);
        assertEquals(new Pdu.ReleaseRq(), reader.read());
        assertEquals(new Abort(2, 6), reader.read());
        assertThrows(EOFException.class, reader::read);
    }

    @Test
    void hugePDataLengthIsRefusedBeforeAnythingIsAllocated() {
        // Claims 4 GiB; the stream behind it would never end, so reading would hang or exhaust memory.
        InputStream endless = new SequenceInputStream(new ByteArrayInputStream(HexFormat.of().parseHex("0400ffffffff")),
                new InputStream() {
                    @Override
                    public int read() {
                        return 0;
                    }
                });
        DicomProtocolException e = assertThrows(DicomProtocolException.class, () -> new PduReader(endless, 16384).read());
        assertEquals(Abort.REASON_INVALID_PDU_PARAMETER_VALUE, e.abortReason());
        assertTrue(e.getMessage().contains("4294967295"), e.getMessage());
    }

    @Test
    void pDataLongerThanWhatWeAnnouncedIsRefused() {
        assertThrows(DicomProtocolException.class, () -> reader("04000000400100000000").read()); // 16385 > 16384
    }

    @Test
    void associateRequestIsBoundedToo() {
        DicomProtocolException e = assertThrows(DicomProtocolException.class, () -> reader("010000200000").read());
        assertTrue(e.getMessage().contains("2097152"), e.getMessage());
    }

    @Test
    void fixedLengthPdusMustBeShort() {
        assertThrows(DicomProtocolException.class, () -> reader("0700000010000000000000000000000000000000").read());
    }

    @Test
    void unknownTypeIsRefusedWithoutReadingItsBody() {
        DicomProtocolException e = assertThrows(DicomProtocolException.class, () -> reader("5500ffffffff").read());
        assertEquals(Abort.REASON_UNRECOGNIZED_PDU, e.abortReason());
    }

    @Test
    void truncatedPduIsAnEndOfStream() {
        byte[] release = HexFormat.of().parseHex("050000000004000000");
        PduReader reader = new PduReader(new ByteArrayInputStream(Arrays.copyOf(release, 8)), 16384);
        EOFException e = assertThrows(EOFException.class, reader::read);
        assertTrue(e.getMessage().contains("inside a PDU"), e.getMessage());
        assertThrows(EOFException.class, () -> reader("0400000000").read()); // cut inside the header
    }

    @Test
    void foreignTrafficIsNamedOnlyAtTheStartOfAConnection() {
        DicomProtocolException http = assertThrows(DicomProtocolException.class,
                () -> new PduReader(new ByteArrayInputStream("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)), 16384).read());
        assertEquals(Abort.REASON_UNRECOGNIZED_PDU, http.abortReason());
        assertTrue(http.getMessage().contains("'GET / '") && http.getMessage().contains("HTTP"), http.getMessage());
        DicomProtocolException tls = assertThrows(DicomProtocolException.class, () -> reader("160301020001").read());
        assertTrue(tls.getMessage().contains("TLS handshake"), tls.getMessage());

        // After a PDU, the bytes may be a data set's (a patient's name after a wrong length): only the type is told.
        PduReader reader = new PduReader(new ByteArrayInputStream(HexFormat.of().parseHex("05000000000400000000" + "446f655e4a616e65")), 16384);
        assertEquals(new Pdu.ReleaseRq(), assertDoesNotThrow(reader::read));
        DicomProtocolException later = assertThrows(DicomProtocolException.class, reader::read);
        assertEquals("unrecognized PDU type 0x44", later.getMessage());
    }
}
