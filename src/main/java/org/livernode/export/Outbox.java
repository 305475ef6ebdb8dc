package org.livernode.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.livernode.dimse.service.StorageScu;
import org.livernode.dimse.service.StoreResult;
import org.livernode.metrics.NodeMetrics;
import org.livernode.series.SeriesLogContext;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Delivers the results of jobs to their destinations, durably: the state of every delivery is in the job's
 * record on disk, so a restart resumes where the node stopped, and a result the PACS already has is only sent
 * again with the same UIDs (a PACS keeps one copy per SOP Instance UID). Failures are retried with
 * {@link RetryDelay} until the give-up age, or dead-lettered at once when retrying cannot help. All attempts run
 * on one thread, which is also the only writer of delivery states. Each attempt is counted in the metrics, and
 * a job whose deliveries are all done (delivered or given up) is handed to {@code finished}. Dead letters are
 * sent again when an operator asks with {@code livernode resend}: that files a {@link OperatorRequests request},
 * which this thread takes up (every {@link #RESEND_POLL}, and at startup), so the command never writes a job
 * record that the running node may be writing too.
 */
public final class Outbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Outbox.class);
    /** How often the resend requests folder is looked at: an operator waits about this long at most. */
    static final Duration RESEND_POLL = Duration.ofSeconds(1);

    private final JobStore jobs;
    private final Map<String, Destination> destinations;
    private final StorageScu sender;
    private final RetryDelay retryDelay;
    private final Duration giveUpAfter;
    private final DeadLetters deadLetters;
    private final OperatorRequests operatorRequests;
    private final Clock clock;
    private final NodeMetrics metrics;
    private final Consumer<JobRecord> finished;
    /** Pending deliveries per job with any, as of its last record; their sum is the outbox's depth. */
    private final Map<String, Long> pendingByJob = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor executor = newExecutor();

    public Outbox(JobStore jobs, List<Destination> destinations, StorageScu sender, RetryDelay retryDelay, Duration giveUpAfter,
            DeadLetters deadLetters, OperatorRequests operatorRequests, Clock clock, NodeMetrics metrics, Consumer<JobRecord> finished) {
        this.jobs = jobs;
        this.destinations = new LinkedHashMap<>();
        destinations.forEach(d -> this.destinations.put(d.name(), d));
        this.sender = sender;
        this.retryDelay = retryDelay;
        this.giveUpAfter = giveUpAfter;
        this.deadLetters = deadLetters;
        this.operatorRequests = operatorRequests;
        this.clock = clock;
        this.metrics = metrics;
        this.finished = finished;
        metrics.watchOutbox(this::pendingDeliveries);
    }

    /** Deliveries (one file to one destination) not done yet, over all jobs. */
    public long pendingDeliveries() {
        return pendingByJob.values().stream().mapToLong(Long::longValue).sum();
    }

    private void track(JobRecord job) {
        long pending = job.deliveries().stream().filter(d -> d.state() == Delivery.State.PENDING).count();
        if (pending > 0) {
            pendingByJob.put(job.jobId(), pending);
        } else {
            pendingByJob.remove(job.jobId());
        }
    }

    /** Starts delivering a job's pending results now. */
    public void deliver(String jobId) {
        executor.execute(() -> attempt(jobId));
    }

    /**
     * After a restart: resumes every job that still has results to deliver, at their planned times; then takes up
     * resend requests, at once (those filed while the node was down) and every {@link #RESEND_POLL} from then on.
     */
    public void resume() throws IOException {
        for (JobRecord job : jobs.all()) {
            if (job.hasPendingDeliveries()) {
                log.info("Series {}: {} result(s) still to deliver from before the restart (job {})", job.seriesInstanceUid(),
                        job.deliveries().stream().filter(d -> d.state() == Delivery.State.PENDING).count(), job.jobId());
                track(job);
                schedule(job);
            }
        }
        executor.scheduleWithFixedDelay(this::takeUpOperatorRequests, 0, RESEND_POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void takeUpOperatorRequests() {
        try {
            for (OperatorRequests.Request request : operatorRequests.pending()) {
                Map<String, List<OperatorRequests.Item>> byJob = new LinkedHashMap<>();
                request.items().forEach(item -> byJob.computeIfAbsent(item.jobId(), k -> new ArrayList<>()).add(item));
                for (Map.Entry<String, List<OperatorRequests.Item>> job : byJob.entrySet()) {
                    takeUp(request.action(), job.getKey(), job.getValue());
                }
                operatorRequests.done(request);
            }
        } catch (IOException | RuntimeException e) {
            log.error("Operator requests cannot be taken up ({}); trying again in {}", e.getMessage(), RESEND_POLL, e);
        }
    }

    private void takeUp(OperatorRequests.Action action, String jobId, List<OperatorRequests.Item> items) throws IOException {
        Optional<JobRecord> found = jobs.find(jobId);
        if (found.isEmpty()) {
            log.error("Job {} has no record; {} of its results cannot be done and they stay where they are", jobId,
                    action.name().toLowerCase(Locale.ROOT));
            return;
        }
        try (MDC.MDCCloseable series = SeriesLogContext.of(found.get().seriesInstanceUid())) {
            switch (action) {
                case RESEND -> requeue(found.get(), items);
                case RELEASE, DISCARD -> decide(found.get(), action == OperatorRequests.Action.RELEASE, items);
            }
        }
    }

    /**
     * Releases the job's held deliveries that the items name (pending now, and delivered) or discards them (never
     * sent). A crash before the record is saved leaves the request, which is taken up again.
     */
    private void decide(JobRecord job, boolean release, List<OperatorRequests.Item> items) throws IOException {
        Instant now = clock.instant();
        Optional<JobRecord> updated = change(job, Delivery.State.HELD, "held for review", items, (item, held) -> {
            log.info("{} to {} {} by an operator after review", item.file(), item.destination(), release ? "released" : "discarded");
            return Optional.of(release ? held.released(now) : held.discarded("discarded by an operator after review"));
        });
        if (updated.isEmpty()) {
            return;
        }
        if (release && !job.hasPendingDeliveries()) {
            schedule(updated.get());
        } else if (!updated.get().hasPendingDeliveries() && !updated.get().hasHeldDeliveries()) {
            // Discarding the last held result finishes the job's deliveries as a delivery would.
            finished.accept(updated.get());
        }
    }

    /**
     * Makes the job's dead deliveries that the items name pending again, with their letters moved back into the job
     * folder, and delivers them. The letter is moved before the record is saved and the request deleted after, so a
     * crash in between leaves a request that is taken up again (a delivery still dead, its file in the job folder).
     */
    private void requeue(JobRecord job, List<OperatorRequests.Item> items) throws IOException {
        Path folder = jobs.folder(job.jobId());
        Instant now = clock.instant();
        Optional<JobRecord> updated = change(job, Delivery.State.DEAD, "given up", items, (item, dead) -> {
            if (!deadLetters.moveBack(item.destination(), job.jobId(), item.file(), folder) && !Files.isRegularFile(folder.resolve(item.file()))) {
                log.error("{} to {} cannot be sent again: neither the dead-letter folder nor job folder {} holds it", item.file(),
                        item.destination(), folder);
                return Optional.empty();
            }
            log.info("{} to be sent to {} again, as asked (livernode resend)", item.file(), item.destination());
            return Optional.of(dead.requeued(now));
        });
        // A job with other deliveries still pending has its attempts scheduled already; the requeued ones join the next.
        if (updated.isPresent() && !job.hasPendingDeliveries()) {
            schedule(updated.get());
        }
    }

    /** What an operator's request makes of one delivery it names; empty leaves it as it is (and says why). */
    private interface DeliveryChange {
        Optional<Delivery> apply(OperatorRequests.Item item, Delivery delivery) throws IOException;
    }

    /**
     * Applies {@code change} to each delivery the items name that is in {@code state} (the others are logged and left),
     * and saves the job when one changed; returns the saved record, or empty when nothing changed.
     */
    private Optional<JobRecord> change(JobRecord job, Delivery.State state, String stateInWords, List<OperatorRequests.Item> items,
            DeliveryChange change) throws IOException {
        List<Delivery> deliveries = new ArrayList<>(job.deliveries());
        boolean changed = false;
        for (OperatorRequests.Item item : items) {
            int i = indexOf(deliveries, state, item);
            if (i < 0) {
                log.warn("{} to {} is not {} in job {}; nothing to do", item.file(), item.destination(), stateInWords, job.jobId());
                continue;
            }
            Optional<Delivery> updated = change.apply(item, deliveries.get(i));
            if (updated.isPresent()) {
                deliveries.set(i, updated.get());
                changed = true;
            }
        }
        if (!changed) {
            return Optional.empty();
        }
        JobRecord updated = job.withDeliveries(deliveries);
        jobs.save(updated);
        track(updated);
        return Optional.of(updated);
    }

    private static int indexOf(List<Delivery> deliveries, Delivery.State state, OperatorRequests.Item item) {
        for (int i = 0; i < deliveries.size(); i++) {
            Delivery d = deliveries.get(i);
            if (d.state() == state && d.destination().equals(item.destination()) && d.file().equals(item.file())) {
                return i;
            }
        }
        return -1;
    }

    private void schedule(JobRecord job) {
        Instant now = clock.instant();
        Instant next = job.deliveries().stream().filter(d -> d.state() == Delivery.State.PENDING)
                .map(d -> d.nextAttempt() == null ? now : d.nextAttempt()).min(Instant::compareTo).orElse(now);
        long delay = Math.max(0, Duration.between(now, next).toMillis());
        if (!executor.isShutdown()) {
            executor.schedule(() -> attempt(job.jobId()), delay, TimeUnit.MILLISECONDS);
        }
    }

    private void attempt(String jobId) {
        try {
            Optional<JobRecord> found = jobs.find(jobId);
            if (found.isEmpty()) {
                log.error("Job {} has no record; nothing to deliver", jobId);
                return;
            }
            try (MDC.MDCCloseable series = SeriesLogContext.of(found.get().seriesInstanceUid())) {
                deliverDue(found.get());
            }
        } catch (IOException | RuntimeException e) {
            log.error("Job {}: delivery attempt failed unexpectedly ({}); retrying in {}", jobId, e.getMessage(), retryDelay.after(1), e);
            executor.schedule(() -> attempt(jobId), retryDelay.after(1).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Sends the job's due files, saves its record with what came of them, and schedules the next attempt or says it is done. */
    private void deliverDue(JobRecord job) throws IOException {
        track(job);
        Instant now = clock.instant();
        List<Delivery> deliveries = new ArrayList<>(job.deliveries());
        Map<String, List<Integer>> dueByDestination = new LinkedHashMap<>();
        for (int i = 0; i < deliveries.size(); i++) {
            Delivery d = deliveries.get(i);
            if (d.state() == Delivery.State.PENDING && (d.nextAttempt() == null || !d.nextAttempt().isAfter(now))) {
                dueByDestination.computeIfAbsent(d.destination(), k -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<String, List<Integer>> due : dueByDestination.entrySet()) {
            sendTo(job, due.getKey(), due.getValue(), deliveries);
        }
        JobRecord updated = job.withDeliveries(deliveries);
        jobs.save(updated);
        track(updated);
        if (updated.hasPendingDeliveries()) {
            schedule(updated);
        } else if (!dueByDestination.isEmpty()) {
            finished.accept(updated);
        }
    }

    /** One association per destination for all of the job's due files (SEG and RTSTRUCT together). */
    private void sendTo(JobRecord job, String destinationName, List<Integer> indexes, List<Delivery> deliveries) throws IOException {
        Path folder = jobs.folder(job.jobId());
        Destination destination = destinations.get(destinationName);
        if (destination == null) {
            for (int i : indexes) {
                deliveries.set(i, giveUp(job, deliveries.get(i), folder, "destination " + destinationName + " is no longer configured"));
            }
            return;
        }
        List<Path> files = indexes.stream().map(i -> folder.resolve(deliveries.get(i).file())).toList();
        List<StoreResult> results;
        try {
            results = sender.send(destination, files);
        } catch (IOException e) {
            metrics.exportAttempted(destinationName, files.size(), files.size());
            // Unreachable, association rejected or aborted: the destination may be back later.
            for (int i : indexes) {
                deliveries.set(i, retryOrGiveUp(job, deliveries.get(i), folder, e.getMessage()));
            }
            return;
        }
        metrics.exportAttempted(destinationName, files.size(), (int) results.stream().filter(r -> !r.stored()).count());
        for (int k = 0; k < indexes.size(); k++) {
            int i = indexes.get(k);
            Delivery d = deliveries.get(i);
            StoreResult r = results.get(k);
            if (r.stored()) {
                Instant now = clock.instant();
                deliveries.set(i, d.delivered(now));
                if (r.status().getAsInt() != 0) {
                    log.warn("{} delivered to {} with a warning: {}", d.file(), destination, r.describe());
                } else {
                    log.info("{} delivered to {}", d.file(), destination);
                }
            } else if (FailureClass.of(r) == FailureClass.PERMANENT) {
                deliveries.set(i, giveUp(job, d, folder, destination + " refused it: " + r.describe()));
            } else {
                deliveries.set(i, retryOrGiveUp(job, d, folder, r.describe()));
            }
        }
    }

    private Delivery retryOrGiveUp(JobRecord job, Delivery d, Path folder, String error) throws IOException {
        Instant now = clock.instant();
        Instant first = d.firstAttempt() == null ? now : d.firstAttempt();
        if (!now.isBefore(first.plus(giveUpAfter))) {
            return giveUp(job, d, folder, "still failing after " + giveUpAfter + ": " + error);
        }
        Duration wait = retryDelay.after(d.attempts() + 1);
        log.warn("{} not delivered to {} (attempt {}): {}; retrying in {} s", d.file(), d.destination(), d.attempts() + 1, error,
                wait.toMillis() / 1000.0);
        return d.failed(now, now.plus(wait), error);
    }

    private Delivery giveUp(JobRecord job, Delivery d, Path folder, String reason) throws IOException {
        Path letter = deadLetters.add(d.destination(), job.jobId(), folder.resolve(d.file()), reason);
        log.error("{} NOT delivered to {}, given up: {}; kept in {} (send it again with: livernode resend)", d.file(), d.destination(),
                reason, letter);
        return d.dead(clock.instant(), reason);
    }

    /**
     * Closing drops what is scheduled but lets an attempt in progress finish writing its record: interrupting it would
     * close the job record's file channel in the middle of its fsync (FileChannel is interruptible) and skip the
     * notice that the job's deliveries are done.
     */
    private static ScheduledThreadPoolExecutor newExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "export"));
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        return executor;
    }

    /** Stops attempting; pending deliveries stay on disk and resume at the next start. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
