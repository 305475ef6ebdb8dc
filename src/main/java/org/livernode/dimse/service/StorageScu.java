package org.livernode.dimse.service;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.livernode.dicom.LogSafe;
import org.livernode.dicom.Part10Reader;
import org.livernode.dicom.TransferSyntaxes;
import org.livernode.dimse.Association;
import org.livernode.dimse.DataSetWriter;
import org.livernode.dimse.DimseCommand;
import org.livernode.dimse.IncomingMessage;
import org.livernode.dimse.Pdu.PresentationContextRq;
import org.livernode.dimse.PresentationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage SCU: sends DICOM Part 10 files to a destination with C-STORE, on one association per call. For each
 * SOP class and transfer syntax among the files it proposes two presentation contexts: one with only the
 * file's own transfer syntax, and one with explicit and implicit VR little endian. A peer that accepts the first
 * gets the file's bytes unchanged (the SCP chooses among the syntaxes of one context, so offering them together
 * would let it force a re-encoding); otherwise the file is re-encoded between the two uncompressed little endian
 * syntaxes, else that file fails.
 */
public final class StorageScu {
    private static final Logger log = LoggerFactory.getLogger(StorageScu.class);
    /** Presentation context IDs are odd numbers from 1 to 255. */
    static final int MAX_PRESENTATION_CONTEXTS = 128;

    private final Requestor requestor;

    /** @param callingAeTitle our own AE title, as the destination knows us */
    public StorageScu(String callingAeTitle, Duration connectTimeout, Duration readTimeout) {
        this.requestor = new Requestor(callingAeTitle, connectTimeout, readTimeout);
    }

    /** A readable file, and where its result goes in the report. */
    private record FileToSend(int index, Part10Reader file) {
        Path path() {
            return file.file();
        }

        String sopClassUid() {
            return file.sopClassUid();
        }

        String sopInstanceUid() {
            return file.sopInstanceUid();
        }

        String transferSyntaxUid() {
            return file.transferSyntaxUid();
        }

        ContextKey key() {
            return new ContextKey(sopClassUid(), transferSyntaxUid());
        }
    }

    private record ContextKey(String sopClassUid, String transferSyntaxUid) {}

    /** The presentation context IDs proposed for one key: its own transfer syntax, and the uncompressed fallbacks. */
    private record ContextIds(int asStored, int fallback) {}

    /**
     * Sends the files and reports on each, in the order given. A file is reported stored only when the
     * destination answered success or warning for it.
     *
     * @throws IOException when no association could be made (connection refused, rejected); nothing was sent
     * @throws IllegalArgumentException when the files need more than 128 presentation contexts
     */
    public List<StoreResult> send(RemoteAe destination, List<Path> files) throws IOException {
        return send(destination, files, Duration.ZERO);
    }

