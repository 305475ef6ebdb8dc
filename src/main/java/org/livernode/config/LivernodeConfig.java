package org.livernode.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.livernode.broker.BrokerConfig;
import org.livernode.export.Destination;
import org.livernode.inference.Device;
import org.livernode.output.OutputType;
import org.livernode.output.seg.EmptyFrames;
import org.livernode.receive.AllowedCaller;
import org.livernode.receive.DicomServerConfig;
import org.livernode.receive.NonCtInstances;
import org.livernode.receive.TlsConfig;
import org.livernode.retention.RetentionConfig;
import org.livernode.routing.ReviewPolicy;
import org.livernode.routing.Router;
import org.livernode.routing.RoutingRule;
import org.livernode.routing.SeriesCriteria;

/**
 * The node's configuration, checked and typed by {@link ConfigLoader}: every value is what the code that uses it
 * takes (enums, ports, paths, durations, address ranges, compiled patterns), so nothing reads a name or a number
 * from the YAML again. The keys, their meaning and their defaults are those of conf/livernode.yaml.
 *
 * @param outputs what {@code segment} writes and, without rules, what the node sends to every destination
 * @param rules the routing rules as configured; without them see {@link #router()}
 * @param http the HTTP endpoint for /health and /metrics; empty when off
 * @param retention what is deleted from the spool, and when
 * @param broker RabbitMQ between receivers and inference workers; empty: everything in one process
 */
public record LivernodeConfig(Node node, Series series, Inference inference, Set<OutputType> outputs, Seg seg, List<Destination> destinations,
        Export export, Logging logging, List<RoutingRule> rules, Optional<Http> http, Audit audit, RetentionConfig retention,
        Optional<BrokerConfig> broker) {

    public LivernodeConfig {
        outputs = Collections.unmodifiableSet(EnumSet.copyOf(outputs));
        destinations = List.copyOf(destinations);
        rules = List.copyOf(rules);
    }

    /**
     * The routing: the configured rules, or without them one rule, {@link Router#DEFAULT_RULE}, that sends the
     * top-level outputs to every destination and takes every series of at least {@code series.minSlices} slices.
     */
    public Router router() {
        if (!rules.isEmpty()) {
            return new Router(rules);
        }
        Map<String, Set<OutputType>> everyDestination = new LinkedHashMap<>();
        destinations.forEach(d -> everyDestination.put(d.name(), outputs));
        return new Router(List.of(new RoutingRule(Router.DEFAULT_RULE, SeriesCriteria.minSlices(series.minSlices()), outputs, everyDestination,
                ReviewPolicy.SEND)));
    }

    /**
     * Our DICOM application entity: what we answer as, where we listen, whom we accept and how much we take.
     *
     * @param aeTitle as written; the server compares it without its padding
     * @param allowedCallingAeTitles accepted from any address; with {@code allowedCallers}, both empty accept everyone
     * @param fsync true: an instance is acknowledged after it is fsync'ed; false: right after it is written
     */
    public record Node(String aeTitle, String bindAddress, int port, Set<String> allowedCallingAeTitles, Path spoolDir,
            List<AllowedCaller> allowedCallers, int maxAssociations, long minFreeSpaceMiB, int maxInstancesPerSeries,
            NonCtInstances nonCtInstances, Optional<TlsConfig> tls, boolean fsync) {
        public Node {
            allowedCallingAeTitles = Set.copyOf(allowedCallingAeTitles);
            allowedCallers = List.copyOf(allowedCallers);
        }

        /** What the DICOM server takes of it, with the server's fixed read timeout and PDU length. */
        public DicomServerConfig dicomServer() {
            return new DicomServerConfig(aeTitle, bindAddress, port, allowedCallingAeTitles, allowedCallers, nonCtInstances, maxAssociations,
                    DicomServerConfig.DEFAULT_READ_TIMEOUT, DicomServerConfig.DEFAULT_MAX_PDU_LENGTH, tls);
        }
    }

    /**
     * When a series is complete, and how many slices it needs unless its routing rule says otherwise.
     *
     * @param completeOnRelease whether a series that one released association delivered whole completes without the release grace
     */
    public record Series(Duration idleTimeout, Duration releaseGrace, boolean completeOnRelease, int minSlices) {}

    /**
     * The ONNX model (its manifest lies beside it) and where it runs.
     *
     * @param streaming whether slices are segmented as they are stored, before their series completes
     */
    public record Inference(Path model, Device device, boolean streaming) {}

    public record Seg(EmptyFrames emptyFrames) {}

    /** Retries of failed deliveries, and when the outbox gives up on one. */
    public record Export(Duration retryFirstDelay, Duration retryMaxDelay, Duration giveUpAfter) {}

    /** Whether log lines may quote malformed values of received data sets, which can hold patient identifiers. */
    public record Logging(boolean patientIdentifiers) {}

    /** @param adminToken what the console's actions ask for ({@code Authorization: Bearer}); empty: the console is read-only */
    public record Http(String bindAddress, int port, Optional<String> adminToken) {
        public Http(String bindAddress, int port) {
            this(bindAddress, port, Optional.empty());
        }

        /** Without the token, which must not reach a log line. */
        @Override
        public String toString() {
            return "Http[bindAddress=" + bindAddress + ", port=" + port + ", adminToken=" + (adminToken.isPresent() ? "(set)" : "(none)") + "]";
        }
    }

    /** The audit log, JSON lines appended to {@code file}. */
    public record Audit(Path file) {}
}
