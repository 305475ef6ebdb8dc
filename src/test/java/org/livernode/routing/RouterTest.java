package org.livernode.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.livernode.config.ConfigLoader;
import org.livernode.output.OutputType;

class RouterTest {

    /** An abdominal CT of 40 slices from CT1, as the criteria below see it. */
    private static final SeriesAttributes ABDOMEN = new SeriesAttributes("CT1", "CT", List.of("ORIGINAL", "PRIMARY", "AXIAL"),
            "Abdomen 1.0 Liver", "ABDOMEN", 40);

    private static SeriesCriteria any() {
        return SeriesCriteria.minSlices(1);
    }

    private static Optional<String> mismatch(SeriesCriteria criteria) {
        return criteria.mismatch(ABDOMEN);
    }

    @Test
    void everyCriterionAcceptsTheSeriesWhenItFitsAndSaysWhyWhenItDoesNot() {
        assertEquals(Optional.empty(), mismatch(any()));
        assertEquals(Optional.empty(), mismatch(new SeriesCriteria(Set.of("CT2", "CT1"), Set.of(), List.of(), Optional.empty(), Set.of(), 1,
                OptionalInt.empty())));
        assertEquals(Optional.of("calling AE title CT1 is not one of [CT2, CT3]"), mismatch(new SeriesCriteria(Set.of("CT2", "CT3"), Set.of(),
                List.of(), Optional.empty(), Set.of(), 1, OptionalInt.empty())));

        assertEquals(Optional.empty(), mismatch(new SeriesCriteria(Set.of(), Set.of("ct"), List.of(), Optional.empty(), Set.of(), 1,
                OptionalInt.empty())), "code strings compare without regard to case");
        assertEquals(Optional.of("Modality CT is not one of [MR]"), mismatch(new SeriesCriteria(Set.of(), Set.of("MR"), List.of(),
                Optional.empty(), Set.of(), 1, OptionalInt.empty())));

        assertEquals(Optional.empty(), mismatch(new SeriesCriteria(Set.of(), Set.of(), List.of("axial", "PRIMARY"), Optional.empty(), Set.of(), 1,
                OptionalInt.empty())), "each listed value is among ImageType's");
        assertEquals(Optional.of("ImageType ORIGINAL\\PRIMARY\\AXIAL lacks LOCALIZER"), mismatch(new SeriesCriteria(Set.of(), Set.of(),
                List.of("AXIAL", "LOCALIZER"), Optional.empty(), Set.of(), 1, OptionalInt.empty())));

        assertEquals(Optional.empty(), mismatch(new SeriesCriteria(Set.of(), Set.of(), List.of(), Optional.of(Pattern.compile("(?i)liver")),
                Set.of(), 1, OptionalInt.empty())), "found anywhere in the description");
        assertEquals(Optional.of("SeriesDescription does not match ^Liver"), mismatch(new SeriesCriteria(Set.of(), Set.of(), List.of(),
                Optional.of(Pattern.compile("^Liver")), Set.of(), 1, OptionalInt.empty())), "anchored, and the description is not quoted");

        assertEquals(Optional.empty(), mismatch(new SeriesCriteria(Set.of(), Set.of(), List.of(), Optional.empty(), Set.of("LIVER", "ABDOMEN"),
                1, OptionalInt.empty())));
        assertEquals(Optional.of("BodyPartExamined ABDOMEN is not one of [CHEST]"), mismatch(new SeriesCriteria(Set.of(), Set.of(), List.of(),
                Optional.empty(), Set.of("CHEST"), 1, OptionalInt.empty())));

        assertEquals(Optional.empty(), mismatch(new SeriesCriteria(Set.of(), Set.of(), List.of(), Optional.empty(), Set.of(), 40,
                OptionalInt.of(40))), "both slice bounds are inclusive");
        assertEquals(Optional.of("40 slices, fewer than 41"), mismatch(SeriesCriteria.minSlices(41)));
        assertEquals(Optional.of("40 slices, more than 39"), mismatch(new SeriesCriteria(Set.of(), Set.of(), List.of(), Optional.empty(),
                Set.of(), 1, OptionalInt.of(39))));
    }

