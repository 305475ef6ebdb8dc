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
 * Operators' requests to deliver dead-lettered results again: {@code <root>/<id>.json}, each naming the letters
 * to send again. {@code livernode resend} files them and the node's {@link Outbox} takes them up, so that the
 * outbox stays the one writer of job records even while the command runs beside a running node (as mercure's
 * resend moves a task back into the folder its dispatcher watches). A request is written atomically and deleted
 * once the deliveries it names are pending again.
 */
public final class ResendRequests {
    private static final Logger log = LoggerFactory.getLogger(ResendRequests.class);
    private static final String SUFFIX = ".json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    public ResendRequests(Path root) {
        this.root = root;
    }

    /** One dead-lettered result to send again: the delivery of {@code file} of job {@code jobId} to {@code destination}. */
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
    public record Request(Path file, List<Item> items) {
        public Request {
            items = List.copyOf(items);
        }
    }

    /** The file's content. */
    private record Content(List<Item> items) {}

    /** Files a request for these letters; returns the request's file, which is gone once the node has taken it up. */
    public Path file(List<DeadLetters.Letter> letters) throws IOException {
        List<Item> items = letters.stream().map(l -> new Item(l.destination(), l.jobId(), l.file().getFileName().toString())).toList();
        Path file = Files.createDirectories(root).resolve(UUID.randomUUID() + SUFFIX);
        DurableFiles.write(file, JSON.writeValueAsBytes(new Content(items)));
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
                requests.add(new Request(file, JSON.readValue(file.toFile(), Content.class).items()));
            } catch (IOException e) {
                log.error("Resend request {} cannot be read ({}); deleted: run livernode resend again",
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

    /** Removes a request whose deliveries are pending again (or cannot be). */
    public void done(Request request) throws IOException {
        Files.deleteIfExists(request.file());
        DurableFiles.syncDirectory(root);
    }
}
