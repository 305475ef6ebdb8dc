package org.livernode.spool;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import org.livernode.dicom.DataSetProblem;
import org.livernode.dicom.DataSetStructure;
import org.livernode.dicom.DicomReadException;
import org.livernode.dicom.FileMetaInformationWriter;
import org.livernode.dicom.InstanceHeader;
import org.livernode.dicom.LogSafe;
import org.livernode.dicom.MalformedDataSetException;
import org.livernode.dicom.PixelDataCheck;
import org.livernode.dicom.UidSyntax;
import org.livernode.spool.RejectedInstanceException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance being received into a {@code .part} file. Write the data set bytes to {@link #dataSet()}, then
 * {@link #commit()} to file it under its series; {@link #close()} deletes the {@code .part} file if it was not
 * committed (or set aside), so use try-with-resources.
 */
public final class IncomingInstance implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(IncomingInstance.class);

    private final Spool spool;
    private final Path part;
    private final String sopClassUid;
    private final String sopInstanceUid;
    private final String transferSyntaxUid;
    private final String callingAeTitle;
    private final FileChannel channel;
    private final OutputStream out;
    /** Where the data set starts, after the file meta information. */
    private final long dataSetOffset;
    private boolean finished;

    IncomingInstance(Spool spool, Path part, String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
            String callingAeTitle) throws IOException {
        this.spool = spool;
        this.part = part;
        this.sopClassUid = sopClassUid;
        this.sopInstanceUid = sopInstanceUid;
        this.transferSyntaxUid = transferSyntaxUid;
        this.callingAeTitle = callingAeTitle;
        this.channel = FileChannel.open(part, StandardOpenOption.WRITE);
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 256 * 1024);
        try {
            FileMetaInformationWriter.write(out, sopClassUid, sopInstanceUid, transferSyntaxUid, callingAeTitle);
            this.dataSetOffset = channel.position();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Where the data set bytes go, exactly as received, in the announced transfer syntax. Do not close it. */
    public OutputStream dataSet() {
        return out;
    }

    /**
     * Makes the instance durable (as the spool's {@link Durability} says) and files it: fsync, walk its structure, read its header (up to the pixel data),
     * check it against what the sender announced and its pixel data against the header, rename it into its series
     * folder and fsync that folder.
     *
     * @throws SpoolLimitException when its series already holds as many instances as the limits allow; the
     *     {@code .part} is deleted on close
     * @throws IOException when the spool cannot store it (disk full, broken folder); the {@code .part} is deleted on close
     * @throws RejectedInstanceException when the data set cannot be filed; it was moved to {@code failed/}
     */
    public SpooledInstance commit() throws IOException, RejectedInstanceException {
        out.flush();
        spool.sync(channel);
        channel.close();
        // The file was just written and synced, so from here a failure to read it is in the data set, not the disk.
        DataSetStructure.Layout layout;
        try {
            layout = DataSetStructure.read(part, dataSetOffset, transferSyntaxUid);
        } catch (MalformedDataSetException e) {
            throw setAside(e.problem());
        }
        InstanceHeader header;
        try {
            header = InstanceHeader.read(part);
        } catch (DicomReadException e) {
            throw setAside(Reason.UNREADABLE, "data set cannot be parsed: " + e.parseFailure(), e.getCause());
        }
        String dataSetSopClass = header.sopClassUid();
        String dataSetSopInstance = header.sopInstanceUid();
        String seriesUid = header.seriesInstanceUid();
        if (dataSetSopClass.isEmpty() || dataSetSopInstance.isEmpty()) {
            // PixelMed stops quietly at bytes it cannot make sense of, so garbage shows up as missing UIDs.
            throw setAside(Reason.UNREADABLE, "data set cannot be parsed: no SOP Class UID or SOP Instance UID found", null);
        }
        if (!dataSetSopClass.equals(sopClassUid)) {
            throw setAside(Reason.SOP_CLASS_MISMATCH, "data set SOP Class UID " + LogSafe.uid(dataSetSopClass)
                    + " differs from the announced " + LogSafe.uid(sopClassUid), null);
        }
        if (!dataSetSopInstance.equals(sopInstanceUid)) {
            throw setAside(Reason.SOP_INSTANCE_MISMATCH, "data set SOP Instance UID " + LogSafe.uid(dataSetSopInstance)
                    + " differs from the announced " + LogSafe.uid(sopInstanceUid), null);
        }
        if (!UidSyntax.isUid(seriesUid, UidSyntax.Leniency.AS_RECEIVED) || !UidSyntax.isUid(dataSetSopInstance, UidSyntax.Leniency.AS_RECEIVED)) {
            throw setAside(Reason.INVALID_UID, "Series Instance UID " + LogSafe.uid(seriesUid) + " or SOP Instance UID "
                    + LogSafe.uid(dataSetSopInstance) + " is absent or not a valid UID", null);
        }
        Optional<DataSetProblem> pixelProblem = PixelDataCheck.check(part, layout, transferSyntaxUid, header);
        if (pixelProblem.isPresent()) {
            throw setAside(pixelProblem.get());
        }
        Path target = file(seriesUid, dataSetSopInstance);
        return new SpooledInstance(target, dataSetSopClass, dataSetSopInstance, seriesUid, header.studyInstanceUid(), header.modality(),
                callingAeTitle, transferSyntaxUid);
    }

    /**
     * Renames the {@code .part} into its series folder, unless that would take the series beyond its limit. An
     * instance sent again replaces its earlier copy and takes no new place.
     */
    private Path file(String seriesUid, String instanceUid) throws IOException {
        Path seriesFolder = spool.seriesRoot().resolve(seriesUid);
        Path target = seriesFolder.resolve(instanceUid + Spool.INSTANCE_SUFFIX);
        Lock lock = spool.seriesLock(seriesUid);
        lock.lock();
        try {
            boolean added = !Files.exists(target);
            if (added) {
                long instances = spool.instancesIn(seriesUid);
                if (!spool.limits().seriesHasRoom(instances)) {
                    throw new SpoolLimitException("series already at node.maxInstancesPerSeries (" + instances + "): " + seriesUid);
                }
            }
            if (!Files.isDirectory(seriesFolder)) {
                Files.createDirectories(seriesFolder);
                spool.syncDirectory(spool.seriesRoot());
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            finished = true;
            if (added) {
                spool.instanceAdded(seriesUid);
            }
        } finally {
            lock.unlock();
        }
        spool.syncDirectory(seriesFolder);
        return target;
    }

    private RejectedInstanceException setAside(DataSetProblem problem) throws IOException {
        Reason reason = switch (problem.kind()) {
            case UNREADABLE -> Reason.UNREADABLE;
            case TRUNCATED -> Reason.TRUNCATED;
            case PIXEL_DATA_TOO_SHORT -> Reason.PIXEL_DATA_TOO_SHORT;
        };
        return setAside(reason, problem.message(), null);
    }

    private RejectedInstanceException setAside(Reason reason, String message, Throwable cause) throws IOException {
        Path kept = spool.failedFolder().resolve(part.getFileName().toString().replace(Spool.PART_SUFFIX, ".dcm"));
        Files.move(part, kept, StandardCopyOption.ATOMIC_MOVE);
        finished = true;
        spool.syncDirectory(spool.failedFolder());
        return new RejectedInstanceException(reason, message + "; kept as " + kept, cause);
    }

    @Override
    public void close() {
        try {
            channel.close();
            if (!finished) {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            log.warn("Cannot delete partial file {}: {}", part, e.toString());
        }
    }
}
