package org.livernode.export;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
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
import org.livernode.dicom.LogSafe;
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
    private static final Set<String> UNCOMPRESSED_LITTLE_ENDIAN = Set.of(TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian);

    private final String callingAeTitle;
    private final Duration connectTimeout;
    private final Duration readTimeout;

    /** @param callingAeTitle our own AE title, as the destination knows us */
    public StorageScu(String callingAeTitle, Duration connectTimeout, Duration readTimeout) {
        this.callingAeTitle = callingAeTitle;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
    }

    /** A readable file: what its meta information says, and where its data set starts. */
    private record FileToSend(int index, Path path, String sopClassUid, String sopInstanceUid, String transferSyntaxUid, long dataSetOffset) {
        ContextKey key() {
            return new ContextKey(sopClassUid, transferSyntaxUid);
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
    public List<StoreResult> send(Destination destination, List<Path> files) throws IOException {
        StoreResult[] results = new StoreResult[files.size()];
        List<FileToSend> readable = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            try {
                readable.add(readFileMetaInformation(i, files.get(i)));
            } catch (IOException | DicomException e) {
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
            Association association = Requestor.open(callingAeTitle, destination, proposals(contextIds), connectTimeout, readTimeout);
            sendAll(association, destination, readable, contextIds, results);
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
            Set<String> fallbacks = new LinkedHashSet<>(List.of(TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian));
            fallbacks.remove(key.transferSyntaxUid());
            proposals.add(new PresentationContextRq(ids.fallback(), key.sopClassUid(), List.copyOf(fallbacks)));
        });
        return proposals;
    }

    private void sendAll(Association association, Destination destination, List<FileToSend> files, Map<ContextKey, ContextIds> contextIds,
            StoreResult[] results) {
        Map<Integer, PresentationContext> accepted = new LinkedHashMap<>();
        association.acceptedPresentationContexts().forEach(pc -> accepted.put(pc.id(), pc));
        String lostReason = null;
        int messageId = 0;
        for (FileToSend file : files) {
            if (lostReason != null) {
                results[file.index()] = StoreResult.notSent(file.path(), file.sopInstanceUid(), "not sent: " + lostReason);
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
            try {
                messageId++;
                association.send(context.id(), DimseCommand.cStoreRq(messageId, file.sopClassUid(), file.sopInstanceUid()), writer);
                results[file.index()] = awaitResponse(association, destination, file, messageId);
            } catch (IOException e) {
                // Whether the peer kept the instance is unknown: it is reported as not stored.
                association.abort();
                lostReason = "the association broke during " + file.path().getFileName() + ": " + e.getMessage();
                results[file.index()] = StoreResult.notSent(file.path(), file.sopInstanceUid(), lostReason);
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

    private static StoreResult awaitResponse(Association association, Destination destination, FileToSend file, int messageId)
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
        if (transferSyntax.equals(file.transferSyntaxUid())) {
            return out -> {
                try (InputStream in = Files.newInputStream(file.path())) {
                    in.skipNBytes(file.dataSetOffset());
                    in.transferTo(out);
                }
            };
        }
        if (UNCOMPRESSED_LITTLE_ENDIAN.contains(transferSyntax) && UNCOMPRESSED_LITTLE_ENDIAN.contains(file.transferSyntaxUid())) {
            return out -> {
                try {
                    AttributeList list = new AttributeList();
                    list.read(file.path().toFile());
                    list.removeMetaInformationHeaderAttributes();
                    DicomOutputStream dicomOut = new DicomOutputStream(out, null, transferSyntax);
                    list.write(dicomOut);
                    dicomOut.flush();
                } catch (DicomException e) {
                    throw new IOException("cannot re-encode " + file.path() + " in " + transferSyntax + ": " + e.getMessage(), e);
                }
            };
        }
        return null;
    }

    private static FileToSend readFileMetaInformation(int index, Path path) throws IOException, DicomException {
        try (DicomInputStream in = new DicomInputStream(new BufferedInputStream(Files.newInputStream(path)))) {
            AttributeList meta = new AttributeList();
            long dataSetOffset = meta.readOnlyMetaInformationHeader(in);
            String sopClassUid = Attribute.getSingleStringValueOrEmptyString(meta, TagFromName.MediaStorageSOPClassUID).strip();
            String sopInstanceUid = Attribute.getSingleStringValueOrEmptyString(meta, TagFromName.MediaStorageSOPInstanceUID).strip();
            String transferSyntaxUid = Attribute.getSingleStringValueOrEmptyString(meta, TagFromName.TransferSyntaxUID).strip();
            if (sopClassUid.isEmpty() || sopInstanceUid.isEmpty() || transferSyntaxUid.isEmpty()) {
                throw new DicomException("no file meta information with SOP class, SOP instance and transfer syntax");
            }
            return new FileToSend(index, path, sopClassUid, sopInstanceUid, transferSyntaxUid, dataSetOffset);
        }
    }
}
