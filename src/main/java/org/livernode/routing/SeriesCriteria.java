package org.livernode.routing;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.livernode.dicom.LogSafe;

/**
 * What a series must be for a rule to take it. Every criterion that is set must hold; an empty set or an absent
 * pattern accepts anything. Code strings (Modality, ImageType, BodyPartExamined) compare without regard to case;
 * AE titles exactly.
 *
 * @param callingAeTitles the series was sent by one of these
 * @param modalities its Modality is one of these
 * @param imageType each of these is among its ImageType values
 * @param seriesDescription found somewhere in its SeriesDescription (anchor it with ^ and $ to match the whole)
 * @param bodyPartsExamined its BodyPartExamined is one of these
 * @param minSlices it has at least this many slices
 * @param maxSlices it has at most this many slices, when set
 */
public record SeriesCriteria(Set<String> callingAeTitles, Set<String> modalities, List<String> imageType, Optional<Pattern> seriesDescription,
        Set<String> bodyPartsExamined, int minSlices, OptionalInt maxSlices) {

    public SeriesCriteria {
        callingAeTitles = Set.copyOf(callingAeTitles);
        modalities = upperCase(modalities);
        imageType = imageType.stream().map(SeriesCriteria::upperCase).toList();
        bodyPartsExamined = upperCase(bodyPartsExamined);
    }

    /** Only a minimum slice count: every series the node can process that is long enough. */
    public static SeriesCriteria minSlices(int minSlices) {
        return new SeriesCriteria(Set.of(), Set.of(), List.of(), Optional.empty(), Set.of(), minSlices, OptionalInt.empty());
    }

    /**
     * Why the series does not meet these criteria (the first one it fails), or empty when it does. Values of the
     * series are quoted only when they cannot carry patient data: SeriesDescription, free text, never is.
     */
    public Optional<String> mismatch(SeriesAttributes series) {
        return headerMismatch(series).or(() -> sliceCountMismatch(series));
    }

    /** Why the series' header does not meet these criteria, whatever its slice count; empty when it does. */
    public Optional<String> headerMismatch(SeriesAttributes series) {
        if (!callingAeTitles.isEmpty() && !callingAeTitles.contains(series.callingAeTitle())) {
            return Optional.of("calling AE title " + LogSafe.printable(series.callingAeTitle()) + " is not one of " + sorted(callingAeTitles));
        }
        if (!modalities.isEmpty() && !modalities.contains(upperCase(series.modality()))) {
            return Optional.of("Modality " + LogSafe.codeString(series.modality()) + " is not one of " + sorted(modalities));
        }
        List<String> values = series.imageType().stream().map(SeriesCriteria::upperCase).toList();
        for (String value : imageType) {
            if (!values.contains(value)) {
                return Optional.of("ImageType " + values.stream().map(LogSafe::codeString).collect(Collectors.joining("\\")) + " lacks " + value);
            }
        }
        if (seriesDescription.isPresent() && !seriesDescription.get().matcher(series.seriesDescription()).find()) {
            return Optional.of("SeriesDescription does not match " + seriesDescription.get().pattern());
        }
        if (!bodyPartsExamined.isEmpty() && !bodyPartsExamined.contains(upperCase(series.bodyPartExamined()))) {
            return Optional.of("BodyPartExamined " + LogSafe.codeString(series.bodyPartExamined()) + " is not one of " + sorted(bodyPartsExamined));
        }
        return Optional.empty();
    }

    private Optional<String> sliceCountMismatch(SeriesAttributes series) {
        if (series.slices() < minSlices) {
            return Optional.of(series.slices() + " slices, fewer than " + minSlices);
        }
        if (maxSlices.isPresent() && series.slices() > maxSlices.getAsInt()) {
            return Optional.of(series.slices() + " slices, more than " + maxSlices.getAsInt());
        }
        return Optional.empty();
    }

    private static Set<String> upperCase(Set<String> values) {
        return values.stream().map(SeriesCriteria::upperCase).collect(Collectors.toUnmodifiableSet());
    }

    private static String upperCase(String value) {
        return value.toUpperCase(Locale.ROOT);
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }
}
