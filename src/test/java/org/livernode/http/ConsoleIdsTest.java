package org.livernode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.livernode.export.OperatorRequests;
import org.livernode.state.JobStore;

class ConsoleIdsTest {
    private static final String JOB = JobStore.jobId("1.2.826.0.1.3680043.8.498.1", "0123456789abcdef0123456789abcdef");

    @Test
    void jobIdsAreWhatTheJobStoreMakes() {
        assertTrue(ConsoleIds.isJobId(JOB));
        for (String bad : new String[] {"", "..", "../jobs", "1.2.3", "1.2.3-0123456789ABCDEF", "1.2.3-0123456789abcde", "1.2.3-0123456789abcdef/..",
                "1..2-0123456789abcdef", ".1.2-0123456789abcdef", "1.2.3-0123456789abcdef\n", "1".repeat(80) + "-0123456789abcdef"}) {
            assertFalse(ConsoleIds.isJobId(bad), bad);
        }
        assertFalse(ConsoleIds.isJobId(null));
    }

    @Test
    void aDeadLetterIdNamesDestinationJobAndFileAndNothingElse() {
        String id = ConsoleIds.deadLetterId("pacs", JOB, "seg-1.2.3.dcm");
        assertEquals(Optional.of(new OperatorRequests.Item("pacs", JOB, "seg-1.2.3.dcm")), ConsoleIds.deadLetter(id));
        for (String bad : List.of("pacs/" + JOB, "pacs/" + JOB + "/seg.dcm/x", "../" + JOB + "/seg.dcm", "pacs/" + JOB + "/..", "pacs/../seg.dcm",
                "pacs/" + JOB + "/a\\b", "/" + JOB + "/seg.dcm", "pacs/x/seg.dcm")) {
            assertEquals(Optional.empty(), ConsoleIds.deadLetter(bad), bad);
        }
        assertEquals(Optional.empty(), ConsoleIds.deadLetter(null));
    }
}
