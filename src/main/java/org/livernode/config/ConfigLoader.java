package org.livernode.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.livernode.broker.BrokerConfig;
import org.livernode.broker.TensorCompression;
import org.livernode.dicom.AeTitleSyntax;
import org.livernode.export.Destination;
import org.livernode.inference.Device;
import org.livernode.net.AddressRange;
import org.livernode.net.ClientTls;
import org.livernode.net.Tls;
import org.livernode.net.Tls.ClientAuth;
import org.livernode.output.OutputType;
import org.livernode.output.seg.EmptyFrames;
import org.livernode.receive.AllowedCaller;
import org.livernode.receive.NonCtInstances;
import org.livernode.receive.TlsConfig;
import org.livernode.retention.RetentionConfig;
import org.livernode.routing.ReviewPolicy;
import org.livernode.routing.RoutingRule;
import org.livernode.routing.SeriesCriteria;

/**
 * Reads the YAML configuration, checks it and makes the typed {@link LivernodeConfig} of it: the one place where
 * configured names and numbers are parsed, so that a bad value stops startup with one clear line naming its key.
 */
public final class ConfigLoader {

    /** DICOM code strings as rules name them; case does not matter. */
    private static final Pattern CODE_STRING = Pattern.compile("[A-Za-z0-9 _]{1,16}");
    /** One thread per association; beyond this many a host would rather queue than thrash. */
    static final int MAX_ASSOCIATIONS = 1000;
    /** 128 bits of a hex token: what cannot be guessed by trying. */
    static final int MIN_ADMIN_TOKEN_LENGTH = 32;
    /** 1 PiB: a larger minimum is a typo. */
    static final long MAX_MIN_FREE_SPACE_MIB = 1L << 30;
    /** Ten years: a longer retention is a typo. */
    static final double MAX_RETENTION_DAYS = 3650;

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

