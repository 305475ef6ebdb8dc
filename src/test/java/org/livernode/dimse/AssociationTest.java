package org.livernode.dimse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.livernode.dicom.Implementation;
import org.livernode.dimse.Pdu.Abort;
import org.livernode.dimse.Pdu.AssociateAc;
import org.livernode.dimse.Pdu.AssociateResponse;
import org.livernode.dimse.Pdu.AssociateRq;
import org.livernode.dimse.Pdu.PresentationContextAc;
import org.livernode.dimse.Pdu.PresentationContextRq;
import org.livernode.dimse.Pdu.UserInformation;

/** Two of our associations talking over a loopback socket, and a raw peer that misbehaves. */
class AssociationTest {
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";

    private ServerSocket listener;

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException {
        listener.close();
    }

    /** Accepts every proposed context with its first transfer syntax, announcing {@code maxPduLength}. */
    private static Function<AssociateRq, AssociateResponse> acceptAll(int maxPduLength) {
        return rq -> new AssociateAc(rq.calledAeTitle(), rq.callingAeTitle(), Pdu.DICOM_APPLICATION_CONTEXT,
                rq.presentationContexts().stream().map(pc -> new PresentationContextAc(pc.id(), PresentationContextAc.ACCEPTANCE,
                        pc.transferSyntaxes().get(0))).toList(),
                new UserInformation(maxPduLength, Implementation.CLASS_UID, Implementation.VERSION_NAME, Optional.empty()));
    }

