package org.livernode.receive;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.livernode.dicom.AeTitleSyntax;

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

    /** AE titles compare without their leading and trailing spaces, which are padding (PS3.5 6.2). */
    private static String checkAeTitle(String title, String what) {
        String stripped = Objects.requireNonNull(title, what).strip();
        if (!AeTitleSyntax.isAeTitle(stripped)) {
            throw new IllegalArgumentException(what + " must be " + AeTitleSyntax.RULE + ": '" + title + "'");
        }
        return stripped;
    }
}