    /** Parses, checks and types configuration text; {@code source} names it in messages. */
    public static LivernodeConfig parse(String text, String source) throws ConfigException {
        YamlConfig yaml;
        try {
            yaml = text.isBlank() ? new YamlConfig(null, null, null, null, null, null, null, null, null, null, null, null, null)
                    : YAML.readValue(text, YamlConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(source + ": unknown key " + path(e) + " (known keys here: "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")", e);
        } catch (JsonMappingException e) {
            throw new ConfigException(source + ": key " + path(e) + " has an invalid value: " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid YAML at line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage(), e);
        }
        return typed(yaml, source);
    }

    /**
     * The constant of {@code type} that the configuration writes as {@code value}: its name in lower case (exactly),
     * as in {@code nonCtInstances: accept}.
     */
    public static <E extends Enum<E>> Optional<E> choice(Class<E> type, String value) {
        return Arrays.stream(type.getEnumConstants()).filter(constant -> name(constant).equals(value)).findFirst();
    }

    private static String name(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** The names of {@code type}'s constants as the configuration writes them, in their order. */
    private static List<String> names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(ConfigLoader::name).toList();
    }

    /** "a or b", "a, b or c". */
    private static String alternatives(Class<? extends Enum<?>> type) {
        List<String> names = names(type);
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
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

    private static LivernodeConfig typed(YamlConfig yaml, String source) throws ConfigException {
        LivernodeConfig.Node node = node(yaml.node(), source);
        YamlConfig.Series series = yaml.series();
        double grace = series.releaseGraceSeconds();
        if (!(grace > 0) || grace > 86_400) {
            throw new ConfigException(source + ": series.releaseGraceSeconds must be between 0 and 86400 seconds, got " + grace);
        }
        double idle = series.idleTimeoutSeconds();
        if (!(idle > 0) || idle > 86_400) {
            throw new ConfigException(source + ": series.idleTimeoutSeconds must be between 0 and 86400 seconds, got " + idle);
        }
        if (series.minSlices() < 1) {
            throw new ConfigException(source + ": series.minSlices must be at least 1, got " + series.minSlices());
        }
        String device = yaml.inference().device();
        LivernodeConfig.Inference inference = new LivernodeConfig.Inference(yaml.inference().model(), choice(Device.class, device)
                .orElseThrow(() -> new ConfigException(source + ": inference.device must be one of " + String.join(", ", names(Device.class))
                        + "; got " + device)), yaml.inference().streaming());
        if (yaml.outputs().isEmpty()) {
            throw new ConfigException(source + ": outputs is empty: list at least one of " + names(OutputType.class));
        }
        Set<OutputType> outputs = outputTypes(yaml.outputs(), source + ": outputs");
        String emptyFrames = yaml.seg().emptyFrames();
        LivernodeConfig.Seg seg = new LivernodeConfig.Seg(choice(EmptyFrames.class, emptyFrames).orElseThrow(() -> new ConfigException(
                source + ": seg.emptyFrames must be " + alternatives(EmptyFrames.class) + ", got " + emptyFrames)));
        YamlConfig.Export export = yaml.export();
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
        List<Destination> destinations = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < yaml.destinations().size(); i++) {
            YamlConfig.Destination d = yaml.destinations().get(i);
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
            int port = port(d.port(), key + ".port", source);
            Optional<ClientTls> tls = d.tls() == null ? Optional.empty() : Optional.of(destinationTls(d.tls(), key + " (" + d.name() + ").tls", source));
            destinations.add(new Destination(d.name(), d.aeTitle(), d.host(), port, tls));
        }
        List<RoutingRule> rules = new ArrayList<>();
        Set<String> ruleNames = new HashSet<>();
        for (int i = 0; i < yaml.rules().size(); i++) {
            rules.add(rule(yaml.rules().get(i), i, names, ruleNames, series.minSlices(), source));
        }
        Optional<LivernodeConfig.Http> http = Optional.empty();
        if (yaml.http() != null) {
            if (yaml.http().bindAddress().isBlank()) {
                throw new ConfigException(source + ": http.bindAddress is empty: use 127.0.0.1 (this host only) or the address to serve /metrics on");
            }
            http = Optional.of(new LivernodeConfig.Http(yaml.http().bindAddress(), port(yaml.http().port(), "http.port", source),
                    adminToken(yaml.http().adminToken(), source)));
        }
        return new LivernodeConfig(node,
                new LivernodeConfig.Series(seconds(idle), seconds(grace), series.completeOnRelease(), series.minSlices()), inference, outputs, seg,
                destinations, new LivernodeConfig.Export(seconds(export.retryFirstDelaySeconds()), seconds(export.retryMaxDelaySeconds()),
                        seconds(export.giveUpAfterHours() * 3600)),
                new LivernodeConfig.Logging(yaml.logging().patientIdentifiers()), rules, http, new LivernodeConfig.Audit(yaml.audit().file()),
                retention(yaml.retention(), source), broker(yaml.broker(), node.aeTitle(), source));
    }

    private static RetentionConfig retention(YamlConfig.Retention retention, String source) throws ConfigException {
        double deliveredHours = retention.deliveredSeriesHours();
        if (!(deliveredHours >= 0) || deliveredHours > MAX_RETENTION_DAYS * 24) {
            throw new ConfigException(source + ": retention.deliveredSeriesHours must be between 0 and " + (long) (MAX_RETENTION_DAYS * 24)
                    + " hours, got " + deliveredHours);
        }
        double failedDays = retention.failedDays();
        if (!(failedDays >= 0) || failedDays > MAX_RETENTION_DAYS) {
            throw new ConfigException(source + ": retention.failedDays must be between 0 and " + (long) MAX_RETENTION_DAYS + " days, got " + failedDays);
        }
        double deadLetterDays = retention.deadLetterDays();
        if (!(deadLetterDays >= 0) || deadLetterDays > MAX_RETENTION_DAYS) {
            throw new ConfigException(source + ": retention.deadLetterDays must be between 0 and " + (long) MAX_RETENTION_DAYS + " days, got "
                    + deadLetterDays);
        }
        OptionalLong maxSpoolBytes = OptionalLong.empty();
        if (retention.maxSpoolGiB() != null) {
            double gib = retention.maxSpoolGiB();
            // 1 PiB, as for node.minFreeSpaceMiB.
            if (!(gib > 0) || gib > MAX_MIN_FREE_SPACE_MIB / 1024.0) {
                throw new ConfigException(source + ": retention.maxSpoolGiB must be above 0 and at most " + MAX_MIN_FREE_SPACE_MIB / 1024
                        + " (GiB), or absent for no limit; got " + gib);
            }
            maxSpoolBytes = OptionalLong.of(Math.max(1, Math.round(gib * (1L << 30))));
        }
        double interval = retention.intervalMinutes();
        if (!(interval > 0) || interval > 24 * 60) {
            throw new ConfigException(source + ": retention.intervalMinutes must be above 0 and at most 1440 (a day), got " + interval);
        }
        return new RetentionConfig(seconds(deliveredHours * 3600), seconds(failedDays * 86_400), seconds(deadLetterDays * 86_400),
                maxSpoolBytes, seconds(interval * 60));
    }

    /** Queue names as RabbitMQ takes them and operators can read them in its tools. */
    private static final Pattern QUEUE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private static Optional<BrokerConfig> broker(YamlConfig.Broker broker, String aeTitle, String source) throws ConfigException {
        if (broker == null) {
            return Optional.empty();
        }
        if (broker.uri() == null || broker.uri().isBlank()) {
            throw new ConfigException(source + ": broker.uri is missing: give the RabbitMQ address, e.g. amqp://user:password@host:5672/vhost");
        }
        URI uri;
        try {
            uri = new URI(broker.uri());
        } catch (URISyntaxException e) {
            throw new ConfigException(source + ": broker.uri is not a URI (" + e.getReason() + "): give e.g. amqp://user:password@host:5672/vhost");
        }
        if (!"amqp".equals(uri.getScheme()) && !"amqps".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new ConfigException(source + ": broker.uri must be amqp://host... or amqps://host..., got one with scheme " + uri.getScheme()
                    + (uri.getHost() == null ? " and no host" : ""));
        }
        if (!QUEUE_NAME.matcher(broker.queue()).matches()) {
            throw new ConfigException(source + ": broker.queue must be 1 to 200 letters, digits, '.', '_' or '-', got '" + broker.queue() + "'");
        }
        if (broker.prefetch() < 1 || broker.prefetch() > 100) {
            throw new ConfigException(source + ": broker.prefetch must be between 1 and 100 requests per worker, got " + broker.prefetch());
        }
        if (broker.seriesInFlight() < 1 || broker.seriesInFlight() > 64) {
            throw new ConfigException(source + ": broker.seriesInFlight must be between 1 and 64, got " + broker.seriesInFlight());
        }
        if (!(broker.replyTimeoutSeconds() >= 1 && broker.replyTimeoutSeconds() <= 86_400)) {
            throw new ConfigException(source + ": broker.replyTimeoutSeconds must be between 1 and 86400 (a day), got " + broker.replyTimeoutSeconds());
        }
        TensorCompression compression = choice(TensorCompression.class, broker.compression()).orElseThrow(() -> new ConfigException(
                source + ": broker.compression must be " + alternatives(TensorCompression.class) + ", got '" + broker.compression() + "'"));
        // The AE title may hold spaces and other characters that a queue name should not; the default id replaces them.
        String receiverId = broker.receiverId() != null ? broker.receiverId() : aeTitle.strip().replaceAll("[^A-Za-z0-9._-]", "_");
        if (!QUEUE_NAME.matcher(receiverId).matches()) {
            throw new ConfigException(source + ": broker.receiverId must be 1 to 200 letters, digits, '.', '_' or '-', got '" + receiverId + "'");
        }
        return Optional.of(new BrokerConfig(uri, broker.queue(), broker.prefetch(), receiverId, broker.seriesInFlight(),
                Duration.ofMillis(Math.round(broker.replyTimeoutSeconds() * 1000)), compression));
    }

    /** To the millisecond, which is as fine as the timers that use them go. */
    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static LivernodeConfig.Node node(YamlConfig.Node node, String source) throws ConfigException {
        aeTitle(node.aeTitle(), "node.aeTitle", source);
        if (node.bindAddress().isBlank()) {
            throw new ConfigException(source + ": node.bindAddress is empty: use an address such as 0.0.0.0 or 127.0.0.1");
        }
        int port = port(node.port(), "node.port", source);
        // AE titles compare without their leading and trailing spaces, which are padding (PS3.5 6.2).
        Set<String> fromAnyAddress = new HashSet<>();
        for (int i = 0; i < node.allowedCallingAeTitles().size(); i++) {
            aeTitle(node.allowedCallingAeTitles().get(i), "node.allowedCallingAeTitles[" + i + "]", source);
            fromAnyAddress.add(node.allowedCallingAeTitles().get(i).strip());
        }
        Set<String> callers = new HashSet<>(fromAnyAddress);
        List<AllowedCaller> allowedCallers = new ArrayList<>();
        for (int i = 0; i < node.allowedCallers().size(); i++) {
            allowedCallers.add(allowedCaller(node.allowedCallers().get(i), "node.allowedCallers[" + i + "]", callers, source));
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
        NonCtInstances nonCtInstances = choice(NonCtInstances.class, node.nonCtInstances()).orElseThrow(() -> new ConfigException(
                source + ": node.nonCtInstances must be " + alternatives(NonCtInstances.class) + ", got " + node.nonCtInstances()));
        Optional<TlsConfig> tls = node.tls() == null ? Optional.empty() : Optional.of(tls(node.tls(), port, source));
        return new LivernodeConfig.Node(node.aeTitle(), node.bindAddress(), port, fromAnyAddress, node.spoolDir(), allowedCallers, node.maxAssociations(),
                node.minFreeSpaceMiB(), node.maxInstancesPerSeries(), nonCtInstances, tls, node.fsync());
    }

    /** Messages name the rule by its place in the list and, once known, by its name. */
    private static RoutingRule rule(YamlConfig.Rule rule, int index, Set<String> destinations, Set<String> ruleNames, int defaultMinSlices,
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
        YamlConfig.Match match = rule.match();
        for (int i = 0; i < match.callingAeTitle().size(); i++) {
            aeTitle(match.callingAeTitle().get(i), key + ".match.callingAeTitle[" + i + "] (rule " + rule.name() + ")", source);
        }
        codeStrings(match.modality(), ".match.modality", where);
        codeStrings(match.imageType(), ".match.imageType", where);
        codeStrings(match.bodyPartExamined(), ".match.bodyPartExamined", where);
        Optional<Pattern> seriesDescription = Optional.empty();
        if (match.seriesDescription() != null) {
            try {
                seriesDescription = Optional.of(Pattern.compile(match.seriesDescription()));
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
        Map<String, Set<OutputType>> sent = new LinkedHashMap<>();
        for (int i = 0; i < rule.send().size(); i++) {
            YamlConfig.Send send = rule.send().get(i);
            String sendKey = where + ".send[" + i + "]";
            if (send == null) {
                throw new ConfigException(sendKey + " is empty: give destination and outputs");
            }
            if (send.destination() == null || !destinations.contains(send.destination())) {
                throw new ConfigException(sendKey + ".destination " + (send.destination() == null ? "is missing" : send.destination()
                        + " is not one of the destinations") + "; configured: " + destinations.stream().sorted().toList());
            }
            if (sent.containsKey(send.destination())) {
                throw new ConfigException(sendKey + ".destination " + send.destination() + " is named twice in this rule: list its outputs once");
            }
            sent.put(send.destination(), outputTypes(send.outputs(), sendKey + ".outputs"));
        }
        SeriesCriteria criteria = new SeriesCriteria(Set.copyOf(match.callingAeTitle()), Set.copyOf(match.modality()), match.imageType(),
                seriesDescription, Set.copyOf(match.bodyPartExamined()), minSlices,
                match.maxSlices() == null ? OptionalInt.empty() : OptionalInt.of(match.maxSlices()));
        ReviewPolicy review = rule.qc() == null ? ReviewPolicy.SEND : choice(ReviewPolicy.class, rule.qc()).orElseThrow(() -> new ConfigException(
                where + ".qc is " + rule.qc() + "; supported: " + names(ReviewPolicy.class)
                        + " (what becomes of results the quality check asks to review)"));
        return RoutingRule.sending(rule.name(), criteria, sent, review);
    }

    /** @param where the source and the key, as messages begin */
    private static Set<OutputType> outputTypes(List<String> outputs, String where) throws ConfigException {
        if (outputs.isEmpty()) {
            throw new ConfigException(where + " is empty: list at least one of " + names(OutputType.class));
        }
        Set<OutputType> types = EnumSet.noneOf(OutputType.class);
        for (int i = 0; i < outputs.size(); i++) {
            String output = outputs.get(i);
            String key = where + "[" + i + "]";
            types.add(choice(OutputType.class, output).orElseThrow(() -> new ConfigException(
                    key + " is " + output + "; supported: " + names(OutputType.class))));
        }
        if (types.contains(OutputType.SR) && !types.contains(OutputType.SEG)) {
            throw new ConfigException(where + " has sr without seg: the SR measures the SEG's segment, so list seg with it");
        }
        return types;
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

    private static AllowedCaller allowedCaller(YamlConfig.AllowedCaller caller, String key, Set<String> callers, String source)
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
        List<AddressRange> addresses = new ArrayList<>();
        for (int i = 0; i < caller.addresses().size(); i++) {
            try {
                addresses.add(AddressRange.parse(caller.addresses().get(i)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source + ": " + key + ".addresses[" + i + "]: " + e.getMessage(), e);
            }
        }
        return new AllowedCaller(caller.aeTitle(), addresses);
    }

    private static TlsConfig tls(YamlConfig.Tls tls, int plainPort, String source) throws ConfigException {
        int port = port(tls.port(), "node.tls.port", source);
        if (port == plainPort) {
            throw new ConfigException(source + ": node.tls.port " + port + " is node.port too: TLS needs a port of its own (2762 is DICOM's)");
        }
        ClientAuth clientAuth = choice(ClientAuth.class, tls.clientAuth()).orElseThrow(() -> new ConfigException(
                source + ": node.tls.clientAuth must be " + alternatives(ClientAuth.class) + ", got " + tls.clientAuth()));
        if (tls.keyStore() == null || tls.keyStorePassword() == null) {
            throw new ConfigException(source + ": node.tls.keyStore and node.tls.keyStorePassword are needed: a PKCS #12 file with the node's"
                    + " private key and certificate, and its password");
        }
        try {
            Tls.keyManagers(existing(tls.keyStore(), "node.tls.keyStore", source), tls.keyStorePassword());
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(source + ": node.tls.keyStore " + tls.keyStore() + " cannot be used: " + e.getMessage(), e);
        }
        boolean clientCertificates = clientAuth != ClientAuth.NONE;
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
        return new TlsConfig(port, tls.keyStore(), tls.keyStorePassword(), Optional.ofNullable(tls.trustStore()),
                tls.trustStorePassword() == null ? "" : tls.trustStorePassword(), clientAuth);
    }

    /** @param key {@code destinations[i] (name).tls}, as messages name it */
    private static ClientTls destinationTls(YamlConfig.DestinationTls tls, String key, String source) throws ConfigException {
        if (tls.trustStore() == null || tls.trustStorePassword() == null) {
            throw new ConfigException(source + ": " + key + ".trustStore and " + key + ".trustStorePassword are needed: a PKCS #12 file with"
                    + " the CA certificates that the destination's server certificate must chain to, and its password");
        }
        try {
            Tls.trustManagers(existing(tls.trustStore(), key + ".trustStore", source), tls.trustStorePassword());
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(source + ": " + key + ".trustStore " + tls.trustStore() + " cannot be used: " + e.getMessage(), e);
        }
        if ((tls.keyStore() == null) != (tls.keyStorePassword() == null)) {
            throw new ConfigException(source + ": " + key + (tls.keyStore() == null ? ".keyStorePassword is set but " + key + ".keyStore is missing"
                    : ".keyStorePassword is missing") + ": a client certificate needs both the key store and its password");
        }
        if (tls.keyStore() != null) {
            try {
                Tls.keyManagers(existing(tls.keyStore(), key + ".keyStore", source), tls.keyStorePassword());
            } catch (IOException | GeneralSecurityException e) {
                throw new ConfigException(source + ": " + key + ".keyStore " + tls.keyStore() + " cannot be used: " + e.getMessage(), e);
            }
        }
        return new ClientTls(tls.trustStore(), tls.trustStorePassword(), Optional.ofNullable(tls.keyStore()),
                tls.keyStorePassword() == null ? "" : tls.keyStorePassword(), tls.verifyHostname());
    }

    private static Path existing(Path file, String key, String source) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(source + ": " + key + " " + file + " does not exist");
        }
        return file;
    }

    private static void aeTitle(String value, String key, String source) throws ConfigException {
        if (!AeTitleSyntax.isAeTitle(value)) {
            throw new ConfigException(source + ": " + key + " must be an AE title of " + AeTitleSyntax.RULE + ", got "
                    + (value == null ? "nothing" : "'" + value + "'"));
        }
    }

    /** Long enough that it cannot be guessed over the network, and sendable in a header as written. */
    private static Optional<String> adminToken(String token, String source) throws ConfigException {
        if (token == null) {
            return Optional.empty();
        }
        if (token.length() < MIN_ADMIN_TOKEN_LENGTH || !token.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new ConfigException(source + ": http.adminToken must be at least " + MIN_ADMIN_TOKEN_LENGTH
                    + " printable ASCII characters without spaces (e.g. from: openssl rand -hex 24), got " + token.length() + " characters");
        }
        return Optional.of(token);
    }

    private static int port(Integer value, String key, String source) throws ConfigException {
        if (value == null || value < 1 || value > 65535) {
            throw new ConfigException(source + ": " + key + " must be a TCP port between 1 and 65535, got " + value);
        }
        return value;
    }
}
