package org.livernode.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files between {@code livernode resend} and the outbox: requests, and letters moved back into their job folder. */
class OperatorRequestsTest {
    @TempDir
    Path dir;

    @Test
    void aFiledRequestNamesItsLettersUntilItIsDone() throws Exception {
        DeadLetters deadLetters = new DeadLetters(dir.resolve("dead-letter"));
        Path output = Files.writeString(dir.resolve("seg-1.2.3.dcm"), "SEG");
        deadLetters.add("pacs", "1.2.3-0123456789abcdef", output, "refused");
        OperatorRequests requests = new OperatorRequests(dir.resolve("resend"));

        Path file = requests.file(deadLetters.list(null));
        List<OperatorRequests.Request> pending = requests.pending();
        assertEquals(1, pending.size());
        assertEquals(file, pending.get(0).file());
        assertEquals(List.of(new OperatorRequests.Item("pacs", "1.2.3-0123456789abcdef", "seg-1.2.3.dcm")), pending.get(0).items());

        requests.done(pending.get(0));
        assertFalse(Files.exists(file));
        assertEquals(List.of(), requests.pending());
    }

    @Test
    void aRequestThatNamesSomethingOutsideTheSpoolIsDeletedUnread() throws Exception {
        OperatorRequests requests = new OperatorRequests(dir.resolve("resend"));
        Path forged = Files.writeString(Files.createDirectories(dir.resolve("resend")).resolve("forged.json"),
                "{\"items\":[{\"destination\":\"pacs\",\"jobId\":\"../../etc\",\"file\":\"passwd\"}]}");
        assertEquals(List.of(), requests.pending());
        assertFalse(Files.exists(forged));
    }

    @Test
    void aLetterMovedBackLeavesNoTraceInTheDeadLetterFolder() throws Exception {
        DeadLetters deadLetters = new DeadLetters(dir.resolve("dead-letter"));
        Path jobFolder = Files.createDirectories(dir.resolve("jobs/job-1"));
        Path output = Files.writeString(jobFolder.resolve("seg-1.dcm"), "SEG");
        deadLetters.add("pacs", "job-1", output, "refused");
        Files.delete(output);

        assertTrue(deadLetters.moveBack("pacs", "job-1", "seg-1.dcm", jobFolder));
        assertEquals("SEG", Files.readString(output));
        assertEquals(List.of(), deadLetters.list(null));
        assertFalse(Files.exists(dir.resolve("dead-letter/pacs/job-1")), "the emptied job folder is removed");
        assertFalse(deadLetters.moveBack("pacs", "job-1", "seg-1.dcm", jobFolder), "nothing left to move");
    }
}
