package org.livernode.routing;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.livernode.config.LivernodeConfig;
import org.livernode.output.OutputType;

/**
 * Applies the routing rules to a series. Every rule that matches counts: a destination named by several of them
 * gets the union of their outputs, and the series is processed once for all of them.
 */
public final class Router {
    /** The rule that the simple configuration (top-level outputs and destinations, no rules) stands for. */
    public static final String DEFAULT_RULE = "default";

    private final List<RoutingRule> rules;

    public Router(List<RoutingRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * The rules of a validated configuration: its {@code rules}, or without them one rule that sends the top-level
     * outputs to every destination. A rule that does not say {@code minSlices} takes {@code series.minSlices}.
     */
    public static Router fromConfig(LivernodeConfig config) {
        int minSlices = config.series().minSlices();
        if (config.rules().isEmpty()) {
            Set<OutputType> outputs = outputTypes(config.outputs());
            Map<String, Set<OutputType>> destinations = new LinkedHashMap<>();
            config.destinations().forEach(d -> destinations.put(d.name(), outputs));
            return new Router(List.of(new RoutingRule(DEFAULT_RULE, SeriesCriteria.minSlices(minSlices), outputs, destinations)));
        }
        List<RoutingRule> rules = new ArrayList<>();
        for (LivernodeConfig.Rule rule : config.rules()) {
            LivernodeConfig.Match match = rule.match();
            SeriesCriteria criteria = new SeriesCriteria(Set.copyOf(match.callingAeTitle()), Set.copyOf(match.modality()), match.imageType(),
                    Optional.ofNullable(match.seriesDescription()).map(Pattern::compile), Set.copyOf(match.bodyPartExamined()),
                    match.minSlices() == null ? minSlices : match.minSlices(),
                    match.maxSlices() == null ? OptionalInt.empty() : OptionalInt.of(match.maxSlices()));
            Map<String, Set<OutputType>> destinations = new LinkedHashMap<>();
            rule.send().forEach(send -> destinations.put(send.destination(), outputTypes(send.outputs())));
            rules.add(RoutingRule.sending(rule.name(), criteria, destinations));
        }
        return new Router(rules);
    }

    private static Set<OutputType> outputTypes(List<String> names) {
        Set<OutputType> types = EnumSet.noneOf(OutputType.class);
        names.forEach(name -> types.add(OutputType.fromConfig(name)));
        return types;
    }

    public Route route(SeriesAttributes series) {
        List<String> matched = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        Set<OutputType> outputs = EnumSet.noneOf(OutputType.class);
        Map<String, Set<OutputType>> destinations = new LinkedHashMap<>();
        for (RoutingRule rule : rules) {
            Optional<String> mismatch = rule.criteria().mismatch(series);
            if (mismatch.isPresent()) {
                mismatches.add(rule.name() + ": " + mismatch.get());
                continue;
            }
            matched.add(rule.name());
            outputs.addAll(rule.outputs());
            rule.destinations().forEach((destination, sent) ->
                    destinations.computeIfAbsent(destination, d -> EnumSet.noneOf(OutputType.class)).addAll(sent));
        }
        return new Route(matched, outputs, destinations, mismatches);
    }
}
