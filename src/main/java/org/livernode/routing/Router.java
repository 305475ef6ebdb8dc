package org.livernode.routing;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
     * Why no rule can take a series whose first instance has this header, whatever its slice count (mercure decides
     * on the first instance too); empty when a rule may. Decided before any work on the series.
     */
    public Optional<String> refusalBeforeAnyWork(SeriesAttributes firstInstance) {
        List<String> mismatches = new ArrayList<>();
        for (RoutingRule rule : rules) {
            Optional<String> mismatch = rule.criteria().headerMismatch(firstInstance);
            if (mismatch.isEmpty()) {
                return Optional.empty();
            }
            mismatches.add(rule.name() + ": " + mismatch.get());
        }
        return Optional.of("no routing rule can take it (" + String.join("; ", mismatches) + ")");
    }

    public Route route(SeriesAttributes series) {
        List<String> matched = new ArrayList<>();
        List<String> mismatches = new ArrayList<>();
        Set<OutputType> outputs = EnumSet.noneOf(OutputType.class);
        Map<String, Set<OutputType>> destinations = new LinkedHashMap<>();
        Set<String> heldOnReview = new HashSet<>();
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
            if (rule.review() == ReviewPolicy.HOLD) {
                heldOnReview.addAll(rule.destinations().keySet());
            }
        }
        return new Route(matched, outputs, destinations, mismatches, heldOnReview);
    }
}
