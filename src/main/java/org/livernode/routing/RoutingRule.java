package org.livernode.routing;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.livernode.output.OutputType;

/**
 * One rule: the series it takes, the outputs it makes of them and which of those each destination gets.
 *
 * @param outputs what the rule makes; at least the outputs of its destinations (the rule of the simple
 *     configuration makes its outputs even with no destination, to be found in the job folder)
 * @param destinations destination name to the outputs it gets, in the order the configuration lists them
 * @param review what becomes of results the quality check asks to review
 */
public record RoutingRule(String name, SeriesCriteria criteria, Set<OutputType> outputs, Map<String, Set<OutputType>> destinations,
                          ReviewPolicy review) {

    public RoutingRule {
        outputs = Collections.unmodifiableSet(EnumSet.copyOf(outputs));
        Map<String, Set<OutputType>> copy = new LinkedHashMap<>();
        destinations.forEach((destination, sent) -> copy.put(destination, Collections.unmodifiableSet(EnumSet.copyOf(sent))));
        destinations = Collections.unmodifiableMap(copy);
        if (review == null) {
            throw new IllegalArgumentException("rule " + name + " needs a review policy");
        }
        for (Map.Entry<String, Set<OutputType>> destination : destinations.entrySet()) {
            if (destination.getValue().isEmpty() || !outputs.containsAll(destination.getValue())) {
                throw new IllegalArgumentException("rule " + name + " sends " + destination.getValue() + " to " + destination.getKey()
                        + " but makes " + outputs);
            }
        }
    }

    /** A rule that makes exactly what its destinations get. */
    public static RoutingRule sending(String name, SeriesCriteria criteria, Map<String, Set<OutputType>> destinations, ReviewPolicy review) {
        Set<OutputType> outputs = EnumSet.noneOf(OutputType.class);
        destinations.values().forEach(outputs::addAll);
        return new RoutingRule(name, criteria, outputs, destinations, review);
    }
}
