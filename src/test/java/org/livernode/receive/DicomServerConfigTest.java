package org.livernode.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.config.ConfigLoader;
import org.livernode.net.AddressRange;
import org.livernode.net.Tls.ClientAuth;
import org.livernode.testing.TestPki;

class DicomServerConfigTest {

    @Test
    void nodeConfigurationBecomesTheServers(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir, "livernode test CA");
        DicomServerConfig config = ConfigLoader.parse("""
                node:
                  aeTitle: LIVER1
                  bindAddress: 127.0.0.1
                  port: 11112
                  allowedCallingAeTitles: [PACS]
                  allowedCallers: [{ aeTitle: CT1, addresses: [10.0.0.5, 192.168.1.0/24] }]
                  maxAssociations: 3
                  nonCtInstances: reject
                  tls: { port: 2762, keyStore: %s, keyStorePassword: %s, trustStore: %s, trustStorePassword: %s, clientAuth: optional }
                """.formatted(pki.serverKeyStore(), TestPki.PASSWORD, pki.trustStore(), TestPki.PASSWORD), "t").node().dicomServer();
        assertEquals("LIVER1", config.aeTitle());
        assertEquals(11112, config.port());
        assertEquals(Set.of("PACS"), config.allowedCallingAeTitles());
        assertEquals(List.of(new AllowedCaller("CT1", List.of(AddressRange.parse("10.0.0.5"), AddressRange.parse("192.168.1.0/24")))),
                config.allowedCallers());
        assertEquals(3, config.maxAssociations());
        assertEquals(NonCtInstances.REJECT, config.nonCtInstances());
        assertEquals(Optional.of(new TlsConfig(2762, pki.serverKeyStore(), TestPki.PASSWORD, Optional.of(pki.trustStore()), TestPki.PASSWORD,
                ClientAuth.OPTIONAL)), config.tls());
    }

    @Test
    void defaultsAcceptEveryoneOnOnePlainPort() throws Exception {
        DicomServerConfig config = ConfigLoader.parse("", "t").node().dicomServer();
        assertTrue(config.allowedCallingAeTitles().isEmpty() && config.allowedCallers().isEmpty());
        assertEquals(NonCtInstances.ACCEPT, config.nonCtInstances());
        assertEquals(DicomServerConfig.DEFAULT_MAX_ASSOCIATIONS, config.maxAssociations());
        assertEquals(Optional.empty(), config.tls());
    }
}
