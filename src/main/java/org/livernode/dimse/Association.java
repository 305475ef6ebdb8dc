package org.livernode.dimse;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.livernode.dimse.Pdu.Abort;
import org.livernode.dimse.Pdu.AssociateAc;
import org.livernode.dimse.Pdu.AssociateResponse;
import org.livernode.dimse.Pdu.AssociateRj;
import org.livernode.dimse.Pdu.AssociateRq;
import org.livernode.dimse.Pdu.PDataTf;
import org.livernode.dimse.Pdu.Pdv;
import org.livernode.dimse.Pdu.PresentationContextAc;
import org.livernode.dimse.Pdu.PresentationContextRq;
import org.livernode.dimse.Pdu.ReleaseRp;
import org.livernode.dimse.Pdu.ReleaseRq;

/**
 * An established DICOM association over a socket, the same for acceptor and requestor: it sends and receives
 * DIMSE messages, fragmenting what it sends to the peer's maximum PDU length and streaming received data sets
 * from the P-DATA PDUs as they arrive (at most one PDU is held in memory). Used by one thread at a time;
 * {@link #close()} may be called from another to end it.
 *
 * <p>Whenever the peer breaks the protocol, the association answers with A-ABORT, closes the socket and throws
 * the {@link DicomProtocolException}. Socket timeouts are the caller's to set on the socket.
 */
public final class Association implements Closeable {

    /** A command set of a C-STORE-RQ is a few hundred bytes; this bounds a malformed one. */
    static final int MAX_COMMAND_LENGTH = 64 * 1024;

    private final Socket socket;
    private final PduReader reader;
    private final OutputStream out;
    private final String calledAeTitle;
    private final String callingAeTitle;
    private final Map<Integer, PresentationContext> acceptedContexts;
    /** The largest PDV payload we put in one P-DATA-TF we send. */
    private final int maxSendDataLength;
    private final Deque<Pdv> pendingPdvs = new ArrayDeque<>();
    /** The data set of the last message received, which must be consumed before the next command. */
    private DataSetInputStream currentDataSet;
    private volatile boolean closed;

