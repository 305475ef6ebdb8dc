package org.livernode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.livernode.export.Destination;
import org.livernode.inference.Device;
import org.livernode.net.AddressRange;
import org.livernode.net.ClientTls;
import org.livernode.net.Tls.ClientAuth;
import org.livernode.output.OutputType;
import org.livernode.output.seg.EmptyFrames;
import org.livernode.receive.AllowedCaller;
import org.livernode.receive.DicomServerConfig;
import org.livernode.receive.NonCtInstances;
import org.livernode.receive.TlsConfig;
import org.livernode.routing.ReviewPolicy;
import org.livernode.routing.RoutingRule;
import org.livernode.routing.SeriesCriteria;
import org.livernode.testing.TestPki;

class ConfigLoaderTest {

    private static final String FULL = """
            node:   { aeTitle: LIVERNODE, bindAddress: 127.0.0.1, port: 11112, allowedCallingAeTitles: [CT1], spoolDir: var/spool }
            series: { idleTimeoutSeconds: 2.5, completeOnRelease: false }
            inference: { model: models/liver.onnx, device: cpu }
            outputs: [seg]
            seg: { emptyFrames: include }
            destinations:
              - { name: pacs, aeTitle: ORTHANC, host: 127.0.0.1, port: 4242 }
            """;

    @Test
    void readsTheDocumentedShape() throws ConfigException {
        LivernodeConfig config = ConfigLoader.parse(FULL, "test.yaml");
        assertEquals("127.0.0.1", config.node().bindAddress());
        assertEquals(Set.of("CT1"), config.node().allowedCallingAeTitles());
        assertEquals(Duration.ofMillis(2500), config.series().idleTimeout());
        assertFalse(config.series().completeOnRelease());
        assertEquals(Device.CPU, config.inference().device());
        assertEquals(Set.of(OutputType.SEG), config.outputs());
        assertEquals(EmptyFrames.INCLUDE, config.seg().emptyFrames());
        assertEquals(List.of(new Destination("pacs", "ORTHANC", "127.0.0.1", 4242)), config.destinations());
    }

    @Test
    void readsTheInboundKeys() throws ConfigException {
        LivernodeConfig config = ConfigLoader.parse("""
                node:
                  allowedCallingAeTitles: [PACS]
                  allowedCallers:
                    - { aeTitle: CT1, addresses: [10.0.0.5, 192.168.1.0/24] }
                  maxAssociations: 4
                  minFreeSpaceMiB: 2048
                  maxInstancesPerSeries: 3000
                  nonCtInstances: reject
                logging: { patientIdentifiers: true }
                """, "test.yaml");
        LivernodeConfig.Node node = config.node();
        assertEquals(List.of(new AllowedCaller("CT1", List.of(AddressRange.parse("10.0.0.5"), AddressRange.parse("192.168.1.0/24")))),
                node.allowedCallers());
        assertEquals(4, node.maxAssociations());
        assertEquals(2048, node.minFreeSpaceMiB());
        assertEquals(3000, node.maxInstancesPerSeries());
        assertEquals(NonCtInstances.REJECT, node.nonCtInstances());
        assertTrue(config.logging().patientIdentifiers());
    }

