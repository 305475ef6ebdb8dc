package org.livernode.receive;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.livernode.dimse.Association;
import org.livernode.dimse.AssociationRejectedException;
import org.livernode.dimse.Pdu.AssociateRj;
import org.livernode.spool.Spool;
import org.livernode.spool.SpoolListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our DICOM C-STORE and C-ECHO SCP: an accept loop on the configured address and port, one thread per
 * association from a bounded pool, every received instance in the {@link Spool} before its success response.
 */
public final class DicomServer implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(DicomServer.class);

    /** How long {@link #close()} lets running associations finish before closing their sockets. */
    private static final long CLOSE_GRACE_SECONDS = 10;
    /** How long a peer that finds every thread busy gets to send its request before we reject it. */
    private static final int BUSY_REQUEST_TIMEOUT_MILLIS = 2000;

    private final DicomServerConfig config;
    private final Spool spool;
    private final SpoolListener listener;
    private final AssociationPolicy policy;
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor associations;
    private ServerSocket serverSocket;
    private Thread acceptThread;

    public DicomServer(DicomServerConfig config, Spool spool, SpoolListener listener) {
        this.config = config;
        this.spool = spool;
        this.listener = listener;
        this.policy = new AssociationPolicy(config.aeTitle(), config.allowedCallingAeTitles(), config.maxPduLength());
        AtomicInteger threadNumber = new AtomicInteger();
        // No queue: a connection either gets a thread now or a transient rejection, never a silent wait.
        this.associations = new ThreadPoolExecutor(config.maxAssociations(), config.maxAssociations(), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> new Thread(runnable, "dicom-association-" + threadNumber.incrementAndGet()));
        associations.allowCoreThreadTimeOut(true);
    }

    /** Binds the port and starts accepting associations. */
    public synchronized void start() throws IOException {
        if (serverSocket != null) {
            throw new IllegalStateException("already started");
        }
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()));
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        serverSocket = socket;
        acceptThread = new Thread(this::acceptLoop, "dicom-accept-" + socket.getLocalPort());
        acceptThread.start();
        log.info("DICOM server {} listening on {}:{}, spool {}{}", config.aeTitle(), config.bindAddress(), socket.getLocalPort(),
                spool.root(), config.allowedCallingAeTitles().isEmpty() ? "" : ", calling AE titles " + config.allowedCallingAeTitles());
    }

    /** The port listened on (the one picked by the system when configured as 0). */
    public int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!serverSocket.isClosed()) {
                    log.error("Accepting connections on port {} failed; the server stops accepting", port(), e);
                }
                return;
            }
            try {
                // DCMTK and others wait ~40 ms per small PDU under Nagle's algorithm.
                socket.setTcpNoDelay(true);
                openSockets.add(socket);
                associations.execute(() -> {
                    try {
                        new AssociationHandler(socket, config, policy, spool, listener).run();
                    } finally {
                        openSockets.remove(socket);
                    }
                });
            } catch (RejectedExecutionException e) {
                openSockets.remove(socket);
                rejectBusy(socket);
            } catch (IOException e) {
                openSockets.remove(socket);
                log.warn("Cannot set up connection from {}: {}", socket.getRemoteSocketAddress(), e.getMessage());
                closeQuietly(socket);
            }
        }
    }

    /** Reads the request (briefly) so that the peer gets a proper transient rejection rather than a reset. */
    private void rejectBusy(Socket socket) {
        String peer = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        try {
            socket.setSoTimeout(BUSY_REQUEST_TIMEOUT_MILLIS);
            Association.accept(socket, config.maxPduLength(), request -> new AssociateRj(AssociateRj.RESULT_TRANSIENT,
                    AssociateRj.SOURCE_SERVICE_PROVIDER_PRESENTATION, AssociateRj.REASON_LOCAL_LIMIT_EXCEEDED));
        } catch (AssociationRejectedException e) {
            log.warn("Rejected association from {} ({}): all {} association threads are busy", peer, e.getMessage(), config.maxAssociations());
        } catch (IOException e) {
            log.warn("Connection from {} dropped while all {} association threads are busy: {}", peer, config.maxAssociations(), e.getMessage());
        } finally {
            closeQuietly(socket);
        }
    }

    /**
     * Stops accepting, lets running associations finish for a few seconds, then closes what is left (their
     * senders get no response for the instance in flight, so they will send it again).
     */
    @Override
    public synchronized void close() {
        if (serverSocket == null || serverSocket.isClosed()) {
            return;
        }
        closeQuietly(serverSocket);
        associations.shutdown();
        try {
            acceptThread.join();
            if (!associations.awaitTermination(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS)) {
                log.warn("Closing {} association(s) still running after {} s", openSockets.size(), CLOSE_GRACE_SECONDS);
                openSockets.forEach(DicomServer::closeQuietly);
                associations.awaitTermination(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            openSockets.forEach(DicomServer::closeQuietly);
            Thread.currentThread().interrupt();
        }
        log.info("DICOM server {} on port {} stopped", config.aeTitle(), serverSocket.getLocalPort());
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // Closing is best effort here; the connection is being given up either way.
        }
    }
}
