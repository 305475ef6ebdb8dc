package org.livernode.receive;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How the C-STORE SCP listens and whom it accepts.
 *
 * @param aeTitle the called AE title we answer to (1 to 16 characters)
 * @param bindAddress the local address to listen on: 127.0.0.1 for this host only, 0.0.0.0 for every interface
 * @param port TCP port; 0 picks a free one (see {@link DicomServer#port()})
 * @param allowedCallingAeTitles the calling AE titles accepted; empty accepts any
 * @param maxAssociations associations served at once; more are rejected as transient (local limit exceeded)
 * @param readTimeout how long an association may stay silent before we abort it
 * @param maxPduLength the maximum PDU length we announce, which bounds what a peer may send in one PDU
 */
public record DicomServerConfig(String aeTitle, String bindAddress, int port, Set<String> allowedCallingAeTitles,
        int maxAssociations, Duration readTimeout, int maxPduLength) {

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

    /** Accepts any calling AE, with the default limits. */
    public static DicomServerConfig of(String aeTitle, String bindAddress, int port) {
        return new DicomServerConfig(aeTitle, bindAddress, port, Set.of(), DEFAULT_MAX_ASSOCIATIONS, DEFAULT_READ_TIMEOUT,
                DEFAULT_MAX_PDU_LENGTH);
    }

    public DicomServerConfig withAllowedCallingAeTitles(Collection<String> titles) {
        return new DicomServerConfig(aeTitle, bindAddress, port, Set.copyOf(titles), maxAssociations, readTimeout, maxPduLength);
    }

    public DicomServerConfig withMaxAssociations(int max) {
        return new DicomServerConfig(aeTitle, bindAddress, port, allowedCallingAeTitles, max, readTimeout, maxPduLength);
    }

    public DicomServerConfig withReadTimeout(Duration timeout) {
        return new DicomServerConfig(aeTitle, bindAddress, port, allowedCallingAeTitles, maxAssociations, timeout, maxPduLength);
    }

    /** AE titles compare without their leading and trailing spaces, which are padding (PS3.5 6.2). */
    private static String checkAeTitle(String title, String what) {
        String stripped = Objects.requireNonNull(title, what).strip();
        if (stripped.isEmpty() || stripped.length() > 16 || !stripped.chars().allMatch(c -> c >= 0x20 && c < 0x7F && c != '\\')) {
            throw new IllegalArgumentException(what + " must be 1 to 16 printable ASCII characters without backslash: '" + title + "'");
        }
        return stripped;
    }
}
