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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the YAML configuration and checks it, so that a bad value stops startup with one clear line. */
public final class ConfigLoader {

    public static final Set<String> OUTPUT_TYPES = Set.of("seg", "rtstruct");
    public static final Set<String> DEVICES = Set.of("auto", "cpu", "cuda");
    public static final Set<String> EMPTY_FRAMES = Set.of("omit", "include");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

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
            config = text.isBlank() ? new LivernodeConfig(null, null, null, null, null, null, null)
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
        for (int i = 0; i < node.allowedCallingAeTitles().size(); i++) {
            aeTitle(node.allowedCallingAeTitles().get(i), "node.allowedCallingAeTitles[" + i + "]", source);
        }
        double idle = config.series().idleTimeoutSeconds();
        if (!(idle > 0) || idle > 86_400) {
            throw new ConfigException(source + ": series.idleTimeoutSeconds must be between 0 and 86400 seconds, got " + idle);
        }
        if (!DEVICES.contains(config.inference().device())) {
            throw new ConfigException(source + ": inference.device must be one of auto, cpu, cuda; got " + config.inference().device());
        }
        if (config.outputs().isEmpty()) {
            throw new ConfigException(source + ": outputs is empty: list at least one of " + OUTPUT_TYPES);
        }
        for (int i = 0; i < config.outputs().size(); i++) {
            if (!OUTPUT_TYPES.contains(config.outputs().get(i))) {
                throw new ConfigException(source + ": outputs[" + i + "] is " + config.outputs().get(i) + "; supported: " + OUTPUT_TYPES);
            }
        }
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