    @Test
    void absentKeysTakeDefaults() throws ConfigException {
        LivernodeConfig config = ConfigLoader.parse("node: { port: 104 }\n", "test.yaml");
        assertEquals("LIVERNODE", config.node().aeTitle());
        assertEquals(104, config.node().port());
        assertEquals(Duration.ofSeconds(5), config.series().idleTimeout());
        assertEquals(Duration.ofSeconds(1), config.series().releaseGrace());
        assertTrue(config.series().completeOnRelease());
        assertEquals(Path.of("models/liver.onnx"), config.inference().model());
        assertEquals(Device.AUTO, config.inference().device());
        assertEquals(Set.of(OutputType.SEG, OutputType.RTSTRUCT), config.outputs());
        assertEquals(EmptyFrames.OMIT, config.seg().emptyFrames());
        assertEquals(new LivernodeConfig.Export(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(24)), config.export());
        assertTrue(config.destinations().isEmpty());
        LivernodeConfig.Node node = config.node();
        assertEquals(List.of(), node.allowedCallers());
        assertEquals(16, node.maxAssociations());
        assertEquals(1024, node.minFreeSpaceMiB());
        assertEquals(10_000, node.maxInstancesPerSeries());
        assertEquals(NonCtInstances.ACCEPT, node.nonCtInstances());
        assertEquals(Optional.empty(), node.tls());
        assertTrue(node.fsync());
        assertFalse(config.logging().patientIdentifiers());
        assertEquals(20, config.series().minSlices());
        assertEquals(List.of(), config.rules());
        assertEquals(Optional.empty(), config.http(), "no HTTP endpoint unless configured");
        assertEquals(Path.of("var/spool/audit.jsonl"), config.audit().file(), "the audit log lies in the spool");
    }

    @Test
    void readsRulesHttpAndAudit() throws ConfigException {
        LivernodeConfig config = ConfigLoader.parse("""
                node: { spoolDir: /srv/spool }
                destinations:
                  - { name: pacs, aeTitle: ORTHANC, host: 127.0.0.1, port: 4242 }
                rules:
                  - name: liver
                    match: { callingAeTitle: CT1, modality: [CT], imageType: AXIAL, seriesDescription: "(?i)liver", bodyPartExamined: ABDOMEN,
                             minSlices: 30, maxSlices: 900 }
                    send: [{ destination: pacs, outputs: [seg, rtstruct, sr] }]
                    qc: hold
                http: { port: 8080 }
                audit: { file: /var/log/livernode/audit.jsonl }
                """, "t");
        RoutingRule liver = config.rules().get(0);
        assertEquals(1, config.rules().size());
        assertEquals("liver", liver.name());
        assertEquals(Map.of("pacs", Set.of(OutputType.SEG, OutputType.RTSTRUCT, OutputType.SR)), liver.destinations());
        assertEquals(ReviewPolicy.HOLD, liver.review());
        SeriesCriteria match = liver.criteria();
        assertEquals(Set.of("CT1"), match.callingAeTitles());
        assertEquals(Set.of("CT"), match.modalities());
        assertEquals(List.of("AXIAL"), match.imageType());
        assertEquals("(?i)liver", match.seriesDescription().orElseThrow().pattern());
        assertEquals(Set.of("ABDOMEN"), match.bodyPartsExamined());
        assertEquals(30, match.minSlices());
        assertEquals(OptionalInt.of(900), match.maxSlices());
        assertEquals(Optional.of(new LivernodeConfig.Http("127.0.0.1", 8080)), config.http());
        assertEquals(Path.of("/var/log/livernode/audit.jsonl"), config.audit().file());
        assertEquals(Path.of("/srv/spool/audit.jsonl"), ConfigLoader.parse("node: { spoolDir: /srv/spool }", "t").audit().file());
    }

    private static final String TWO_DESTINATIONS = """
            destinations:
              - { name: pacs, aeTitle: ORTHANC, host: 127.0.0.1, port: 4242 }
              - { name: planning, aeTitle: PLAN, host: 127.0.0.1, port: 4243 }
            """;

    /** The rejection of a configuration with two destinations and these rules. */
    private static String ruleRejection(String rules) {
        return rejection(TWO_DESTINATIONS + "rules:\n" + rules.indent(2));
    }