    @Test
    void aMalformedCodeStringIsDescribedNotQuoted() {
        SeriesAttributes odd = new SeriesAttributes("CT1", "Mr. Patient Name", List.of(), "", "", 40);
        String why = new SeriesCriteria(Set.of(), Set.of("CT"), List.of(), Optional.empty(), Set.of(), 1, OptionalInt.empty())
                .mismatch(odd).orElseThrow();
        assertFalse(why.contains("Patient"), why);
    }

    @Test
    void matchingRulesAddUpPerDestinationAndTheOthersSayWhyNot() {
        Router router = new Router(List.of(
                RoutingRule.sending("pacs-seg", any(), Map.of("pacs", Set.of(OutputType.SEG)), ReviewPolicy.SEND),
                RoutingRule.sending("planning", new SeriesCriteria(Set.of("CT1"), Set.of(), List.of(), Optional.empty(), Set.of(), 1,
                        OptionalInt.empty()), Map.of("planning", Set.of(OutputType.RTSTRUCT), "pacs", Set.of(OutputType.RTSTRUCT)), ReviewPolicy.HOLD),
                RoutingRule.sending("mr", new SeriesCriteria(Set.of(), Set.of("MR"), List.of(), Optional.empty(), Set.of(), 1,
                        OptionalInt.empty()), Map.of("mr-viewer", Set.of(OutputType.SEG)), ReviewPolicy.HOLD)));
        Route route = router.route(ABDOMEN);
        assertTrue(route.matched());
        assertEquals(List.of("pacs-seg", "planning"), route.rules());
        assertEquals(Set.of(OutputType.SEG, OutputType.RTSTRUCT), route.outputs());
        assertEquals(Map.of("pacs", Set.of(OutputType.SEG, OutputType.RTSTRUCT), "planning", Set.of(OutputType.RTSTRUCT)), route.destinations());
        assertEquals(List.of("mr: Modality CT is not one of [MR]"), route.mismatches());
        // A matching rule that holds results for review holds them at each destination it names, also where another
        // rule sends; a rule that did not match holds nothing.
        assertEquals(Set.of("planning", "pacs"), route.heldOnReview());
    }

    @Test
    void whatTheHeaderRulesOutIsKnownAtTheFirstInstanceAndTheSliceCountIsNot() {
        Router router = new Router(List.of(
                RoutingRule.sending("mr", new SeriesCriteria(Set.of(), Set.of("MR"), List.of(), Optional.empty(), Set.of(), 1,
                        OptionalInt.empty()), Map.of("pacs", Set.of(OutputType.SEG)), ReviewPolicy.SEND),
                RoutingRule.sending("ct1", new SeriesCriteria(Set.of("CT1"), Set.of(), List.of(), Optional.empty(), Set.of(), 100,
                        OptionalInt.empty()), Map.of("pacs", Set.of(OutputType.SEG)), ReviewPolicy.SEND)));
        SeriesAttributes fromCt2 = new SeriesAttributes("CT2", "CT", List.of("ORIGINAL", "PRIMARY", "AXIAL"), "", "ABDOMEN", 0);
        assertEquals(Optional.of("no routing rule can take it (mr: Modality CT is not one of [MR]; ct1: calling AE title CT2 is not one of [CT1])"),
                router.refusalBeforeAnyWork(fromCt2));
        SeriesAttributes fromCt1 = new SeriesAttributes("CT1", "CT", List.of("ORIGINAL", "PRIMARY", "AXIAL"), "", "ABDOMEN", 0);
        assertEquals(Optional.empty(), router.refusalBeforeAnyWork(fromCt1), "100 slices may still come");
    }

