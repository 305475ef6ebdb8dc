package org.livernode.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.livernode.net.AddressRange;
import org.livernode.net.Tls;

/** Reads the YAML configuration and checks it, so that a bad value stops startup with one clear line. */
public final class ConfigLoader {

    public static final Set<String> OUTPUT_TYPES = Set.of("seg", "rtstruct");
    public static final Set<String> DEVICES = Set.of("auto", "cpu", "cuda");
    public static final Set<String> EMPTY_FRAMES = Set.of("omit", "include");
    public static final Set<String> NON_CT_INSTANCES = Set.of("accept", "reject");
    public static final Set<String> CLIENT_AUTH = Set.of("none", "optional", "required");
    /** DICOM code strings as rules name them; case does not matter. */
    private static final Pattern CODE_STRING = Pattern.compile("[A-Za-z0-9 _]{1,16}");
    /** One thread per association; beyond this many a host would rather queue than thrash. */
    static final int MAX_ASSOCIATIONS = 1000;
    /** 1 PiB: a larger minimum is a typo. */
    static final long MAX_MIN_FREE_SPACE_MIB = 1L << 30;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // "modality: CT" as well as "modality: [CT, PT]"
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);

    private ConfigLoader() {}

    public static LivernodeConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist: pass --config with the path of a livernode.yaml");
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses and validates configuration text; {@code source} names it in messages. */
    public static LivernodeConfig parse(String text, String source) throws ConfigException {
        LivernodeConfig config;
        try {
            config = text.isBlank() ? new LivernodeConfig(null, null, null, null, null, null, null, null, null, null, null)
                    : YAML.readValue(text, LivernodeConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(source + ": unknown key " + path(e) + " (known keys here: "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")", e);
        } catch (JsonMappingException e) {
            throw new ConfigException(source + ": key " + path(e) + " has an invalid value: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid YAML at line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage(), e);
        }
        validate(config, source);
        return config;
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static void validate(LivernodeConfig config, String source) throws ConfigException {
        LivernodeConfig.Node node = config.node();
        aeTitle(node.aeTitle(), "node.aeTitle", source);
        if (node.bindAddress().isBlank()) {
            throw new ConfigException(source + ": node.bindAddress is empty: use an address such as 0.0.0.0 or 127.0.0.1");
        }
        port(node.port(), "node.port", source);
        Set<String> callers = new HashSet<>();
        for (int i = 0; i < node.allowedCallingAeTitles().size(); i++) {
            aeTitle(node.allowedCallingAeTitles().get(i), "node.allowedCallingAeTitles[" + i + "]", source);
            callers.add(node.allowedCallingAeTitles().get(i).strip());
        }
        for (int i = 0; i < node.allowedCallers().size(); i++) {
            allowedCaller(node.allowedCallers().get(i), "node.allowedCallers[" + i + "]", callers, source);
        }
        if (node.maxAssociations() < 1 || node.maxAssociations() > MAX_ASSOCIATIONS) {
            throw new ConfigException(source + ": node.maxAssociations must be between 1 and " + MAX_ASSOCIATIONS + ", got " + node.maxAssociations());
        }
        if (node.minFreeSpaceMiB() < 0 || node.minFreeSpaceMiB() > MAX_MIN_FREE_SPACE_MIB) {
            throw new ConfigException(source + ": node.minFreeSpaceMiB must be between 0 and " + MAX_MIN_FREE_SPACE_MIB + " (MiB), got "
                    + node.minFreeSpaceMiB());
        }
        if (node.maxInstancesPerSeries() < 1) {
            throw new ConfigException(source + ": node.maxInstancesPerSeries must be at least 1, got " + node.maxInstancesPerSeries());
        }
        if (!NON_CT_INSTANCES.contains(node.nonCtInstances())) {
            throw new ConfigException(source + ": node.nonCtInstances must be accept or reject, got " + node.nonCtInstances());
        }
        if (node.tls() != null) {
            tls(node.tls(), node.port(), source);
        }
        double grace = config.series().releaseGraceSeconds();
        if (!(grace > 0) || grace > 86_400) {
            throw new ConfigException(source + ": series.releaseGraceSeconds must be between 0 and 86400 seconds, got " + grace);
        }
        double idle = config.series().idleTimeoutSeconds();
        if (!(idle > 0) || idle > 86_400) {
            throw new ConfigException(source + ": series.idleTimeoutSeconds must be between 0 and 86400 seconds, got " + idle);
        }
        if (config.series().minSlices() < 1) {
            throw new ConfigException(source + ": series.minSlices must be at least 1, got " + config.series().minSlices());
        }
        if (!DEVICES.contains(config.inference().device())) {
            throw new ConfigException(source + ": inference.device must be one of auto, cpu, cuda; got " + config.inference().device());
        }
        if (config.outputs().isEmpty()) {
            throw new ConfigException(source + ": outputs is empty: list at least one of " + OUTPUT_TYPES);
        }
        outputTypes(config.outputs(), source + ": outputs");
        if (!EMPTY_FRAMES.contains(config.seg().emptyFrames())) {
            throw new ConfigException(source + ": seg.emptyFrames must be omit or include, got " + config.seg().emptyFrames());
        }
        LivernodeConfig.Export export = config.export();
        if (!(export.retryFirstDelaySeconds() > 0)) {
            throw new ConfigException(source + ": export.retryFirstDelaySeconds must be positive, got " + export.retryFirstDelaySeconds());
        }
        if (!(export.retryMaxDelaySeconds() >= export.retryFirstDelaySeconds())) {
            throw new ConfigException(source + ": export.retryMaxDelaySeconds must be at least export.retryFirstDelaySeconds, got "
                    + export.retryMaxDelaySeconds());
        }
        if (!(export.giveUpAfterHours() > 0)) {
            throw new ConfigException(source + ": export.giveUpAfterHours must be positive, got " + export.giveUpAfterHours());
        }
        Set<String> names = new HashSet<>();
        List<LivernodeConfig.Destination> destinations = config.destinations();
        for (int i = 0; i < destinations.size(); i++) {
            LivernodeConfig.Destination d = destinations.get(i);
            String key = "destinations[" + i + "]";
            if (d == null) {
                throw new ConfigException(source + ": " + key + " is empty");
            }
            if (d.name() == null || d.name().isBlank()) {
                throw new ConfigException(source + ": " + key + ".name is missing");
            }
            if (!names.add(d.name())) {
                throw new ConfigException(source + ": " + key + ".name " + d.name() + " is used twice");
            }
            aeTitle(d.aeTitle(), key + ".aeTitle", source);
            if (d.host() == null || d.host().isBlank()) {
                throw new ConfigException(source + ": " + key + ".host is missing");
            }
            port(d.port(), key + ".port", source);
        }
        Set<String> ruleNames = new HashSet<>();
        for (int i = 0; i < config.rules().size(); i++) {
            rule(config.rules().get(i), i, names, ruleNames, config.series().minSlices(), source);
        }
        if (config.http() != null) {
            if (config.http().bindAddress().isBlank()) {
                throw new ConfigException(source + ": http.bindAddress is empty: use 127.0.0.1 (this host only) or the address to serve /metrics on");
            }
            port(config.http().port(), "http.port", source);
        }
    }

    /** Messages name the rule by its place in the list and, once known, by its name. */
    private static void rule(LivernodeConfig.Rule rule, int index, Set<String> destinations, Set<String> ruleNames, int defaultMinSlices,
            String source) throws ConfigException {
        String key = "rules[" + index + "]";
        if (rule == null) {
            throw new ConfigException(source + ": " + key + " is empty: give name, match and send");
        }
        if (rule.name() == null || rule.name().isBlank()) {
            throw new ConfigException(source + ": " + key + ".name is missing: every rule needs a name, used in logs and the audit log");
        }
        String where = source + ": " + key + " (" + rule.name() + ")";
        if (!ruleNames.add(rule.name())) {
            throw new ConfigException(where + ": name " + rule.name() + " is used by an earlier rule too");
        }
        LivernodeConfig.Match match = rule.match();
        for (int i = 0; i < match.callingAeTitle().size(); i++) {
            aeTitle(match.callingAeTitle().get(i), key + ".match.callingAeTitle[" + i + "] (rule " + rule.name() + ")", source);
        }
        codeStrings(match.modality(), ".match.modality", where);
        codeStrings(match.imageType(), ".match.imageType", where);
        codeStrings(match.bodyPartExamined(), ".match.bodyPartExamined", where);
        if (match.seriesDescription() != null) {
            try {
                Pattern.compile(match.seriesDescription());
            } catch (PatternSyntaxException e) {
                throw new ConfigException(where + ".match.seriesDescription is not a regular expression: "
                        + e.getDescription() + " near index " + e.getIndex(), e);
            }
        }
        if (match.minSlices() != null && match.minSlices() < 1) {
            throw new ConfigException(where + ".match.minSlices must be at least 1, got " + match.minSlices());
        }
        int minSlices = match.minSlices() == null ? defaultMinSlices : match.minSlices();
        if (match.maxSlices() != null && match.maxSlices() < minSlices) {
            throw new ConfigException(where + ".match.maxSlices " + match.maxSlices() + " is below the rule's minimum of " + minSlices
                    + (match.minSlices() == null ? " (series.minSlices; set match.minSlices to lower it)" : " (match.minSlices)")
                    + ": no series could match");
        }
        if (rule.send().isEmpty()) {
            throw new ConfigException(where + ".send is empty: list where the results go, e.g. [{ destination: pacs, outputs: [seg] }]");
        }
        Set<String> sentTo = new HashSet<>();
        for (int i = 0; i < rule.send().size(); i++) {
            LivernodeConfig.Send send = rule.send().get(i);
            String sendKey = where + ".send[" + i + "]";
            if (send == null) {
                throw new ConfigException(sendKey + " is empty: give destination and outputs");
            }
            if (send.destination() == null || !destinations.contains(send.destination())) {
                throw new ConfigException(sendKey + ".destination " + (send.destination() == null ? "is missing" : send.destination()
                        + " is not one of the destinations") + "; configured: " + destinations.stream().sorted().toList());
            }
            if (!sentTo.add(send.destination())) {
                throw new ConfigException(sendKey + ".destination " + send.destination() + " is named twice in this rule: list its outputs once");
            }
            outputTypes(send.outputs(), sendKey + ".outputs");
        }
    }

    /** @param where the source and the key, as messages begin */
    private static void outputTypes(List<String> outputs, String where) throws ConfigException {
        if (outputs.isEmpty()) {
            throw new ConfigException(where + " is empty: list at least one of " + OUTPUT_TYPES);
        }
        for (int i = 0; i < outputs.size(); i++) {
            if (!OUTPUT_TYPES.contains(outputs.get(i))) {
                throw new ConfigException(where + "[" + i + "] is " + outputs.get(i) + "; supported: " + OUTPUT_TYPES);
            }
        }
    }

    /** Modality, ImageType and BodyPartExamined values: DICOM code strings, compared without regard to case. */
    private static void codeStrings(List<String> values, String key, String where) throws ConfigException {
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || !CODE_STRING.matcher(value).matches()) {
                throw new ConfigException(where + key + "[" + i + "] must be a DICOM code string (up to 16 letters, digits, spaces or"
                        + " underscores), got " + (value == null ? "nothing" : "'" + value + "'"));
            }
        }
    }

    private static void allowedCaller(LivernodeConfig.AllowedCaller caller, String key, Set<String> callers, String source)
            throws ConfigException {
        if (caller == null) {
            throw new ConfigException(source + ": " + key + " is empty: give aeTitle and addresses");
        }
        aeTitle(caller.aeTitle(), key + ".aeTitle", source);
        if (!callers.add(caller.aeTitle().strip())) {
            throw new ConfigException(source + ": " + key + ".aeTitle " + caller.aeTitle()
                    + " is listed twice in node.allowedCallingAeTitles and node.allowedCallers: list each calling AE title once");
        }
        if (caller.addresses().isEmpty()) {
            throw new ConfigException(source + ": " + key + ".addresses is empty: list IP addresses or CIDR blocks such as 10.0.0.5 or 192.168.1.0/24"
                    + " (or move the title to node.allowedCallingAeTitles to accept it from anywhere)");
        }
        for (int i = 0; i < caller.addresses().size(); i++) {
            try {
                AddressRange.parse(caller.addresses().get(i));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source + ": " + key + ".addresses[" + i + "]: " + e.getMessage(), e);
            }
        }
    }

    private static void tls(LivernodeConfig.Tls tls, int plainPort, String source) throws ConfigException {
        port(tls.port(), "node.tls.port", source);
        if (tls.port() == plainPort) {
            throw new ConfigException(source + ": node.tls.port " + tls.port() + " is node.port too: TLS needs a port of its own (2762 is DICOM's)");
        }
        if (!CLIENT_AUTH.contains(tls.clientAuth())) {
            throw new ConfigException(source + ": node.tls.clientAuth must be none, optional or required, got " + tls.clientAuth());
        }
        if (tls.keyStore() == null || tls.keyStorePassword() == null) {
            throw new ConfigException(source + ": node.tls.keyStore and node.tls.keyStorePassword are needed: a PKCS #12 file with the node's"
                    + " private key and certificate, and its password");
        }
        try {
            Tls.keyManagers(existing(tls.keyStore(), "node.tls.keyStore", source), tls.keyStorePassword());
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(source + ": node.tls.keyStore " + tls.keyStore() + " cannot be used: " + e.getMessage(), e);
        }
        boolean clientCertificates = !tls.clientAuth().equals("none");
        if (clientCertificates != (tls.trustStore() != null)) {
            throw new ConfigException(source + ": node.tls.trustStore is " + (clientCertificates
                    ? "needed when node.tls.clientAuth is " + tls.clientAuth() + ": the CA certificates that client certificates must chain to"
                    : "set but node.tls.clientAuth is none, so no client certificate would be checked against it"));
        }
        if (clientCertificates) {
            if (tls.trustStorePassword() == null) {
                throw new ConfigException(source + ": node.tls.trustStorePassword is missing");
            }
            try {
                Tls.trustManagers(existing(tls.trustStore(), "node.tls.trustStore", source), tls.trustStorePassword());
            } catch (IOException | GeneralSecurityException e) {
                throw new ConfigException(source + ": node.tls.trustStore " + tls.trustStore() + " cannot be used: " + e.getMessage(), e);
            }
        }
    }

    private static Path existing(Path file, String key, String source) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(source + ": " + key + " " + file + " does not exist");
        }
        return file;
    }

    /** AE titles: 1 to 16 characters of the default repertoire, no backslash or control characters, not all spaces. */
    private static void aeTitle(String value, String key, String source) throws ConfigException {
        if (value == null || value.isBlank() || value.length() > 16 || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '\\')) {
            throw new ConfigException(source + ": " + key + " must be an AE title of 1 to 16 printable ASCII characters without backslash, got "
                    + (value == null ? "nothing" : "'" + value + "'"));
        }
    }

    private static void port(Integer value, String key, String source) throws ConfigException {
        if (value == null || value < 1 || value > 65535) {
            throw new ConfigException(source + ": " + key + " must be a TCP port between 1 and 65535, got " + value);
        }
    }
}
