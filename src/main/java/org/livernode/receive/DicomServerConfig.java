package org.livernode.receive;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.livernode.config.LivernodeConfig;
import org.livernode.net.AddressRange;
import org.livernode.net.Tls.ClientAuth;

/**
 * How the C-STORE SCP listens and whom it accepts.
 *
 * @param aeTitle the called AE title we answer to (1 to 16 characters)
 * @param bindAddress the local address to listen on: 127.0.0.1 for this host only, 0.0.0.0 for every interface
 * @param port TCP port; 0 picks a free one (see {@link DicomServer#port()})
 * @param allowedCallingAeTitles the calling AE titles accepted from any address; with {@code allowedCallers} both
 *     empty, any calling AE title is accepted
 * @param allowedCallers calling AE titles accepted only from some addresses
 * @param nonCtInstances whether storage SOP classes other than CT are taken
 * @param maxAssociations associations served at once, over both ports; more are rejected as transient (local limit exceeded)
 * @param readTimeout how long an association may stay silent before we abort it
 * @param maxPduLength the maximum PDU length we announce, which bounds what a peer may send in one PDU
 * @param tls a second port for DICOM over TLS, if any
 */
public record DicomServerConfig(String aeTitle, String bindAddress, int port, Set<String> allowedCallingAeTitles,
        List<AllowedCaller> allowedCallers, NonCtInstances nonCtInstances, int maxAssociations, Duration readTimeout, int maxPduLength,
        Optional<TlsConfig> tls) {

    public static final int DEFAULT_MAX_ASSOCIATIONS = 16;
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_PDU_LENGTH = 256 * 1024;
    /** PS3.8 sets no bounds; these keep a misconfiguration from crippling throughput or memory. */
    static final int MIN_PDU_LENGTH = 4 * 1024;
    static final int MAX_PDU_LENGTH = 16 * 1024 * 1024;

    public DicomServerConfig {
        aeTitle = checkAeTitle(aeTitle, "aeTitle");
        Objects.requireNonNull(bindAddress, "bindAddress");
        allowedCallingAeTitles = allowedCallingAeTitles.stream().map(t -> checkAeTitle(t, "allowed calling AE title"))
                .collect(Collectors.toUnmodifiableSet());
        allowedCallers = List.copyOf(allowedCallers);
        allowedCallers.forEach(caller -> checkAeTitle(caller.aeTitle(), "allowed caller AE title"));
        Objects.requireNonNull(nonCtInstances, "nonCtInstances");
        Objects.requireNonNull(tls, "tls");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
        }
        if (maxAssociations < 1) {
            throw new IllegalArgumentException("maxAssociations must be at least 1, not " + maxAssociations);
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive, not " + readTimeout);
        }
        if (maxPduLength < MIN_PDU_LENGTH || maxPduLength > MAX_PDU_LENGTH) {
            throw new IllegalArgumentException("maxPduLength must be " + MIN_PDU_LENGTH + " to " + MAX_PDU_LENGTH + ", not " + maxPduLength);
        }
    }

    /** Accepts any calling AE and every storage SOP class, on one plain port, with the default limits. */
    public static DicomServerConfig of(String aeTitle, String bindAddress, int port) {
        return new DicomServerConfig(aeTitle, bindAddress, port, Set.of(), List.of(), NonCtInstances.ACCEPT, DEFAULT_MAX_ASSOCIATIONS,
                DEFAULT_READ_TIMEOUT, DEFAULT_MAX_PDU_LENGTH, Optional.empty());
    }

    /** The server part of the node's configuration, which {@code ConfigLoader} has validated. */
    public static DicomServerConfig from(LivernodeConfig.Node node) {
        List<AllowedCaller> callers = node.allowedCallers().stream()
                .map(c -> new AllowedCaller(c.aeTitle(), c.addresses().stream().map(AddressRange::parse).toList())).toList();
        Optional<TlsConfig> tls = Optional.ofNullable(node.tls()).map(t -> new TlsConfig(t.port(), t.keyStore(), t.keyStorePassword(),
                Optional.ofNullable(t.trustStore()), t.trustStorePassword() == null ? "" : t.trustStorePassword(),
                ClientAuth.valueOf(t.clientAuth().toUpperCase(Locale.ROOT))));
        return new DicomServerConfig(node.aeTitle(), node.bindAddress(), node.port(), Set.copyOf(node.allowedCallingAeTitles()), callers,
                NonCtInstances.valueOf(node.nonCtInstances().toUpperCase(Locale.ROOT)), node.maxAssociations(), DEFAULT_READ_TIMEOUT,
                DEFAULT_MAX_PDU_LENGTH, tls);
    }

    public DicomServerConfig withAllowedCallingAeTitles(Collection<String> titles) {
        return new DicomServerConfig(aeTitle, bindAddress, port, Set.copyOf(titles), allowedCallers, nonCtInstances, maxAssociations,
                readTimeout, maxPduLength, tls);
    }

    public DicomServerConfig withAllowedCallers(List<AllowedCaller> callers) {
        return new DicomServerConfig(aeTitle, bindAddress, port, allowedCallingAeTitles, callers, nonCtInstances, maxAssociations,
                readTimeout, maxPduLength, tls);
    }

    public DicomServerConfig withNonCtInstances(NonCtInstances choice) {
        return new DicomServerConfig(aeTitle, bindAddress, port, allowedCallingAeTitles, allowedCallers, choice, maxAssociations,
                readTimeout, maxPduLength, tls);
    }

    public DicomServerConfig withMaxAssociations(int max) {
        return new DicomServerConfig(aeTitle, bindAddress, port, allowedCallingAeTitles, allowedCallers, nonCtInstances, max,
                readTimeout, maxPduLength, tls);
    }

    public DicomServerConfig withReadTimeout(Duration timeout) {
        return new DicomServerConfig(aeTitle, bindAddress, port, allowedCallingAeTitles, allowedCallers, nonCtInstances, maxAssociations,
                timeout, maxPduLength, tls);
    }

    public DicomServerConfig withTls(TlsConfig tlsPort) {
        return new DicomServerConfig(aeTitle, bindAddress, port, allowedCallingAeTitles, allowedCallers, nonCtInstances, maxAssociations,
                readTimeout, maxPduLength, Optional.of(tlsPort));
    }

    /** AE titles compare without their leading and trailing spaces, which are padding (PS3.5 6.2). */
    private static String checkAeTitle(String title, String what) {
        String stripped = Objects.requireNonNull(title, what).strip();
        if (!AssociationPolicy.isValidAeTitle(stripped)) {
            throw new IllegalArgumentException(what + " must be 1 to 16 printable ASCII characters without backslash: '" + title + "'");
        }
        return stripped;
    }
}