    @Test
    void badRulesAreNamedByPlaceNameAndKey() throws ConfigException {
        String ok = "- { name: first, send: [{ destination: pacs, outputs: [seg] }] }\n";
        assertEquals("t: rules[1] is empty: give name, match and send", ruleRejection(ok + "- null\n"));
        assertTrue(ruleRejection(ok + "- { send: [{ destination: pacs, outputs: [seg] }] }\n").startsWith("t: rules[1].name is missing"));
        assertTrue(ruleRejection(ok + ok).startsWith("t: rules[1] (first): name first is used by an earlier rule too"));
        assertTrue(ruleRejection("- { name: r, match: { seriesDescription: \"liver(\" }, send: [{ destination: pacs, outputs: [seg] }] }\n")
                .startsWith("t: rules[0] (r).match.seriesDescription is not a regular expression: "));
        assertTrue(ruleRejection("- { name: r, match: { callingAeTitle: [CT1, \"A\\\\B\"] }, send: [{ destination: pacs, outputs: [seg] }] }\n")
                .startsWith("t: rules[0].match.callingAeTitle[1] (rule r) must be an AE title"));
        assertTrue(ruleRejection("- { name: r, match: { modality: [CT, \"C-T\"] }, send: [{ destination: pacs, outputs: [seg] }] }\n")
                .startsWith("t: rules[0] (r).match.modality[1] must be a DICOM code string"));
        assertTrue(ruleRejection("- { name: r, match: { imageType: [\"\"] }, send: [{ destination: pacs, outputs: [seg] }] }\n")
                .startsWith("t: rules[0] (r).match.imageType[0] must be a DICOM code string"));
        assertTrue(ruleRejection("- { name: r, match: { bodyPartExamined: [ABDOMEN, LIVER/CHEST] }, send: [{ destination: pacs, outputs: [seg] }] }\n")
                .startsWith("t: rules[0] (r).match.bodyPartExamined[1] must be a DICOM code string"));
        assertTrue(ruleRejection("- { name: r, match: { minSlices: 0 }, send: [{ destination: pacs, outputs: [seg] }] }\n")
                .startsWith("t: rules[0] (r).match.minSlices must be at least 1"));
        assertTrue(ruleRejection("- { name: r, match: { maxSlices: 10 }, send: [{ destination: pacs, outputs: [seg] }] }\n")
                .startsWith("t: rules[0] (r).match.maxSlices 10 is below the rule's minimum of 20 (series.minSlices"));
        assertTrue(ruleRejection("- { name: r, match: { slices: 10 }, send: [{ destination: pacs, outputs: [seg] }] }\n")
                .contains("unknown key rules[0].match.slices"));
        assertTrue(ruleRejection("- { name: r }\n").startsWith("t: rules[0] (r).send is empty"));
        assertEquals("t: rules[0] (r).send[1].destination archive is not one of the destinations; configured: [pacs, planning]",
                ruleRejection("- { name: r, send: [{ destination: pacs, outputs: [seg] }, { destination: archive, outputs: [seg] }] }\n"));
        assertTrue(ruleRejection("- { name: r, send: [{ outputs: [seg] }] }\n").startsWith("t: rules[0] (r).send[0].destination is missing"));
        assertTrue(ruleRejection("- { name: r, send: [{ destination: pacs, outputs: [seg] }, { destination: pacs, outputs: [rtstruct] }] }\n")
                .startsWith("t: rules[0] (r).send[1].destination pacs is named twice in this rule"));
        assertTrue(ruleRejection("- { name: r, send: [{ destination: pacs }] }\n").startsWith("t: rules[0] (r).send[0].outputs is empty"));
        assertTrue(ruleRejection("- { name: r, send: [{ destination: pacs, outputs: [seg, pdf] }] }\n")
                .startsWith("t: rules[0] (r).send[0].outputs[1] is pdf; supported:"));
        assertEquals("t: rules[0] (r).send[0].outputs has sr without seg: the SR measures the SEG's segment, so list seg with it",
                ruleRejection("- { name: r, send: [{ destination: pacs, outputs: [rtstruct, sr] }] }\n"));
        assertEquals("t: rules[0] (r).qc is later; supported: [send, hold] (what becomes of results the quality check asks to review)",
                ruleRejection("- { name: r, send: [{ destination: pacs, outputs: [seg] }], qc: later }\n"));
        assertEquals(ReviewPolicy.SEND, ConfigLoader.parse(TWO_DESTINATIONS + "rules:\n  - { name: r, send: [{ destination: pacs, outputs: [seg] }] }\n",
                "t").rules().get(0).review(), "results to review are sent, marked, unless a rule holds them");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            http: { bindAddress: 127.0.0.1 }           | t: http.port must be a TCP port
            http: { port: 70000 }                      | t: http.port must be a TCP port
            http: { bindAddress: '', port: 8080 }      | t: http.bindAddress is empty
            series: { minSlices: 0 }                   | t: series.minSlices must be at least 1
            series: { completeOnRelease: sometimes }   | t: key series.completeOnRelease has an invalid value
            audit: { path: x }                         | t: unknown key audit.path
            node: { maxAssociations: 0 }               | t: node.maxAssociations must be between 1 and
            node: { maxAssociations: 5000 }            | t: node.maxAssociations must be between 1 and
            node: { minFreeSpaceMiB: -1 }              | t: node.minFreeSpaceMiB must be between 0 and
            node: { minFreeSpaceMiB: 10 GB }           | t: key node.minFreeSpaceMiB has an invalid value
            node: { maxInstancesPerSeries: 0 }         | t: node.maxInstancesPerSeries must be at least 1
            node: { nonCtInstances: store }            | t: node.nonCtInstances must be
            logging: { patientIdentifiers: maybe }     | t: key logging.patientIdentifiers has an invalid value
            """)
    void badKeysAreNamed(String yaml, String messageStart) {
        String message = rejection(yaml + "\n");
        assertTrue(message.startsWith(messageStart), message);
    }

    /** The one-line message of the configuration's rejection. */
    private static String rejection(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "t"));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void badAllowedCallersAreNamed() {
        assertTrue(rejection("node: { allowedCallers: [{ aeTitle: CT1, addresses: [10.0.0.5, ct1.hospital.local] }] }\n")
                .contains("node.allowedCallers[0].addresses[1]"));
        assertTrue(rejection("node: { allowedCallers: [{ aeTitle: CT1, addresses: [192.168.1.5/24] }] }\n")
                .contains("192.168.1.0/24"));
        assertTrue(rejection("node: { allowedCallers: [{ aeTitle: CT1 }] }\n").contains("node.allowedCallers[0].addresses is empty"));
        assertTrue(rejection("node: { allowedCallers: [{ addresses: [10.0.0.5] }] }\n").contains("node.allowedCallers[0].aeTitle"));
        assertTrue(rejection("node: { allowedCallers: [null] }\n").contains("node.allowedCallers[0] is empty"));
        assertTrue(rejection("node: { allowedCallingAeTitles: [CT1], allowedCallers: [{ aeTitle: CT1, addresses: [10.0.0.5] }] }\n")
                .contains("node.allowedCallers[0].aeTitle CT1 is listed twice"));
        assertTrue(rejection("node: { allowedCallers: [{ aeTitle: CT1, adresses: [10.0.0.5] }] }\n")
                .contains("unknown key node.allowedCallers[0].adresses"));
    }

    @Test
    void tlsKeysAreCheckedDownToTheKeyStore(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "livernode test CA");
        String keyStore = pki.serverKeyStore().toString();
        String trustStore = pki.trustStore().toString();
        LivernodeConfig config = ConfigLoader.parse("node: { tls: { port: 2762, keyStore: %s, keyStorePassword: %s, trustStore: %s, trustStorePassword: %s, clientAuth: required } }\n"
                .formatted(keyStore, TestPki.PASSWORD, trustStore, TestPki.PASSWORD), "t");
        assertEquals(Optional.of(new TlsConfig(2762, Path.of(keyStore), TestPki.PASSWORD, Optional.of(Path.of(trustStore)), TestPki.PASSWORD,
                ClientAuth.REQUIRED)), config.node().tls());
        assertEquals(ClientAuth.NONE, ConfigLoader.parse("node: { tls: { port: 2762, keyStore: %s, keyStorePassword: %s } }\n"
                .formatted(keyStore, TestPki.PASSWORD), "t").node().tls().orElseThrow().clientAuth());

        String tls = "node: { port: 104, tls: { port: %s, keyStore: %s, keyStorePassword: %s%s } }\n";
        assertTrue(rejection(tls.formatted(104, keyStore, TestPki.PASSWORD, "")).contains("node.tls.port 104 is node.port too"));
        assertTrue(rejection(tls.formatted(0, keyStore, TestPki.PASSWORD, "")).contains("node.tls.port"));
        assertTrue(rejection(tls.formatted(2762, dir.resolve("absent.p12"), TestPki.PASSWORD, "")).contains("node.tls.keyStore"));
        assertTrue(rejection(tls.formatted(2762, keyStore, "wrong", "")).contains("node.tls.keyStore " + keyStore + " cannot be used"));
        assertTrue(rejection(tls.formatted(2762, trustStore, TestPki.PASSWORD, "")).contains("holds no private key"));
        assertEquals("t: node.tls.clientAuth must be none, optional or required, got sometimes",
                rejection(tls.formatted(2762, keyStore, TestPki.PASSWORD, ", clientAuth: sometimes")));
        assertTrue(rejection(tls.formatted(2762, keyStore, TestPki.PASSWORD, ", clientAuth: required"))
                .contains("node.tls.trustStore is needed when node.tls.clientAuth is required"));
        assertTrue(rejection(tls.formatted(2762, keyStore, TestPki.PASSWORD, ", trustStore: " + trustStore + ", trustStorePassword: x"))
                .contains("node.tls.trustStore is set but node.tls.clientAuth is none"));
        assertTrue(rejection(tls.formatted(2762, keyStore, TestPki.PASSWORD, ", clientAuth: optional, trustStore: " + trustStore))
                .contains("node.tls.trustStorePassword is missing"));
        assertTrue(rejection("node: { tls: { port: 2762 } }\n").contains("node.tls.keyStore"));
    }

    @Test
    void destinationTlsKeysAreCheckedDownToTheStores(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "livernode test CA");
        pki.issueClient("livernode");
        Path trustStore = pki.trustStore();
        Path keyStore = pki.clientKeyStore("livernode");
        String destination = "destinations:\n  - { name: pacs, aeTitle: PACS, host: pacs.example, port: 2762, tls: { %s } }\n";
        LivernodeConfig config = ConfigLoader.parse(destination.formatted("trustStore: %s, trustStorePassword: %s, keyStore: %s, keyStorePassword: %s"
                .formatted(trustStore, TestPki.PASSWORD, keyStore, TestPki.PASSWORD)), "t");
        ClientTls mutual = new ClientTls(trustStore, TestPki.PASSWORD, Optional.of(keyStore), TestPki.PASSWORD, true);
        assertEquals(List.of(new Destination("pacs", "PACS", "pacs.example", 2762, Optional.of(mutual))), config.destinations());
        assertFalse(mutual.toString().contains(TestPki.PASSWORD), "passwords stay out of log lines: " + mutual);
        ClientTls serverOnly = ConfigLoader.parse(destination.formatted("trustStore: %s, trustStorePassword: %s, verifyHostname: false"
                .formatted(trustStore, TestPki.PASSWORD)), "t").destinations().get(0).tls().orElseThrow();
        assertEquals(new ClientTls(trustStore, TestPki.PASSWORD, Optional.empty(), "", false), serverOnly);

        String trust = "trustStore: %s, trustStorePassword: %s".formatted(trustStore, TestPki.PASSWORD);
        assertTrue(rejection(destination.formatted("")).startsWith("t: destinations[0] (pacs).tls.trustStore and destinations[0] (pacs)"
                + ".tls.trustStorePassword are needed"));
        assertTrue(rejection(destination.formatted("trustStore: " + trustStore)).contains("destinations[0] (pacs).tls.trustStorePassword"));
        assertEquals("t: destinations[0] (pacs).tls.trustStore " + dir.resolve("absent.p12") + " does not exist", rejection(destination.formatted(
                "trustStore: %s, trustStorePassword: %s".formatted(dir.resolve("absent.p12"), TestPki.PASSWORD))));
        assertTrue(rejection(destination.formatted("trustStore: %s, trustStorePassword: wrong".formatted(trustStore)))
                .startsWith("t: destinations[0] (pacs).tls.trustStore " + trustStore + " cannot be used: "));
        assertTrue(rejection(destination.formatted(trust + ", keyStore: " + keyStore))
                .startsWith("t: destinations[0] (pacs).tls.keyStorePassword is missing"));
        assertTrue(rejection(destination.formatted(trust + ", keyStorePassword: x"))
                .startsWith("t: destinations[0] (pacs).tls.keyStorePassword is set but destinations[0] (pacs).tls.keyStore is missing"));
        assertTrue(rejection(destination.formatted(trust + ", keyStore: %s, keyStorePassword: wrong".formatted(keyStore)))
                .startsWith("t: destinations[0] (pacs).tls.keyStore " + keyStore + " cannot be used: "));
        assertTrue(rejection(destination.formatted(trust + ", keyStore: %s, keyStorePassword: %s".formatted(trustStore, TestPki.PASSWORD)))
                .contains("holds no private key"));
        assertTrue(rejection(destination.formatted(trust + ", verifyHostname: sometimes")).contains("destinations[0].tls.verifyHostname"));
        assertTrue(rejection(destination.formatted(trust + ", clientAuth: required")).contains("unknown key destinations[0].tls.clientAuth"));
    }

    @Test
    void unknownKeyIsNamedWithItsPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("node: { prot: 104 }\n", "test.yaml"));
        assertTrue(e.getMessage().contains("unknown key node.prot"), e.getMessage());
        assertTrue(e.getMessage().contains("port"), "lists the known keys: " + e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void portOutOfRangeIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("node: { port: 70000 }\n", "test.yaml"));
        assertTrue(e.getMessage().contains("node.port"), e.getMessage());
        ConfigException d = assertThrows(ConfigException.class, () -> ConfigLoader.parse(
                "destinations:\n  - { name: pacs, aeTitle: ORTHANC, host: h, port: 0 }\n", "test.yaml"));
        assertTrue(d.getMessage().contains("destinations[0].port"), d.getMessage());
    }

    @Test
    void wrongTypeIsNamed() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("node: { port: abc }\n", "test.yaml"));
        assertTrue(e.getMessage().contains("node.port"), e.getMessage());
    }

    @Test
    void everyChoiceIsReadAsItsEnumAndABadOneIsNamedWithTheAlternatives() {
        assertEquals("t: node.nonCtInstances must be accept or reject, got store", rejection("node: { nonCtInstances: store }\n"));
        assertEquals("t: inference.device must be one of auto, cpu, cuda; got tpu", rejection("inference: { device: tpu }\n"));
        assertEquals("t: seg.emptyFrames must be omit or include, got sometimes", rejection("seg: { emptyFrames: sometimes }\n"));
        assertEquals("t: outputs[1] is pdf; supported: [seg, rtstruct, sr]", rejection("outputs: [seg, pdf]\n"));
        assertEquals("t: outputs is empty: list at least one of [seg, rtstruct, sr]", rejection("outputs: []\n"));
        assertEquals("t: outputs has sr without seg: the SR measures the SEG's segment, so list seg with it", rejection("outputs: [sr]\n"));
        assertEquals("t: inference.device must be one of auto, cpu, cuda; got CPU", rejection("inference: { device: CPU }\n"),
                "names are written in lower case, as documented");
        assertEquals(Optional.of(Device.CUDA), ConfigLoader.choice(Device.class, "cuda"));
        assertEquals(Optional.empty(), ConfigLoader.choice(Device.class, "gpu"));
    }

    @Test
    void secondsBecomeDurations() throws ConfigException {
        LivernodeConfig config = ConfigLoader.parse("""
                series: { idleTimeoutSeconds: 0.25, releaseGraceSeconds: 3 }
                export: { retryFirstDelaySeconds: 1.5, retryMaxDelaySeconds: 60, giveUpAfterHours: 0.5 }
                """, "t");
        assertEquals(new LivernodeConfig.Series(Duration.ofMillis(250), Duration.ofSeconds(3), true, 20), config.series());
        assertEquals(new LivernodeConfig.Export(Duration.ofMillis(1500), Duration.ofMinutes(1), Duration.ofMinutes(30)), config.export());
    }

    /** Every key that holds an AE title: node.aeTitle, the allow-lists, destinations and rules. */
    private static final List<String> AE_TITLE_KEYS = List.of(
            "node: { aeTitle: %s }\n",
            "node: { allowedCallingAeTitles: [%s] }\n",
            "node: { allowedCallers: [{ aeTitle: %s, addresses: [10.0.0.5] }] }\n",
            "destinations: [{ name: pacs, aeTitle: %s, host: h, port: 104 }]\n",
            "destinations: [{ name: pacs, aeTitle: A, host: h, port: 104 }]\nrules: [{ name: r, match: { callingAeTitle: [%s] },"
                    + " send: [{ destination: pacs, outputs: [seg] }] }]\n");

    @Test
    void everyAeTitleKeyFollowsTheOneRule() throws ConfigException {
        for (String yaml : AE_TITLE_KEYS) {
            for (String good : List.of("CT1", "'SIXTEEN_CHARS_16'", "'ROOM 2 CT'", "' PADDED '")) {
                ConfigLoader.parse(yaml.formatted(good), "t");
            }
            for (String bad : List.of("'SEVENTEEN_CHARS_7'", "'A\\\\B'", "'   '", "\"TAB\\tCT\"", "'CTÄ'", "''")) {
                String message = rejection(yaml.formatted(bad));
                assertTrue(message.contains("must be an AE title of 1 to 16 printable ASCII characters without backslash, got '"), message);
            }
        }
        assertEquals("t: destinations[0].aeTitle must be an AE title of 1 to 16 printable ASCII characters without backslash, got nothing",
                rejection("destinations: [{ name: pacs, host: h, port: 104 }]\n"));
    }

    @Test
    void theShippedConfigurationIsTyped() throws ConfigException {
        LivernodeConfig config = ConfigLoader.load(Path.of("conf/livernode.yaml"));
        DicomServerConfig server = config.node().dicomServer();
        assertEquals("LIVERNODE", server.aeTitle());
        assertEquals(11112, server.port());
        assertEquals(NonCtInstances.ACCEPT, server.nonCtInstances());
        assertEquals(Optional.empty(), server.tls());
        assertEquals(Device.AUTO, config.inference().device());
        assertEquals(List.of(new Destination("pacs", "ORTHANC", "127.0.0.1", 4242)), config.destinations());
        assertEquals(new LivernodeConfig.Export(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(24)), config.export());
    }

    @Test
    void duplicateDestinationNamesAreRejected() {
        String yaml = """
                destinations:
                  - { name: pacs, aeTitle: A, host: h, port: 1 }
                  - { name: pacs, aeTitle: B, host: h, port: 2 }
                """;
        assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "t")).getMessage().contains("destinations[1].name"));
    }

    @Test
    void missingFileSaysWhatToDo() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Path.of("/nonexistent/livernode.yaml")));
        assertTrue(e.getMessage().contains("--config"), e.getMessage());
    }
}
