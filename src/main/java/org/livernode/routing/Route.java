package org.livernode.routing;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.livernode.output.OutputType;

/**
 * What becomes of one series: the rules it matched, the outputs to make and which destination gets which.
 *
 * @param destinations destination name to its outputs, the union over the matching rules that name it
 * @param mismatches for each rule that did not match, its name and why, for the log
 * @param heldOnReview the destinations whose results are held when the quality check asks for review: those of the
 *     matching rules that say {@link ReviewPolicy#HOLD} (one such rule is enough)
 */
public record Route(List<String> rules, Set<OutputType> outputs, Map<String, Set<OutputType>> destinations, List<String> mismatches,
                    Set<String> heldOnReview) {

    public Route {
        rules = List.copyOf(rules);
        outputs = outputs.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(outputs));
        Map<String, Set<OutputType>> copy = new LinkedHashMap<>();
        destinations.forEach((destination, sent) -> copy.put(destination, Collections.unmodifiableSet(EnumSet.copyOf(sent))));
        destinations = Collections.unmodifiableMap(copy);
        mismatches = List.copyOf(mismatches);
        heldOnReview = Set.copyOf(heldOnReview);
    }

    /** Whether any rule took the series; if none did, it is left alone. */
    public boolean matched() {
        return !rules.isEmpty();
    }
}