    /**
     * As {@link #send(RemoteAe, List)}, with the C-STORE requests started {@code spacing} apart at the earliest (on a
     * fixed schedule from the first, as a scanner sends while it reconstructs); zero sends as fast as the peer answers.
     */
    public List<StoreResult> send(RemoteAe destination, List<Path> files, Duration spacing) throws IOException {
        if (spacing.isNegative()) {
            throw new IllegalArgumentException("spacing between C-STORE requests must not be negative: " + spacing);
        }
        StoreResult[] results = new StoreResult[files.size()];
        List<FileToSend> readable = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            try {
                readable.add(new FileToSend(i, Part10Reader.open(files.get(i))));
            } catch (IOException e) {
                results[i] = StoreResult.notSent(files.get(i), "", "not a readable DICOM Part 10 file: " + e.getMessage());
            }
        }
        if (!readable.isEmpty()) {
            Map<ContextKey, ContextIds> contextIds = new LinkedHashMap<>();
            readable.forEach(file -> contextIds.computeIfAbsent(file.key(),
                    key -> new ContextIds(4 * contextIds.size() + 1, 4 * contextIds.size() + 3)));
            if (2 * contextIds.size() > MAX_PRESENTATION_CONTEXTS) {
                throw new IllegalArgumentException(contextIds.size() + " SOP class and transfer syntax combinations need more than "
                        + MAX_PRESENTATION_CONTEXTS + " presentation contexts; send the files in smaller groups");
            }
            Association association = requestor.open(destination, proposals(contextIds));
            sendAll(association, destination, readable, contextIds, results, spacing.toNanos());
        }
        List<StoreResult> report = Arrays.asList(results);
        long stored = report.stream().filter(StoreResult::stored).count();
        if (stored == files.size()) {
            log.info("Sent {} file(s) to {}: all stored", files.size(), destination);
        } else {
            log.warn("Sent {} file(s) to {}: {} stored, {} not: {}", files.size(), destination, stored, files.size() - stored,
                    report.stream().filter(r -> !r.stored()).map(StoreResult::describe).toList());
        }
        return report;
    }

    private static List<PresentationContextRq> proposals(Map<ContextKey, ContextIds> contextIds) {
        List<PresentationContextRq> proposals = new ArrayList<>();
        contextIds.forEach((key, ids) -> {
            proposals.add(new PresentationContextRq(ids.asStored(), key.sopClassUid(), List.of(key.transferSyntaxUid())));
            Set<String> fallbacks = new LinkedHashSet<>(List.of(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN));
            fallbacks.remove(key.transferSyntaxUid());
            proposals.add(new PresentationContextRq(ids.fallback(), key.sopClassUid(), List.copyOf(fallbacks)));
        });
        return proposals;
    }

    private void sendAll(Association association, RemoteAe destination, List<FileToSend> files, Map<ContextKey, ContextIds> contextIds,
            StoreResult[] results, long spacingNanos) {
        Map<Integer, PresentationContext> accepted = new LinkedHashMap<>();
        association.acceptedPresentationContexts().forEach(pc -> accepted.put(pc.id(), pc));
        String lostReason = null;
        int messageId = 0;
        long firstStart = System.nanoTime();
        for (FileToSend file : files) {
            if (lostReason != null) {
                results[file.index()] = StoreResult.lost(file.path(), file.sopInstanceUid(), "not sent: " + lostReason);
                continue;
            }
            ContextIds ids = contextIds.get(file.key());
            PresentationContext context = accepted.containsKey(ids.asStored()) ? accepted.get(ids.asStored()) : accepted.get(ids.fallback());
            if (context == null) {
                results[file.index()] = StoreResult.notSent(file.path(), file.sopInstanceUid(), destination.aeTitle()
                        + " did not accept SOP class " + file.sopClassUid() + " in transfer syntax " + file.transferSyntaxUid());
                continue;
            }
            DataSetWriter writer = writerFor(file, context.transferSyntax());
            if (writer == null) {
                results[file.index()] = StoreResult.notSent(file.path(), file.sopInstanceUid(), destination.aeTitle() + " accepted only "
                        + context.transferSyntax() + ", and the file in " + file.transferSyntaxUid() + " cannot be converted to it");
                continue;
            }
            for (long wait = firstStart + messageId * spacingNanos - System.nanoTime(); wait > 0;
                    wait = firstStart + messageId * spacingNanos - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            try {
                messageId++;
                association.send(context.id(), DimseCommand.cStoreRq(messageId, file.sopClassUid(), file.sopInstanceUid()), writer);
                results[file.index()] = awaitResponse(association, destination, file, messageId);
            } catch (IOException e) {
                // Whether the peer kept the instance is unknown: it is reported as not stored.
                association.abort();
                lostReason = "the association broke during " + file.path().getFileName() + ": " + e.getMessage();
                results[file.index()] = StoreResult.lost(file.path(), file.sopInstanceUid(), lostReason);
            }
        }
        if (lostReason == null) {
            try {
                association.release();
            } catch (IOException e) {
                log.warn("Release of the association to {} failed after all responses came: {}", destination, e.getMessage());
            }
        }
    }

    private static StoreResult awaitResponse(Association association, RemoteAe destination, FileToSend file, int messageId)
            throws IOException {
        IncomingMessage response = association.receive()
                .orElseThrow(() -> new IOException(destination.aeTitle() + " released the association instead of answering"));
        DimseCommand command = response.command();
        if (command.commandField() != DimseCommand.C_STORE_RSP || command.messageIdBeingRespondedTo() != messageId) {
            throw new IOException(destination.aeTitle() + " answered C-STORE-RQ " + messageId + " with " + command);
        }
        // The peer's ErrorComment is its free text: made printable so that it cannot forge log lines.
        return new StoreResult(file.path(), file.sopInstanceUid(), OptionalInt.of(command.status()),
                LogSafe.printable(command.errorComment().orElse("")));
    }

    /** How the file's data set goes out in {@code transferSyntax}; null when it cannot. */
    private static DataSetWriter writerFor(FileToSend file, String transferSyntax) {
        return file.file().canWriteDataSetIn(transferSyntax) ? out -> file.file().writeDataSet(out, transferSyntax) : null;
    }
}