    private Association(Socket socket, PduReader reader, AssociateRq request, AssociateAc acceptance, int peerMaxPduLength,
            int localMaxPduLength) throws IOException {
        this.socket = socket;
        this.reader = reader;
        this.out = socket.getOutputStream();
        this.calledAeTitle = request.calledAeTitle();
        this.callingAeTitle = request.callingAeTitle();
        Map<Integer, String> abstractSyntaxes = new HashMap<>();
        for (PresentationContextRq pc : request.presentationContexts()) {
            abstractSyntaxes.put(pc.id(), pc.abstractSyntax());
        }
        Map<Integer, PresentationContext> accepted = new HashMap<>();
        for (PresentationContextAc pc : acceptance.presentationContexts()) {
            if (pc.accepted() && abstractSyntaxes.containsKey(pc.id())) {
                accepted.put(pc.id(), new PresentationContext(pc.id(), abstractSyntaxes.get(pc.id()), pc.transferSyntax()));
            }
        }
        this.acceptedContexts = Map.copyOf(accepted);
        // We never send PDUs longer than we accept ourselves, which also bounds our send buffer when the
        // peer announces no limit (0) or a huge one.
        int sendPduLength = peerMaxPduLength == 0 ? localMaxPduLength : Math.min(peerMaxPduLength, localMaxPduLength);
        this.maxSendDataLength = sendPduLength - PduCodec.PDV_HEADER_LENGTH;
        if (maxSendDataLength < 1) {
            throw fail(new DicomProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                    "the peer's maximum PDU length " + peerMaxPduLength + " leaves no room for data"));
        }
    }

    /**
     * Reads the A-ASSOCIATE-RQ from a freshly accepted socket and answers it with what {@code negotiator} decides.
     *
     * @param maxPduLength the maximum PDU length we announce in our A-ASSOCIATE-AC; it bounds what we receive
     * @throws AssociationRejectedException when the negotiator rejected the request (the RJ was sent, the socket closed)
     */
    public static Association accept(Socket socket, int maxPduLength, Function<AssociateRq, AssociateResponse> negotiator)
            throws IOException {
        PduReader reader = new PduReader(socket.getInputStream(), maxPduLength);
        Pdu first = readOrAbort(socket, reader);
        if (!(first instanceof AssociateRq request)) {
            throw abortAndClose(socket, new DicomProtocolException(Abort.REASON_UNEXPECTED_PDU,
                    "expected A-ASSOCIATE-RQ, received " + first.name()));
        }
        AssociateResponse response = negotiator.apply(request);
        socket.getOutputStream().write(PduCodec.encode(response));
        if (response instanceof AssociateRj rejection) {
            socket.close();
            throw new AssociationRejectedException(rejection, "calling AE " + request.callingAeTitle()
                    + ", called AE " + request.calledAeTitle());
        }
        return new Association(socket, reader, request, (AssociateAc) response, request.userInformation().maxPduLength(), maxPduLength);
    }

    /**
     * Sends an A-ASSOCIATE-RQ over a connected socket and waits for the answer. The maximum PDU length in the
     * request's user information bounds what we receive.
     *
     * @throws AssociationRejectedException when the peer answered A-ASSOCIATE-RJ
     */
    public static Association initiate(Socket socket, AssociateRq request) throws IOException {
        int localMaxPduLength = request.userInformation().maxPduLength();
        if (localMaxPduLength <= 0) {
            throw new IllegalArgumentException("the request must announce a maximum PDU length, not " + localMaxPduLength);
        }
        PduReader reader = new PduReader(socket.getInputStream(), localMaxPduLength);
        socket.getOutputStream().write(PduCodec.encode(request));
        Pdu response = readOrAbort(socket, reader);
        if (response instanceof AssociateAc acceptance) {
            return new Association(socket, reader, request, acceptance, acceptance.userInformation().maxPduLength(), localMaxPduLength);
        }
        socket.close();
        if (response instanceof AssociateRj rejection) {
            throw new AssociationRejectedException(rejection, request.calledAeTitle() + " rejected the association from "
                    + request.callingAeTitle());
        } else if (response instanceof Abort abort) {
            throw new AssociationAbortedException(abort);
        }
        throw new DicomProtocolException(Abort.REASON_UNEXPECTED_PDU, "expected A-ASSOCIATE-AC or -RJ, received " + response.name());
    }

    private static Pdu readOrAbort(Socket socket, PduReader reader) throws IOException {
        try {
            return reader.read();
        } catch (DicomProtocolException e) {
            throw abortAndClose(socket, e);
        }
    }

    private static DicomProtocolException abortAndClose(Socket socket, DicomProtocolException e) {
        sendAbortAndClose(socket, new Abort(Abort.SOURCE_SERVICE_PROVIDER, e.abortReason()));
        return e;
    }

    private static void sendAbortAndClose(Socket socket, Abort abort) {
        try (socket) {
            socket.getOutputStream().write(PduCodec.encode(abort));
        } catch (IOException ignored) {
            // The peer may be gone already; the reason for aborting is what the caller reports.
        }
    }

    private DicomProtocolException fail(DicomProtocolException e) {
        closed = true;
        return abortAndClose(socket, e);
    }

    // ---------------------------------------------------------------- identity

    public String calledAeTitle() {
        return calledAeTitle;
    }

    public String callingAeTitle() {
        return callingAeTitle;
    }

    public Collection<PresentationContext> acceptedPresentationContexts() {
        return acceptedContexts.values();
    }

    // ---------------------------------------------------------------- receiving

    /**
     * The next DIMSE message, or empty when the peer asked to release the association (which this answers with
     * A-RELEASE-RP before closing). Any unread rest of the previous message's data set is skipped first.
     *
     * @throws AssociationAbortedException when the peer aborted
     */
    public Optional<IncomingMessage> receive() throws IOException {
        if (currentDataSet != null) {
            currentDataSet.skipRest();
            currentDataSet = null;
        }
        Pdv pdv = nextPdv(true);
        if (pdv == null) {
            return Optional.empty();
        }
        int contextId = pdv.presentationContextId();
        PresentationContext context = acceptedContexts.get(contextId);
        if (context == null) {
            throw fail(new DicomProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                    "PDV on presentation context " + contextId + ", which was not accepted"));
        }
        ByteArrayOutputStream commandBytes = new ByteArrayOutputStream();
        while (true) {
            if (!pdv.command() || pdv.presentationContextId() != contextId) {
                throw fail(new DicomProtocolException(Abort.REASON_UNEXPECTED_PDU_PARAMETER,
                        "a command fragment on presentation context " + contextId + " was expected"));
            }
            if (commandBytes.size() + pdv.data().remaining() > MAX_COMMAND_LENGTH) {
                throw fail(new DicomProtocolException(Abort.REASON_INVALID_PDU_PARAMETER_VALUE,
                        "command set longer than " + MAX_COMMAND_LENGTH + " bytes"));
            }
            ByteBuffer data = pdv.data();
            byte[] fragment = new byte[data.remaining()];
            data.get(fragment);
            commandBytes.writeBytes(fragment);
            if (pdv.last()) {
                break;
            }
            pdv = nextPdv(false);
        }
        DimseCommand command;
        try {
            command = DimseCommand.decode(commandBytes.toByteArray());
        } catch (DicomProtocolException e) {
            throw fail(e);
        }
        InputStream dataSet = InputStream.nullInputStream();
        if (command.hasDataSet()) {
            currentDataSet = new DataSetInputStream(contextId);
            dataSet = currentDataSet;
        }
        return Optional.of(new IncomingMessage(context, command, dataSet));
    }

    /** The next PDV, reading PDUs as needed; null when the peer asked to release and {@code releaseAllowed}. */
    private Pdv nextPdv(boolean releaseAllowed) throws IOException {
        while (pendingPdvs.isEmpty()) {
            Pdu pdu;
            try {
                pdu = reader.read();
            } catch (DicomProtocolException e) {
                throw fail(e);
            }
            if (pdu instanceof PDataTf data) {
                pendingPdvs.addAll(data.pdvs());
            } else if (pdu instanceof ReleaseRq && releaseAllowed) {
                out.write(PduCodec.encode(new ReleaseRp()));
                close();
                return null;
            } else if (pdu instanceof Abort abort) {
                close();
                throw new AssociationAbortedException(abort);
            } else {
                throw fail(new DicomProtocolException(Abort.REASON_UNEXPECTED_PDU,
                        "unexpected " + pdu.name() + (releaseAllowed ? "" : " in the middle of a DIMSE message")));
            }
        }
        return pendingPdvs.poll();
    }

    /** A data set read fragment by fragment from the PDVs of one presentation context. */
    private final class DataSetInputStream extends InputStream {
        private final int contextId;
        private ByteBuffer fragment = ByteBuffer.allocate(0);
        private boolean lastFragmentSeen;

        DataSetInputStream(int contextId) {
            this.contextId = contextId;
        }

        /** False at the end of the data set; otherwise makes sure {@code fragment} has bytes. */
        private boolean ensureData() throws IOException {
            while (!fragment.hasRemaining()) {
                if (lastFragmentSeen) {
                    return false;
                }
                Pdv pdv = nextPdv(false);
                if (pdv.command() || pdv.presentationContextId() != contextId) {
                    throw fail(new DicomProtocolException(Abort.REASON_UNEXPECTED_PDU_PARAMETER,
                            "a data set fragment on presentation context " + contextId + " was expected"));
                }
                fragment = pdv.data();
                lastFragmentSeen = pdv.last();
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            return ensureData() ? fragment.get() & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!ensureData()) {
                return -1;
            }
            int n = Math.min(len, fragment.remaining());
            fragment.get(b, off, n);
            return n;
        }

        @Override
        public int available() {
            return fragment.remaining();
        }

        void skipRest() throws IOException {
            while (ensureData()) {
                fragment.position(fragment.limit());
            }
        }
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends a DIMSE message on an accepted presentation context: the command, then the data set if
     * {@code dataSet} is not null (the command must announce it). If the writer fails, the peer must not take
     * what it got for a whole data set: the association is aborted and the failure rethrown.
     */
    public void send(int presentationContextId, DimseCommand command, DataSetWriter dataSet) throws IOException {
        if (command.hasDataSet() != (dataSet != null)) {
            throw new IllegalArgumentException("the command's data set type does not match the data set given");
        }
        PdvOutputStream commandOut = new PdvOutputStream(presentationContextId, true);
        commandOut.write(command.encode());
        commandOut.finish();
        if (dataSet != null) {
            PdvOutputStream dataOut = new PdvOutputStream(presentationContextId, false);
            try {
                dataSet.writeTo(dataOut);
            } catch (IOException | RuntimeException e) {
                abort();
                throw e;
            }
            dataOut.finish();
        }
    }

    /**
     * Splits what is written into P-DATA-TF PDUs of one PDV each, no larger than the peer accepts. A fragment is
     * sent only once the next byte is known to exist, so that {@link #finish()} always has the last one to flag.
     * Closing it does nothing: only {@link #finish()} marks the end.
     */
    private final class PdvOutputStream extends OutputStream {
        private static final int HEADERS = PduCodec.HEADER_LENGTH + PduCodec.PDV_HEADER_LENGTH;
        private final int contextId;
        private final boolean command;
        private final byte[] pdu;
        private int count;

        PdvOutputStream(int contextId, boolean command) {
            this.contextId = contextId;
            this.command = command;
            this.pdu = new byte[HEADERS + maxSendDataLength];
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (count == maxSendDataLength) {
                    sendFragment(false);
                }
                int n = Math.min(len, maxSendDataLength - count);
                System.arraycopy(b, off, pdu, HEADERS + count, n);
                count += n;
                off += n;
                len -= n;
            }
        }

        private void sendFragment(boolean last) throws IOException {
            PduCodec.putSinglePdvHeaders(pdu, contextId, command, last, count);
            out.write(pdu, 0, HEADERS + count);
            count = 0;
        }

        /** Sends what is buffered as the last fragment. */
        void finish() throws IOException {
            sendFragment(true);
        }
    }

    // ---------------------------------------------------------------- ending

    /** Requestor side: asks the peer to release and waits for its A-RELEASE-RP, then closes. */
    public void release() throws IOException {
        try {
            out.write(PduCodec.encode(new ReleaseRq()));
            while (true) {
                Pdu pdu;
                try {
                    pdu = reader.read();
                } catch (DicomProtocolException e) {
                    throw fail(e);
                }
                if (pdu instanceof ReleaseRp) {
                    return;
                } else if (pdu instanceof Abort abort) {
                    throw new AssociationAbortedException(abort);
                } else if (!(pdu instanceof PDataTf)) { // late data may still arrive (PS3.8 7.2); it is dropped
                    throw fail(new DicomProtocolException(Abort.REASON_UNEXPECTED_PDU, "unexpected " + pdu.name() + " after A-RELEASE-RQ"));
                }
            }
        } finally {
            close();
        }
    }

    /** Sends A-ABORT as the service user and closes; for timeouts and local failures. */
    public void abort() {
        if (!closed) {
            closed = true;
            sendAbortAndClose(socket, new Abort(Abort.SOURCE_SERVICE_USER, Abort.REASON_NOT_SPECIFIED));
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing is left to release on a socket that fails to close.
        }
    }
}
