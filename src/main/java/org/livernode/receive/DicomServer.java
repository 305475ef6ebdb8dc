package org.livernode.receive;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.livernode.dicom.LogSafe;
import org.livernode.dimse.Association;
import org.livernode.dimse.AssociationRejectedException;
import org.livernode.dimse.Pdu.AssociateRj;
import org.livernode.net.Tls;
import org.livernode.spool.Spool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our DICOM C-STORE and C-ECHO SCP: an accept loop on the configured address and port (and on the TLS port when
 * there is one), one thread per association from a bounded pool shared by both, every received instance in the
 * {@link Spool} before its success response.
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
    /** Numbers the accepted connections, so that what an association stored can be told apart from what others did. */
    private final AtomicLong associationCount = new AtomicLong();
    private final AssociationPolicy policy;
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor associations;
    // Copy-on-write: listening() reads them from health checks while start() or close() may be running.
    private final List<ServerSocket> serverSockets = new CopyOnWriteArrayList<>();
    private final List<Thread> acceptThreads = new CopyOnWriteArrayList<>();
    private boolean started;

    public DicomServer(DicomServerConfig config, Spool spool, SpoolListener listener) {
        this.config = config;
        this.spool = spool;
        this.listener = listener;
        this.policy = new AssociationPolicy(config.aeTitle(), new CallerAllowList(config.allowedCallingAeTitles(), config.allowedCallers()),
                config.nonCtInstances(), config.maxPduLength());
        AtomicInteger threadNumber = new AtomicInteger();
        // No queue: a connection either gets a thread now or a transient rejection, never a silent wait.
        this.associations = new ThreadPoolExecutor(config.maxAssociations(), config.maxAssociations(), 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> new Thread(runnable, "dicom-association-" + threadNumber.incrementAndGet()));
        associations.allowCoreThreadTimeOut(true);
    }

    /** Binds the port (and the TLS port) and starts accepting associations. */
    public synchronized void start() throws IOException {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        try {
            ServerSocket plain = bind(new ServerSocket(), config.port());
            String tlsText = "";
            if (config.tls().isPresent()) {
                TlsConfig tls = config.tls().get();
                SSLServerSocket secure = (SSLServerSocket) tlsContext(tls).getServerSocketFactory().createServerSocket();
                Tls.configure(secure, tls.clientAuth());
                bind(secure, tls.port());
                tlsText = ", TLS on port " + secure.getLocalPort() + " (client certificates " + tls.clientAuth().name().toLowerCase(Locale.ROOT) + ")";
            }
            for (ServerSocket socket : serverSockets) {
                Thread thread = new Thread(() -> acceptLoop(socket), "dicom-accept-" + socket.getLocalPort());
                acceptThreads.add(thread);
                thread.start();
            }
            log.info("DICOM server {} listening on {}:{}{}, spool {}{}", config.aeTitle(), config.bindAddress(), plain.getLocalPort(), tlsText,
                    spool.root(), describeCallers());
        } catch (IOException | RuntimeException e) {
            serverSockets.forEach(DicomServer::closeQuietly);
            throw e;
        }
    }

    private ServerSocket bind(ServerSocket socket, int port) throws IOException {
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), port));
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on " + config.bindAddress() + ":" + port + ": " + e.getMessage(), e);
        }
        serverSockets.add(socket);
        return socket;
    }

    private static SSLContext tlsContext(TlsConfig tls) throws IOException {
        try {
            return Tls.context(Tls.keyManagers(tls.keyStore(), tls.keyStorePassword()),
                    tls.trustStore().isPresent() ? Tls.trustManagers(tls.trustStore().get(), tls.trustStorePassword()) : null);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS with " + tls.keyStore() + ": " + e.getMessage(), e);
        }
    }

    private String describeCallers() {
        if (config.allowedCallingAeTitles().isEmpty() && config.allowedCallers().isEmpty()) {
            return "";
        }
        return ", calling AE titles " + config.allowedCallingAeTitles() + (config.allowedCallers().isEmpty() ? ""
                : " and " + config.allowedCallers().stream().map(c -> c.aeTitle() + " from " + c.addresses()).toList());
    }

    /** The plain port listened on (the one picked by the system when configured as 0). */
    public int port() {
        return serverSockets.get(0).getLocalPort();
    }

    /** Whether every port is open and its accept loop running; false before {@link #start()}, after close or a failed accept. */
    public boolean listening() {
        return !serverSockets.isEmpty() && serverSockets.stream().noneMatch(ServerSocket::isClosed)
                && acceptThreads.stream().allMatch(Thread::isAlive);
    }

    /** The TLS port listened on; only when the configuration has one. */
    public int tlsPort() {
        if (config.tls().isEmpty()) {
            throw new IllegalStateException("no TLS port is configured");
        }
        return serverSockets.get(1).getLocalPort();
    }

    private void acceptLoop(ServerSocket server) {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.error("Accepting connections on port {} failed; the server stops accepting there", server.getLocalPort(), e);
                }
                return;
            }
            try {
                // DCMTK and others wait ~40 ms per small PDU under Nagle's algorithm.
                socket.setTcpNoDelay(true);
                openSockets.add(socket);
                long associationNumber = associationCount.incrementAndGet();
                associations.execute(() -> {
                    try {
                        new AssociationHandler(associationNumber, socket, config, policy, spool, listener).run();
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
        String[] callingAeTitle = {""};
        try {
            socket.setSoTimeout(BUSY_REQUEST_TIMEOUT_MILLIS);
            Association.accept(socket, config.maxPduLength(), request -> {
                callingAeTitle[0] = request.callingAeTitle();
                return new AssociateRj(AssociateRj.RESULT_TRANSIENT, AssociateRj.SOURCE_SERVICE_PROVIDER_PRESENTATION,
                        AssociateRj.REASON_LOCAL_LIMIT_EXCEEDED);
            });
        } catch (AssociationRejectedException e) {
            log.warn("Rejected association from {} ({}): all {} association threads are busy (node.maxAssociations)", peer,
                    LogSafe.printable(e.getMessage()), config.maxAssociations());
            AssociationHandler.tellRejected(listener, callingAeTitle[0], peer, "all " + config.maxAssociations() + " association threads are busy");
        } catch (IOException e) {
            log.warn("Connection from {} dropped while all {} association threads are busy: {}", peer, config.maxAssociations(),
                    LogSafe.printable(e.getMessage()));
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
        if (serverSockets.isEmpty() || serverSockets.get(0).isClosed()) {
            return;
        }
        serverSockets.forEach(DicomServer::closeQuietly);
        associations.shutdown();
        try {
            for (Thread thread : acceptThreads) {
                thread.join();
            }
            if (!associations.awaitTermination(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS)) {
                log.warn("Closing {} association(s) still running after {} s", openSockets.size(), CLOSE_GRACE_SECONDS);
                openSockets.forEach(DicomServer::closeQuietly);
                associations.awaitTermination(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            openSockets.forEach(DicomServer::closeQuietly);
            Thread.currentThread().interrupt();
        }
        log.info("DICOM server {} on port {} stopped", config.aeTitle(), serverSockets.get(0).getLocalPort());
    }

    private static void closeQuietly(Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // Closing is best effort here; the connection is being given up either way.
        }
    }
}