    @Test
    void aSeriesNoRuleTakesIsLeftAlone() {
        Route route = new Router(List.of(RoutingRule.sending("long", SeriesCriteria.minSlices(100), Map.of("pacs", Set.of(OutputType.SEG)), ReviewPolicy.HOLD)))
                .route(ABDOMEN);
        assertFalse(route.matched());
        assertEquals(Set.of(), route.outputs());
        assertEquals(Map.of(), route.destinations());
        assertEquals(List.of("long: 40 slices, fewer than 100"), route.mismatches());
        assertEquals(Set.of(), route.heldOnReview());
    }

    @Test
    void theSimpleConfigurationIsOneRuleForEverySeriesOfTwentySlicesOrMore() throws Exception {
        Router router = ConfigLoader.parse("""
                outputs: [seg, rtstruct]
                destinations:
                  - { name: pacs, aeTitle: ORTHANC, host: 127.0.0.1, port: 4242 }
                  - { name: viewer, aeTitle: VIEWER, host: 127.0.0.1, port: 4243 }
                """, "t").router();
        Route route = router.route(ABDOMEN);
        assertEquals(List.of(Router.DEFAULT_RULE), route.rules());
        Set<OutputType> both = Set.of(OutputType.SEG, OutputType.RTSTRUCT);
        assertEquals(Map.of("pacs", both, "viewer", both), route.destinations());
        SeriesAttributes short19 = new SeriesAttributes("CT1", "CT", List.of(), "", "", 19);
        assertEquals(List.of("default: 19 slices, fewer than 20"), router.route(short19).mismatches());
        assertTrue(ConfigLoader.parse("series: { minSlices: 5 }", "t").router().route(short19).matched(),
                "series.minSlices moves the default minimum");
    }

    @Test
    void withoutDestinationsTheSimpleConfigurationStillMakesItsOutputs() throws Exception {
        Route route = ConfigLoader.parse("outputs: [seg]", "t").router().route(ABDOMEN);
        assertEquals(Set.of(OutputType.SEG), route.outputs());
        assertEquals(Map.of(), route.destinations());
    }

    @Test
    void configuredRulesTakeTheirCriteriaAndTheDefaultMinimumWhereTheySayNone() throws Exception {
        Router router = ConfigLoader.parse("""
                series: { minSlices: 30 }
                destinations:
                  - { name: pacs, aeTitle: ORTHANC, host: 127.0.0.1, port: 4242 }
                  - { name: planning, aeTitle: PLAN, host: 127.0.0.1, port: 4243 }
                rules:
                  - name: liver-from-ct1
                    match: { callingAeTitle: CT1, modality: CT, imageType: [AXIAL], seriesDescription: "(?i)liver", bodyPartExamined: [ABDOMEN, LIVER] }
                    send:
                      - { destination: pacs, outputs: [seg] }
                      - { destination: planning, outputs: [rtstruct] }
                  - name: short-series
                    match: { minSlices: 2, maxSlices: 29 }
                    send: [{ destination: pacs, outputs: seg }]
                  - name: long-series
                    match: { minSlices: 100 }
                    send: [{ destination: planning, outputs: [seg, rtstruct] }]
                """, "t").router();
        Route route = router.route(ABDOMEN);
        assertEquals(List.of("liver-from-ct1"), route.rules());
        assertEquals(Map.of("pacs", Set.of(OutputType.SEG), "planning", Set.of(OutputType.RTSTRUCT)), route.destinations());
        assertEquals(List.of("short-series: 40 slices, more than 29", "long-series: 40 slices, fewer than 100"), route.mismatches());
        SeriesAttributes shortFromCt1 = new SeriesAttributes("CT1", "CT", List.of("AXIAL"), "liver", "LIVER", 29);
        assertEquals(List.of("short-series"), router.route(shortFromCt1).rules());
        assertEquals(List.of("liver-from-ct1: 29 slices, fewer than 30", "long-series: 29 slices, fewer than 100"),
                router.route(shortFromCt1).mismatches());
        SeriesAttributes fromCt2 = new SeriesAttributes("CT2", "CT", List.of("AXIAL"), "liver", "LIVER", 30);
        assertFalse(router.route(fromCt2).matched(), router.route(fromCt2).mismatches().toString());
    }
}
