package org.livernode.receive;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link DicomServerConfig} a test needs: {@link RunningServer#AE_TITLE} on 127.0.0.1 and a given port with the
 * server's defaults (any caller, every storage SOP class, no TLS), changed where the test says.
 */
public final class ServerConfigBuilder {
    private final int port;
    private Set<String> allowedCallingAeTitles = Set.of();
    private List<AllowedCaller> allowedCallers = List.of();
    private NonCtInstances nonCtInstances = NonCtInstances.ACCEPT;
    private int maxAssociations = DicomServerConfig.DEFAULT_MAX_ASSOCIATIONS;
    private Duration readTimeout = DicomServerConfig.DEFAULT_READ_TIMEOUT;
    private Optional<TlsConfig> tls = Optional.empty();

    public ServerConfigBuilder(int port) {
        this.port = port;
    }

    public ServerConfigBuilder withAllowedCallingAeTitles(Collection<String> titles) {
        allowedCallingAeTitles = Set.copyOf(titles);
        return this;
    }

    public ServerConfigBuilder withAllowedCallers(List<AllowedCaller> callers) {
        allowedCallers = List.copyOf(callers);
        return this;
    }

    public ServerConfigBuilder withNonCtInstances(NonCtInstances choice) {
        nonCtInstances = choice;
        return this;
    }

    public ServerConfigBuilder withMaxAssociations(int max) {
        maxAssociations = max;
        return this;
    }

    public ServerConfigBuilder withReadTimeout(Duration timeout) {
        readTimeout = timeout;
        return this;
    }

    public ServerConfigBuilder withTls(TlsConfig tlsPort) {
        tls = Optional.of(tlsPort);
        return this;
    }

    public DicomServerConfig build() {
        return new DicomServerConfig(RunningServer.AE_TITLE, "127.0.0.1", port, allowedCallingAeTitles, allowedCallers, nonCtInstances,
                maxAssociations, readTimeout, DicomServerConfig.DEFAULT_MAX_PDU_LENGTH, tls);
    }
}
