package org.livernode.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.livernode.receive.DicomServerConfig;
import org.livernode.state.StateRoot;

/**
 * The configuration as written in YAML (see conf/livernode.yaml): names and numbers as they stand, absent sections
 * and keys replaced by the defaults below. {@link ConfigLoader} checks it and makes the typed {@link LivernodeConfig}
 * of it, which is what the node reads.
 */
record YamlConfig(Node node, Series series, Inference inference, List<String> outputs, Seg seg,
        List<Destination> destinations, Export export, Logging logging, List<Rule> rules, Http http, Audit audit, Retention retention,
        Broker broker) {

    YamlConfig {
        node = node == null ? new Node(null, null, null, null, null, null, null, null, null, null, null, null) : node;
        series = series == null ? new Series(null, null, null, null) : series;
        inference = inference == null ? new Inference(null, null, null) : inference;
        outputs = outputs == null ? List.of("seg", "rtstruct") : List.copyOf(outputs);
        seg = seg == null ? new Seg(null) : seg;
        destinations = destinations == null ? List.of() : List.copyOf(destinations);
        export = export == null ? new Export(null, null, null) : export;
        logging = logging == null ? new Logging(null) : logging;
        // Not List.copyOf: a null entry must reach validation, which names it.
        rules = rules == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(rules));
        audit = audit == null || audit.file() == null ? new Audit(new StateRoot(node.spoolDir()).auditLog()) : audit;
        retention = retention == null ? new Retention(null, null, null, null, null) : retention;
    }

    /**
     * Our DICOM application entity: what we answer as, where we listen, whom we accept and how much we take.
     *
     * @param allowedCallers calling AE titles accepted only from some addresses, beside {@code allowedCallingAeTitles}
     * @param nonCtInstances {@code accept} (stored, not processed) or {@code reject} (refused in negotiation)
     * @param tls a second port for DICOM over TLS; null for none
     * @param fsync true (default): an instance is acknowledged after it is fsync'ed; false: right after it is written
     *     (safe against a crash of the node, not against a power cut)
     */
    record Node(String aeTitle, String bindAddress, Integer port, List<String> allowedCallingAeTitles, Path spoolDir,
            List<AllowedCaller> allowedCallers, Integer maxAssociations, Long minFreeSpaceMiB, Integer maxInstancesPerSeries,
            String nonCtInstances, Tls tls, Boolean fsync) {
        Node {
            aeTitle = aeTitle == null ? "LIVERNODE" : aeTitle;
            bindAddress = bindAddress == null ? "0.0.0.0" : bindAddress;
            port = port == null ? 11112 : port;
            allowedCallingAeTitles = allowedCallingAeTitles == null ? List.of() : List.copyOf(allowedCallingAeTitles);
            spoolDir = spoolDir == null ? Path.of("var/spool") : spoolDir;
            // Not List.copyOf: a null entry must reach validation, which names it.
            allowedCallers = allowedCallers == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(allowedCallers));
            maxAssociations = maxAssociations == null ? DicomServerConfig.DEFAULT_MAX_ASSOCIATIONS : maxAssociations;
            minFreeSpaceMiB = minFreeSpaceMiB == null ? 1024L : minFreeSpaceMiB;
            maxInstancesPerSeries = maxInstancesPerSeries == null ? 10_000 : maxInstancesPerSeries;
            nonCtInstances = nonCtInstances == null ? "accept" : nonCtInstances;
            fsync = fsync == null || fsync;
        }
    }

    /** A calling AE title accepted only from these addresses (IP addresses or CIDR blocks). */
    record AllowedCaller(String aeTitle, List<String> addresses) {
        AllowedCaller {
            addresses = addresses == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(addresses));
        }
    }

    /**
     * DICOM over TLS on its own port. The key store holds our private key and certificate; the trust store the
     * certificates (a CA's) that client certificates must chain to. {@code clientAuth}: none, optional or required.
     */
    record Tls(Integer port, Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword, String clientAuth) {
        Tls {
            clientAuth = clientAuth == null ? "none" : clientAuth;
        }
    }

    /**
     * A series is complete when no instance of it has arrived for {@code idleTimeoutSeconds}, or
     * {@code releaseGraceSeconds} after the last association that delivered it was released, or at once when one
     * released association delivered all of it and {@code completeOnRelease} is true (the default). It is processed
     * when it has at least {@code minSlices} slices, unless its routing rule sets its own minimum.
     */
    record Series(Double idleTimeoutSeconds, Double releaseGraceSeconds, Boolean completeOnRelease, Integer minSlices) {
        Series {
            idleTimeoutSeconds = idleTimeoutSeconds == null ? 5.0 : idleTimeoutSeconds;
            releaseGraceSeconds = releaseGraceSeconds == null ? 1.0 : releaseGraceSeconds;
            completeOnRelease = completeOnRelease == null || completeOnRelease;
            minSlices = minSlices == null ? 20 : minSlices;
        }
    }

    /** The ONNX model (its manifest lies beside it) and where it runs: auto, cpu or cuda. */
    record Inference(Path model, String device, Boolean streaming) {
        Inference {
            model = model == null ? Path.of("models/liver.onnx") : model;
            device = device == null ? "auto" : device;
            streaming = streaming == null || streaming;
        }
    }

    /** DICOM SEG options: {@code emptyFrames} is {@code omit} (default) or {@code include}. */
    record Seg(String emptyFrames) {
        Seg {
            emptyFrames = emptyFrames == null ? "omit" : emptyFrames;
        }
    }

    /**
     * Retries of failed deliveries: the first after {@code retryFirstDelaySeconds}, each later one twice as late up to
     * {@code retryMaxDelaySeconds}; after {@code giveUpAfterHours} since the first attempt the result goes to the
     * dead-letter folder.
     */
    record Export(Double retryFirstDelaySeconds, Double retryMaxDelaySeconds, Double giveUpAfterHours) {
        Export {
            retryFirstDelaySeconds = retryFirstDelaySeconds == null ? 5.0 : retryFirstDelaySeconds;
            retryMaxDelaySeconds = retryMaxDelaySeconds == null ? 300.0 : retryMaxDelaySeconds;
            giveUpAfterHours = giveUpAfterHours == null ? 24.0 : giveUpAfterHours;
        }
    }

    /** {@code patientIdentifiers}: whether log lines may quote malformed values of received data sets, which can hold them. */
    record Logging(Boolean patientIdentifiers) {
        Logging {
            patientIdentifiers = patientIdentifiers != null && patientIdentifiers;
        }
    }

    /** A DICOM peer that receives our results with C-STORE; over TLS when {@code tls} is given. */
    record Destination(String name, String aeTitle, String host, Integer port, DestinationTls tls) {}

    /**
     * DICOM over TLS to a destination. The trust store holds the certificates (a CA's) that its server certificate
     * must chain to; the key store, optional, our private key and certificate for a destination that asks for one.
     * {@code verifyHostname} (default true): the server certificate must also name {@code host}.
     */
    record DestinationTls(Path trustStore, String trustStorePassword, Path keyStore, String keyStorePassword, Boolean verifyHostname) {
        DestinationTls {
            verifyHostname = verifyHostname == null || verifyHostname;
        }
    }

    /**
     * A routing rule: the series it takes and, per destination, the outputs sent there. Without rules the
     * top-level {@code outputs} go to every destination.
     *
     * @param qc {@code send} (absent) or {@code hold}: what becomes of results the quality check asks to review
     */
    record Rule(String name, Match match, List<Send> send, String qc) {
        Rule {
            match = match == null ? new Match(null, null, null, null, null, null, null) : match;
            send = send == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(send));
        }
    }

    /**
     * What a series must be for a rule to take it; absent keys accept anything.
     *
     * @param callingAeTitle sent by one of these AE titles
     * @param modality Modality is one of these
     * @param imageType each of these values is among the series' ImageType values
     * @param seriesDescription a regular expression found in SeriesDescription
     * @param bodyPartExamined BodyPartExamined is one of these
     * @param minSlices at least this many slices; {@code series.minSlices} when absent
     * @param maxSlices at most this many slices
     */
    record Match(List<String> callingAeTitle, List<String> modality, List<String> imageType, String seriesDescription,
            List<String> bodyPartExamined, Integer minSlices, Integer maxSlices) {
        Match {
            callingAeTitle = values(callingAeTitle);
            modality = values(modality);
            imageType = values(imageType);
            bodyPartExamined = values(bodyPartExamined);
        }

        private static List<String> values(List<String> values) {
            return values == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /** One destination of a rule and the outputs it gets there ({@code seg}, {@code rtstruct}). */
    record Send(String destination, List<String> outputs) {
        Send {
            outputs = outputs == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(outputs));
        }
    }

    /** The HTTP endpoint for /health, /metrics and the console; off when the section is absent. */
    record Http(String bindAddress, Integer port, String adminToken) {
        Http {
            bindAddress = bindAddress == null ? "127.0.0.1" : bindAddress;
        }
    }

    /** The audit log, JSON lines appended to {@code file} ({@code <node.spoolDir>/audit.jsonl} by default). */
    record Audit(Path file) {}

    /**
     * What the node deletes from its spool, and when: the instances (and outputs) of a series whose every result was
     * delivered, {@code deliveredSeriesHours} after it was last written to or processed; failed series and
     * {@code failed/} files after {@code failedDays}; dead letters after {@code deadLetterDays}. Above
     * {@code maxSpoolGiB} (no limit when absent) delivered series go oldest first whatever their age. Checked every
     * {@code intervalMinutes}.
     */
    record Retention(Double deliveredSeriesHours, Double failedDays, Double deadLetterDays, Double maxSpoolGiB, Double intervalMinutes) {
        Retention {
            deliveredSeriesHours = deliveredSeriesHours == null ? 72.0 : deliveredSeriesHours;
            failedDays = failedDays == null ? 30.0 : failedDays;
            deadLetterDays = deadLetterDays == null ? 30.0 : deadLetterDays;
            intervalMinutes = intervalMinutes == null ? 10.0 : intervalMinutes;
        }
    }

    /**
     * RabbitMQ between receivers and inference workers; absent: the node does everything in one process.
     *
     * @param receiverId names this receiver's reply queue; the node's AE title by default
     * @param seriesInFlight how many series a receiver has at the workers at once
     * @param replyTimeoutSeconds how long a receiver waits for the answer to a request before its job fails
     * @param compression none or deflate: how a receiver's requests (and their replies) carry their tensors
     */
    record Broker(String uri, String queue, Integer prefetch, String receiverId, Integer seriesInFlight, Double replyTimeoutSeconds,
            String compression) {
        Broker {
            queue = queue == null ? "livernode.inference" : queue;
            prefetch = prefetch == null ? 1 : prefetch;
            seriesInFlight = seriesInFlight == null ? 4 : seriesInFlight;
            replyTimeoutSeconds = replyTimeoutSeconds == null ? 600.0 : replyTimeoutSeconds;
            compression = compression == null ? "deflate" : compression;
        }
    }
}
