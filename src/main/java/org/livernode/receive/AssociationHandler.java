package org.livernode.receive;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.livernode.dicom.LogSafe;
import org.livernode.dimse.Association;
import org.livernode.dimse.AssociationAbortedException;
import org.livernode.dimse.AssociationRejectedException;
import org.livernode.dimse.DicomProtocolException;
import org.livernode.dimse.DicomServiceException;
import org.livernode.dimse.DicomStatus;
import org.livernode.dimse.DimseCommand;
import org.livernode.dimse.IncomingMessage;
import org.livernode.dimse.service.CEchoScp;
import org.livernode.dimse.service.CStoreScp;
import org.livernode.dimse.service.DimseService;
import org.livernode.receive.AssociationPolicy.Negotiation;
import org.livernode.spool.Spool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves one accepted connection from association request to release, on its own thread. */
final class AssociationHandler implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(AssociationHandler.class);

    private final Socket socket;
    private final DicomServerConfig config;
    private final AssociationPolicy policy;
    private final Spool spool;
    private final SpoolListener listener;
    private final long number;
    private final String peer;
    /** How the connection is carried, for log lines: "" for plain TCP, else the TLS protocol, suite and client. */
    private String transport = "";
    private Negotiation negotiation;
    private String requestedCallingAeTitle = "";

    AssociationHandler(long number, Socket socket, DicomServerConfig config, AssociationPolicy policy, Spool spool, SpoolListener listener) {
        this.number = number;
        this.socket = socket;
        this.config = config;
        this.policy = policy;
        this.spool = spool;
        this.listener = listener;
        this.peer = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    @Override
    public void run() {
        Association association;
        try {
            socket.setSoTimeout((int) config.readTimeout().toMillis());
            if (socket instanceof SSLSocket secure && !handshake(secure)) {
                return;
            }
            Optional<String> spoolShortfall = spoolShortfall();
            association = Association.accept(socket, config.maxPduLength(), request -> {
                requestedCallingAeTitle = request.callingAeTitle();
                negotiation = policy.negotiate(request, socket.getInetAddress(), spoolShortfall);
                return negotiation.response();
            });
        } catch (AssociationRejectedException e) {
            log.warn("Rejected association from {}{} ({}): {}", peer, transport, LogSafe.printable(e.getMessage()),
                    negotiation.rejection().orElse(""));
            tellRejected(listener, requestedCallingAeTitle, peer, negotiation.rejection().orElse(e.getMessage()));
            return;
        } catch (IOException e) {
            log.warn("Association request from {}{} failed: {}", peer, transport, LogSafe.printable(e.getMessage()));
            closeSocket();
            return;
        }
        if (!negotiation.refusedContexts().isEmpty()) {
            log.info("Association from {} at {}{}: refused {} of the proposed presentation contexts: {}", association.callingAeTitle(), peer,
                    transport, negotiation.refusedContexts().size(), AssociationPolicy.summarize(negotiation.refusedContexts()));
        }
        serve(association);
    }

    /** Tells the listener of a refused association; its failure is logged, the connection is gone either way. */
    static void tellRejected(SpoolListener listener, String callingAeTitle, String peer, String reason) {
        try {
            listener.associationRejected(callingAeTitle, peer, reason);
        } catch (RuntimeException e) {
            log.error("Spool listener failed on the rejection of the association from {}", peer, e);
        }
    }

    /** The TLS handshake, done here (with the read timeout) rather than on the first read, so that its failure is told as such. */
    private boolean handshake(SSLSocket secure) {
        try {
            secure.startHandshake();
        } catch (IOException e) {
            // A peer that speaks plain DICOM to this port shows up here, as does one without an acceptable certificate.
            log.warn("TLS handshake with {} on port {} failed: {}", peer, secure.getLocalPort(), LogSafe.printable(e.getMessage()));
            closeSocket();
            return false;
        }
        SSLSession session = secure.getSession();
        transport = " over " + session.getProtocol() + " " + session.getCipherSuite() + " (" + clientCertificate(session) + ")";
        return true;
    }

    private static String clientCertificate(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509
                    ? "client certificate " + LogSafe.printable(x509.getSubjectX500Principal().getName()) : "client certificate";
        } catch (SSLPeerUnverifiedException e) {
            return "no client certificate";
        }
    }

    /** Checked once per association, before it is accepted; each instance is checked again as it arrives. */
    private Optional<String> spoolShortfall() {
        try {
            return spool.freeSpaceShortfall();
        } catch (IOException e) {
            return Optional.of("the free space of the spool's file system cannot be read: " + e.getMessage());
        }
    }

    private void serve(Association association) {
        long start = System.nanoTime();
        SpoolingStoreHandler store = new SpoolingStoreHandler(spool, listener, association.callingAeTitle(), number);
        Map<Integer, DimseService> services = Map.of(DimseCommand.C_ECHO_RQ, new CEchoScp(), DimseCommand.C_STORE_RQ, new CStoreScp(store));
        int failures = 0;
        boolean released = false;
        String outcome;
        try {
            while (true) {
                Optional<IncomingMessage> message = association.receive();
                if (message.isEmpty()) {
                    released = true;
                    outcome = "released";
                    break;
                }
                DimseCommand request = message.get().command();
                if (!request.isRequest()) {
                    association.abort();
                    outcome = "aborted: received " + request.name() + " where a request was expected";
                    break;
                }
                if (!answer(association, services, message.get())) {
                    failures++;
                }
            }
        } catch (AssociationAbortedException e) {
            outcome = "ended by the peer's A-ABORT (" + e.abort().describe() + ")";
        } catch (DicomProtocolException e) {
            outcome = "aborted for a protocol error: " + e.getMessage();
        } catch (SocketTimeoutException e) {
            association.abort();
            outcome = "aborted after " + config.readTimeout().toSeconds() + " s without data";
        } catch (IOException e) {
            association.abort();
            outcome = "lost: " + LogSafe.printable(e.getMessage());
        } catch (RuntimeException e) {
            association.abort();
            outcome = "aborted after an internal error: " + e;
            log.error("Internal error on the association from {} at {}", association.callingAeTitle(), peer, e);
        } finally {
            association.close();
        }
        ReceivedAssociation summary = new ReceivedAssociation(number, association.callingAeTitle(), peer, store.stored(), released);
        log.info("Association from {} at {}{} to {} {}: {} instance(s) stored in {} series, {} request(s) failed, {} ms",
                association.callingAeTitle(), peer, transport, association.calledAeTitle(), outcome, summary.instances().size(),
                summary.seriesInstanceUids().size(), failures, (System.nanoTime() - start) / 1_000_000);
        try {
            listener.associationClosed(summary);
        } catch (RuntimeException e) {
            log.error("Spool listener failed on the end of the association from {} at {}", association.callingAeTitle(), peer, e);
        }
    }

    /** Serves one request and sends its response; false when the response carries a failure status. */
    private boolean answer(Association association, Map<Integer, DimseService> services, IncomingMessage message) throws IOException {
        DimseCommand request = message.command();
        DimseService service = services.get(request.commandField());
        int status = DicomStatus.SUCCESS;
        String comment = null;
        if (service == null) {
            status = DicomStatus.UNRECOGNIZED_OPERATION;
            comment = request.name() + " is not served here";
            log.warn("{} from {} at {} refused: not served here", request.name(), association.callingAeTitle(), peer);
        } else {
            try {
                service.onRequest(message.presentationContext(), request, message.dataSet());
            } catch (DicomServiceException e) {
                status = e.status();
                comment = e.getMessage();
                log.warn("{} of {} from {} at {} failed with {}: {}", request.name(), LogSafe.uid(request.affectedSopInstanceUid()),
                        association.callingAeTitle(), peer, DicomStatus.describe(status), e.getMessage());
            }
        }
        // The response follows the whole request: skip what the service left of the data set.
        message.dataSet().transferTo(OutputStream.nullOutputStream());
        association.send(message.presentationContext().id(), DimseCommand.response(request, status, comment), null);
        return !DicomStatus.isFailure(status);
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already broken; nothing more to release.
        }
    }
}
