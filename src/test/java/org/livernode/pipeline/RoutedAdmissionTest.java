package org.livernode.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.config.ConfigLoader;
import org.livernode.testing.CtPhantom;

/** The node streams a series only when one of its configured rules may take it, judged on the first instance's header. */
class RoutedAdmissionTest {
    @TempDir
    Path dir;

    private static RoutedAdmission admission(String match) throws Exception {
        return new RoutedAdmission(ConfigLoader.parse("""
                destinations:
                  - { name: pacs, aeTitle: PACS, host: 127.0.0.1, port: 4242 }
                rules:
                  - { name: liver, match: %s, send: [{ destination: pacs, outputs: [seg] }] }
                """.formatted(match), "t").router());
    }

    @Test
    void aSeriesTheRulesTakeOnlyByItsHeaderIsRefusedAtItsFirstInstance() throws Exception {
        Path first = new CtPhantom().slices(2).matrix(32, 32).seriesDescription("CHEST").write(dir).get(0);
        assertEquals(Optional.of("no routing rule can take it (liver: SeriesDescription does not match (?i)liver)"),
                admission("{ seriesDescription: \"(?i)liver\" }").refusal(first));
        assertEquals(Optional.empty(), admission("{ seriesDescription: \"(?i)chest\", minSlices: 300 }").refusal(first),
                "the slice count is known at completion only");
    }

    @Test
    void withoutRulesEverySeriesLongEnoughIsTaken() throws Exception {
        Path first = new CtPhantom().slices(2).matrix(32, 32).write(dir).get(0);
        assertEquals(Optional.empty(), new RoutedAdmission(ConfigLoader.parse("outputs: [seg]\n", "t").router()).refusal(first));
    }
}
