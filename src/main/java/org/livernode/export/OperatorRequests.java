package org.livernode.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.livernode.state.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators' requests to the outbox: {@code <root>/<id>.json}, each an action and the deliveries it is for: dead
 * letters to send again ({@code livernode resend}, the console), results held for review to release or discard (the
 * console). The node's {@link Outbox} takes them up, so that the outbox stays the one writer of job records even
 * while a command runs beside a running node (as mercure's resend moves a task back into the folder its dispatcher
 * watches). A request is written atomically and deleted once taken up.
 */
public final class OperatorRequests {
    private static final Logger log = LoggerFactory.getLogger(OperatorRequests.class);
    private static final String SUFFIX = ".json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    public OperatorRequests(Path root) {
        this.root = root;
    }

    /** What an operator asks for. */
    public enum Action {
        /** Send dead-lettered results again. */
        RESEND,
        /** Send results held for review. */
        RELEASE,
        /** Never send results held for review. */
        DISCARD
    }

    /** One delivery a request is for: the delivery of {@code file} of job {@code jobId} to {@code destination}. */
    public record Item(String destination, String jobId, String file) {
        public Item {
            for (String name : new String[] {destination, jobId, file}) {
                // Each names one folder or file in the spool; anything else would reach outside it.
                if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
                    throw new IllegalArgumentException("not a file name: " + name);
                }
            }
        }
    }

    /** A request on disk and what it asks for. */
    public record Request(Path file, Action action, List<Item> items) {
        public Request {
            items = List.copyOf(items);
        }
    }

    /**
     * The file's content.
     *
     * @param action absent in requests filed before there were other actions than resending
     */
    private record Content(Action action, List<Item> items) {
        Content {
            action = action == null ? Action.RESEND : action;
        }
    }

    /** Files a request to send these letters again; returns the request's file, which is gone once the node has taken it up. */
    public Path file(List<DeadLetters.Letter> letters) throws IOException {
        return file(Action.RESEND, letters.stream().map(l -> new Item(l.destination(), l.jobId(), l.file().getFileName().toString())).toList());
    }

    /** Files a request; returns the request's file, which is gone once the node has taken it up. */
    public Path file(Action action, List<Item> items) throws IOException {
        Path file = Files.createDirectories(root).resolve(UUID.randomUUID() + SUFFIX);
        DurableFiles.write(file, JSON.writeValueAsBytes(new Content(action, items)));
        return file;
    }

    /** The requests not taken up yet, oldest first; one that cannot be read is logged and deleted. */
    public List<Request> pending() throws IOException {
        List<Request> requests = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return requests;
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(root)) {
            files = listed.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList();
        }
        List<Path> oldestFirst = new ArrayList<>(files);
        oldestFirst.sort((a, b) -> Long.compare(modified(a), modified(b)));
        for (Path file : oldestFirst) {
            try {
                Content content = JSON.readValue(file.toFile(), Content.class);
                requests.add(new Request(file, content.action(), content.items()));
            } catch (IOException e) {
                log.error("Operator request {} cannot be read ({}); deleted: ask again (livernode resend, or the console)",
                        file, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                Files.deleteIfExists(file);
            }
        }
        return requests;
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Removes a request that was taken up (or cannot be). */
    public void done(Request request) throws IOException {
        Files.deleteIfExists(request.file());
        DurableFiles.syncDirectory(root);
    }
}
