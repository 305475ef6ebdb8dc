package org.livernode.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.livernode.series.SeriesLogContext;
import org.livernode.volume.CtSlice;
import org.livernode.volume.PixelReader;
import org.livernode.volume.VolumeAssembler;
import org.livernode.volume.VolumeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Segments slices while their series arrives, so that at completion only the last chunk, the 3-D post-processing and
 * the encoders remain. Each instance the spool holds (after its fsync) is read, decoded, pre-processed and run
 * through the model on one background thread, in the order the instances arrive: in full chunks while instances
 * wait to be read, and at once when none do (a scanner's pace leaves time between them) if the model runs in this
 * process. While instances arrive back to back (a PACS sending at full speed) the thread waits for a pause, unless a
 * job waits for it, so that receiving is not slowed down. A slice's probabilities do not depend on its chunk (the
 * shipped model's test says so), so the result is the batch path's, voxel for voxel.
 * Nothing here decides about the series: at completion the volume is assembled from the spool as before, and a slice
 * is taken from the stream only if its file is the one that was read and the volume's orientation is the stream's
 * ({@link StreamedSlices}); a series that fails assembly fails as it always did, and the stream's work is dropped.
 * Memory is bounded: the planes held for series not complete yet stay within a budget, beyond which a series is left
 * to the completion path, as are instances arriving faster than the thread keeps up.
 */
public final class StreamingSegmenter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamingSegmenter.class);

    /** Instances waiting for the thread beyond which new ones are left to the completion path. */
    static final int MAX_WAITING = 4096;
    /**
     * Instances stored closer together than this mean a sender sends as fast as the node receives (a PACS, not a
     * scanner): the thread waits for a pause, so that receiving keeps its speed on a machine with few cores.
     */
    static final long RECEIVING_GAP_NANOS = 10_000_000;

    private final ChunkModel model;
    private final ModelManifest manifest;
    private final long budgetBytes;
    /** Names this process's streams, so that their model requests never match those of an earlier run. */
    private final String runId = UUID.randomUUID().toString();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "series-streaming");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile long lastStoredNanos = System.nanoTime();
    /** Jobs waiting for their stream: the thread must not wait for a pause then. */
    private final AtomicInteger takes = new AtomicInteger();
    /** Series with an instance that was not queued (too many waiting): their stream is incomplete, so it is dropped. */
    private final Set<String> overflowed = ConcurrentHashMap.newKeySet();

    // Touched by the streaming thread only.
    private final Map<String, SeriesStream> streams = new HashMap<>();
    private long heldBytes;
    private long streamCount;

    private final StreamAdmission admission;

    private StreamingSegmenter(ChunkModel model, long budgetBytes, StreamAdmission admission) {
        this.model = model;
        this.manifest = model.manifest();
        this.budgetBytes = budgetBytes;
        this.admission = admission;
    }

    /**
     * A segmenter that streams with {@code model}, holding at most {@code budgetBytes} of mask planes for series not
     * complete yet, and only series that {@code admission} lets in; empty when the model's pre-processing needs
     * statistics of the whole scan, which only completion has.
     */
    public static Optional<StreamingSegmenter> start(ChunkModel model, long budgetBytes, StreamAdmission admission) {
        if (model.manifest().needsScanStatistics()) {
            log.info("Model {} {} needs statistics of the whole scan for its pre-processing: series are segmented when complete, not while they arrive",
                    model.manifest().name(), model.manifest().version());
            return Optional.empty();
        }
        return Optional.of(new StreamingSegmenter(model, budgetBytes, admission));
    }

    /** An instance of a series is in the spool (fsync'ed and renamed): queues it for segmenting. Never blocks. */
    public void instanceStored(String seriesInstanceUid, Path file) {
        lastStoredNanos = System.nanoTime();
        if (waiting.incrementAndGet() > MAX_WAITING) {
            waiting.decrementAndGet();
            overflowed.add(seriesInstanceUid);
            return;
        }
        try {
            thread.execute(() -> {
                try {
                    yieldToReceiving();
                } catch (InterruptedException e) {
                    // Closing.
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    waiting.decrementAndGet();
                }
                try (MDC.MDCCloseable series = SeriesLogContext.of(seriesInstanceUid)) {
                    segment(seriesInstanceUid, file);
                }
            });
        } catch (RejectedExecutionException e) {
            // Closing: completion (at the next start) segments the series.
            waiting.decrementAndGet();
        }
    }

    /**
     * What was segmented of the series, once every instance queued before this call has been segmented (the last
     * chunk runs now); the series is forgotten, and instances stored after this start a new stream. Waits for the
     * stream; gives {@link StreamedSlices#NONE} when nothing usable was streamed.
     */
    public StreamedSlices take(String seriesInstanceUid) {
        takes.incrementAndGet();
        try {
            Future<StreamedSlices> taken = thread.submit(() -> {
                try (MDC.MDCCloseable series = SeriesLogContext.of(seriesInstanceUid)) {
                    return finish(seriesInstanceUid);
                }
            });
            return taken.get();
        } catch (RejectedExecutionException e) {
            return StreamedSlices.NONE;
        } catch (ExecutionException e) {
            log.warn("What was segmented while the series arrived is dropped ({}); it is segmented now", e.getCause().toString());
            return StreamedSlices.NONE;
        } catch (InterruptedException e) {
            // The node is stopping; the caller's next wait sees the interrupt.
            Thread.currentThread().interrupt();
            return StreamedSlices.NONE;
        } finally {
            takes.decrementAndGet();
        }
    }

    /** Waits while instances arrive back to back, unless a job waits for its stream. */
    private void yieldToReceiving() throws InterruptedException {
        while (takes.get() == 0) {
            long quiet = System.nanoTime() - lastStoredNanos;
            if (quiet >= RECEIVING_GAP_NANOS) {
                return;
            }
            Thread.sleep(Math.max(1, (RECEIVING_GAP_NANOS - quiet) / 1_000_000));
        }
    }

    /** A file as it was read: its slice number in the stream is its place in {@link SeriesStream#reads}. */
    private record Read(Path file, StreamedSlices.FileStamp stamp) {}

    /** A series' stream, on the streaming thread: the files in the order they were read, and their planes. */
    private final class SeriesStream {
        final String key;
        final List<Read> reads = new ArrayList<>();
        final Map<Path, StreamedSlices.Plane> planes = new HashMap<>();
        final SegmentationTimings timings = new SegmentationTimings();
        Reorientation orientation;
        ChunkedInference inference;
        long bytes;
        boolean dropped;

        SeriesStream() {
            this.key = "stream-" + runId + "-" + (++streamCount);
        }

        /** Keeps a slice's plane (a later read of the same file replaces an earlier one) and counts what it holds. */
        void accept(int slice, byte[] values, SliceStatistics statistics) {
            Read read = reads.get(slice);
            StreamedSlices.Plane replaced = planes.put(read.file(), new StreamedSlices.Plane(read.stamp(), values, statistics));
            long released = planeBytes() - (values == null ? 0 : values.length) + (replaced == null || replaced.values() == null ? 0 : replaced.values().length);
            bytes -= released;
            heldBytes -= released;
        }

        /** Bytes a slice may hold: reserved when it is read, released when its plane turns out empty or is replaced. */
        long planeBytes() {
            return (long) orientation.rows() * orientation.columns();
        }

        void drop(String reason) {
            if (!dropped) {
                log.info("No longer segmented while the series arrives ({}); its completion decides what becomes of it", reason);
            }
            dropped = true;
            if (inference != null) {
                inference.cancel();
            }
            planes.clear();
            heldBytes -= bytes;
            bytes = 0;
        }
    }

    private void segment(String seriesInstanceUid, Path file) {
        SeriesStream stream = streams.get(seriesInstanceUid);
        if (stream == null) {
            stream = new SeriesStream();
            streams.put(seriesInstanceUid, stream);
            Optional<String> refusal = admission.refusal(file);
            if (refusal.isPresent()) {
                stream.drop(refusal.get());
                return;
            }
        }
        if (stream.dropped) {
            return;
        }
        if (overflowed.contains(seriesInstanceUid)) {
            stream.drop("more than " + MAX_WAITING + " instances were waiting to be segmented");
            return;
        }
        // The stamp is taken before the file is read: a file replaced in between is found changed at completion.
        Optional<StreamedSlices.FileStamp> stamp = StreamedSlices.FileStamp.of(file);
        if (stamp.isEmpty()) {
            return;
        }
        try {
            Optional<CtSlice> slice = VolumeAssembler.slice(file);
            if (slice.isEmpty()) {
                return;
            }
            if (!VolumeAssembler.isAxial(slice.get().geometry())) {
                // Not segmented at completion either (or refused as a mixed series): no model run for it now.
                stream.drop("its slices are not axial");
                return;
            }
            Reorientation orientation = Reorientation.of(slice.get().geometry(), manifest.rowDirection(), manifest.columnDirection());
            if (stream.orientation == null) {
                stream.orientation = orientation;
                stream.inference = new ChunkedInference(model, orientation, stream.key, 0, stream.timings, stream::accept);
            } else if (!orientation.equals(stream.orientation)) {
                // Another grid or orientation: the completion path segments it, or refuses the series.
                return;
            }
            if (heldBytes + stream.planeBytes() > budgetBytes) {
                stream.drop("its masks would take the streaming budget of " + budgetBytes / (1024 * 1024) + " MiB past");
                return;
            }
            long t0 = System.nanoTime();
            short[] hu = PixelReader.hounsfieldUnits(slice.get());
            stream.timings.decodeNanos += System.nanoTime() - t0;
            stream.reads.add(new Read(file, stamp.get()));
            stream.bytes += stream.planeBytes();
            heldBytes += stream.planeBytes();
            stream.inference.add(stream.reads.size() - 1, hu);
            if (waiting.get() == 0 && model.chunksInFlight() == 1) {
                // Nothing else to read: the slices gathered so far run now rather than wait for a full chunk, so that
                // little is left at completion. Instances that come faster than this keep the chunks full. A model
                // behind a broker gets full chunks only: a message per slice would cost a confirm and a round trip each
                // (measured: +1.37 s at completion against +0.32 s with full chunks, IRCADb at 40 slices/s).
                stream.inference.flush();
            }
        } catch (VolumeException e) {
            // Not a usable slice: completion says so in the series' record, as before.
            log.debug("{} is not segmented while the series arrives: {}", file.getFileName(), e.getMessage());
        } catch (InferenceException | RuntimeException e) {
            stream.drop("the model failed: " + e.getMessage());
        }
    }

    private StreamedSlices finish(String seriesInstanceUid) {
        SeriesStream stream = streams.remove(seriesInstanceUid);
        overflowed.remove(seriesInstanceUid);
        if (stream == null || stream.dropped || stream.inference == null) {
            return StreamedSlices.NONE;
        }
        try {
            stream.inference.finish();
        } catch (InferenceException | RuntimeException e) {
            stream.drop("the model failed on the last chunk: " + e.getMessage());
            return StreamedSlices.NONE;
        }
        heldBytes -= stream.bytes;
        log.info("{} slices segmented while the series arrived (decode {} ms, pre-process {} ms, model {} ms, mask {} ms)", stream.planes.size(),
                stream.timings.decodeMillis(), stream.timings.preprocessMillis(), stream.timings.modelMillis(), stream.timings.postprocessMillis());
        return new StreamedSlices(stream.key, stream.orientation, stream.planes);
    }

    /** Stops the thread; what was streamed is dropped (completion at the next start segments those series). */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
