package org.livernode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.export.DeadLetters;
import org.livernode.export.OperatorRequests;

/** {@code resend} without a node: it files a request for the outbox and sends nothing itself. */
class ResendCommandTest {
    private final CliRun cli = new CliRun();

    @TempDir
    Path dir;

    @Test
    void filesARequestForTheLettersOfConfiguredDestinationsAndWaitsInVainWithoutANode() throws Exception {
        Path spool = dir.resolve("spool");
        DeadLetters deadLetters = new DeadLetters(spool.resolve("dead-letter"));
        Path output = Files.writeString(dir.resolve("seg-1.2.3.dcm"), "SEG");
        deadLetters.add("pacs", "1.2.3-0123456789abcdef", output, "refused");
        deadLetters.add("retired", "1.2.3-0123456789abcdef", output, "refused");
        Path config = Files.writeString(dir.resolve("livernode.yaml"), """
                node: { spoolDir: %s }
                destinations:
                  - { name: pacs, aeTitle: ORTHANC, host: 127.0.0.1, port: 4242 }
                """.formatted(spool));

        assertEquals(1, cli.run("resend", "--config", config.toString(), "--wait", "1"));
        assertTrue(cli.printed().contains("requeued: seg-1.2.3.dcm to pacs (job 1.2.3-0123456789abcdef)"), cli.printed());
        assertTrue(cli.printed().contains("requeued 1 of 2 dead-lettered result(s)"), cli.printed());
        assertTrue(cli.errors().contains("left: ") && cli.errors().contains("destination retired is not configured"), cli.errors());
        assertTrue(cli.errors().contains("the node did not take the request up within 1 s"), cli.errors());

        List<OperatorRequests.Request> requests = new OperatorRequests(spool.resolve("resend")).pending();
        assertEquals(1, requests.size(), "the request waits for the node");
        assertEquals(List.of(new OperatorRequests.Item("pacs", "1.2.3-0123456789abcdef", "seg-1.2.3.dcm")), requests.get(0).items());
        assertEquals(2, deadLetters.list(null).size(), "the letters stay until the outbox moves them back");
    }

    @Test
    void aNegativeWaitIsACommandLineMistake() throws Exception {
        Path config = Files.writeString(dir.resolve("livernode.yaml"), "node: { spoolDir: %s }\n".formatted(dir.resolve("spool")));
        assertEquals(2, cli.run("resend", "--config", config.toString(), "--wait", "-1"));
        assertTrue(cli.errors().contains("--wait must be 0 or more seconds"), cli.errors());
    }
}
