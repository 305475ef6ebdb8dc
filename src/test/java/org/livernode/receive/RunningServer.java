package org.livernode.receive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.livernode.spool.Durability;
import org.livernode.spool.Spool;
import org.livernode.spool.SpoolLimits;
import org.livernode.spool.SpooledInstance;
import org.livernode.testing.FreePort;

/**
 * A {@link DicomServer} on 127.0.0.1 and a free port (and a free TLS port when configured with one), with a spool
 * in a temporary folder and a listener that records.
 */
public final class RunningServer implements AutoCloseable {
    public static final String AE_TITLE = "LIVERNODE";

    public final Spool spool;
    public final DicomServer server;
    public final int port;
    public final RecordingListener listener = new RecordingListener();

    public RunningServer(Path spoolRoot) throws IOException {
        this(spoolRoot, UnaryOperator.identity());
    }

    public RunningServer(Path spoolRoot, UnaryOperator<ServerConfigBuilder> configure) throws IOException {
        this(spoolRoot, configure, SpoolLimits.NONE);
    }

    public RunningServer(Path spoolRoot, UnaryOperator<ServerConfigBuilder> configure, SpoolLimits limits) throws IOException {
        this.spool = Spool.open(spoolRoot, limits, Durability.FSYNC);
        this.port = FreePort.find();
        this.server = new DicomServer(configure.apply(new ServerConfigBuilder(port)).build(), spool, listener);
        server.start();
    }

    /** Puts a regular file where the spool's incoming folder should be: storing then fails, as on a broken disk. */
    public void breakSpool() throws IOException {
        Path incoming = spool.root().resolve("incoming");
        Files.delete(incoming);
        Files.writeString(incoming, "not a folder");
    }

    @Override
    public void close() {
        server.close();
    }

    /** Records what the server reports; thread-safe, as associations run on their own threads. */
    public static final class RecordingListener implements SpoolListener {
        private final List<SpooledInstance> stored = new ArrayList<>();
        private final List<ReceivedAssociation> associations = new ArrayList<>();

        @Override
        public synchronized void instanceStored(SpooledInstance instance, long association) {
            stored.add(instance);
        }

        @Override
        public synchronized void associationClosed(ReceivedAssociation association) {
            associations.add(association);
            notifyAll();
        }

        public synchronized List<SpooledInstance> stored() {
            return List.copyOf(stored);
        }

        /** Waits (briefly) until {@code count} associations have ended: the server logs and reports after the peer has gone. */
        public synchronized List<ReceivedAssociation> awaitAssociations(int count) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 10_000;
            while (associations.size() < count && System.currentTimeMillis() < deadline) {
                wait(Math.max(1, deadline - System.currentTimeMillis()));
            }
            return List.copyOf(associations);
        }
    }
}