    private CompletableFuture<Association> acceptor(int maxPduLength) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Socket socket = listener.accept();
                socket.setSoTimeout(10_000);
                return Association.accept(socket, maxPduLength, acceptAll(maxPduLength));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static AssociateRq request(int maxPduLength) {
        return new AssociateRq(1, "ACCEPTOR", "REQUESTOR", Pdu.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(1, CT, List.of(EXPLICIT_LE))),
                new UserInformation(maxPduLength, "1.2.3", "", Optional.empty()));
    }

    @Test
    void largeDataSetsAreFragmentedToThePeersLimitAndReassembled() throws Exception {
        CompletableFuture<Association> accepting = acceptor(16384);
        // The requestor accepts PDUs of at most 4096 bytes: its reader refuses anything longer.
        Association requestor = Association.initiate(connect(), request(4096));
        Association acceptor = accepting.get(10, TimeUnit.SECONDS);
        assertEquals("REQUESTOR", acceptor.callingAeTitle());
        assertEquals(List.of(new PresentationContext(1, CT, EXPLICIT_LE)), List.copyOf(requestor.acceptedPresentationContexts()));

        byte[] dataSet = new byte[100_000];
        new Random(1).nextBytes(dataSet);
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            try {
                acceptor.send(1, DimseCommand.cStoreRq(1, CT, "1.2.3"), out -> {
                    for (int i = 0; i < dataSet.length; i += 777) {  // odd chunks, so fragments do not align with writes
                        out.write(dataSet, i, Math.min(777, dataSet.length - i));
                    }
                });
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        IncomingMessage message = requestor.receive().orElseThrow();
        assertEquals(DimseCommand.cStoreRq(1, CT, "1.2.3"), message.command());
        assertArrayEquals(dataSet, message.dataSet().readAllBytes());
        sending.get(10, TimeUnit.SECONDS);

        // And back the other way, where the acceptor's 16384 is the limit.
        requestor.send(1, DimseCommand.cStoreRq(2, CT, "1.2.4"), out -> out.write(dataSet));
        IncomingMessage back = acceptor.receive().orElseThrow();
        assertArrayEquals(dataSet, back.dataSet().readAllBytes());

        CompletableFuture<Optional<IncomingMessage>> released = CompletableFuture.supplyAsync(() -> {
            try {
                return acceptor.receive();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        requestor.release();
        assertEquals(Optional.empty(), released.get(10, TimeUnit.SECONDS));
        assertTrue(acceptor.isClosed());
    }

    @Test
    void unreadDataSetIsSkippedBeforeTheNextMessage() throws Exception {
        CompletableFuture<Association> accepting = acceptor(16384);
        Association requestor = Association.initiate(connect(), request(16384));
        Association acceptor = accepting.get(10, TimeUnit.SECONDS);
        requestor.send(1, DimseCommand.cStoreRq(1, CT, "1.2.3"), out -> out.write(new byte[50_000]));
        requestor.send(1, DimseCommand.cEchoRq(2), null);
        IncomingMessage first = acceptor.receive().orElseThrow();
        assertEquals(1, first.command().messageId());
        first.dataSet().readNBytes(10);
        IncomingMessage second = acceptor.receive().orElseThrow();
        assertEquals(DimseCommand.C_ECHO_RQ, second.command().commandField());
        assertEquals(-1, second.dataSet().read());
        requestor.abort();
        assertThrows(AssociationAbortedException.class, acceptor::receive);
    }

    @Test
    void failingWriterAbortsRatherThanEndTheDataSet() throws Exception {
        CompletableFuture<Association> accepting = acceptor(16384);
        Association requestor = Association.initiate(connect(), request(16384));
        Association acceptor = accepting.get(10, TimeUnit.SECONDS);
        IOException failure = new IOException("disk read failed");
        assertThrows(IOException.class, () -> requestor.send(1, DimseCommand.cStoreRq(1, CT, "1.2.3"), out -> {
            out.write(new byte[40_000]);
            throw failure;
        }));
        assertTrue(requestor.isClosed());
        IncomingMessage message = acceptor.receive().orElseThrow();
        // The peer sees the data set end in an abort, never a last fragment.
        assertThrows(AssociationAbortedException.class, () -> message.dataSet().readAllBytes());
    }

    /**
     * A raw peer: associates properly, sends {@code bytes} (then ends its output if {@code hangUp}), and returns what the
     * acceptor answered until it closed the connection.
     */
    private byte[] rawPeerSends(byte[] bytes, boolean hangUp, Class<? extends IOException> expected) throws Exception {
        CompletableFuture<Association> accepting = acceptor(16384);
        try (Socket raw = connect()) {
            raw.getOutputStream().write(PduCodec.encode(request(16384)));
            DataInputStream in = new DataInputStream(raw.getInputStream());
            int type = in.read();
            in.skipNBytes(1);
            in.skipNBytes(in.readInt());
            assertEquals(Pdu.TYPE_ASSOCIATE_AC, type);
            Association acceptor = accepting.get(10, TimeUnit.SECONDS);
            raw.getOutputStream().write(bytes);
            if (hangUp) {
                raw.shutdownOutput();
            }
            assertThrows(expected, acceptor::receive);
            acceptor.close();
            return in.readAllBytes();
        }
    }

    @Test
    void oversizedPduIsAnsweredWithAbort() throws Exception {
        byte[] answer = rawPeerSends(new byte[] {4, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0}, false,
                DicomProtocolException.class);
        assertArrayEquals(PduCodec.encode(new Abort(Abort.SOURCE_SERVICE_PROVIDER, Abort.REASON_INVALID_PDU_PARAMETER_VALUE)), answer);
    }

    @Test
    void dataOnAContextThatWasNotAcceptedIsAnsweredWithAbort() throws Exception {
        byte[] pdu = new byte[12 + 4];
        PduCodec.putSinglePdvHeaders(pdu, 3, true, true, 4);
        byte[] answer = rawPeerSends(pdu, false, DicomProtocolException.class);
        assertEquals(Pdu.TYPE_ABORT, answer[0]);
    }

    @Test
    void unexpectedPduIsAnsweredWithAbort() throws Exception {
        byte[] answer = rawPeerSends(PduCodec.encode(request(16384)), false, DicomProtocolException.class);
        assertArrayEquals(PduCodec.encode(new Abort(Abort.SOURCE_SERVICE_PROVIDER, Abort.REASON_UNEXPECTED_PDU)), answer);
    }

    @Test
    void connectionDroppedInsideAPduIsAnEndOfStream() throws Exception {
        assertEquals(0, rawPeerSends(new byte[] {4, 0, 0, 0, 1, 0, 0, 0}, true, EOFException.class).length);
    }
}
