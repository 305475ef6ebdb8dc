package org.livernode.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.livernode.dicom.InstanceHeader;
import org.livernode.dicom.Tag;
import org.livernode.series.SeriesTracker;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;

/**
 * What the console's JSON API says about series, jobs, deliveries and dead letters. Pure: records in, JSON out.
 * Jobs are named by UIDs; patient identifiers appear only where {@code logging.patientIdentifiers} allows them.
 */
public final class ConsoleViews {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ConsoleViews() {}

    /** The state of a series the console shows, for a job on record. */
    public static String state(JobRecord job) {
        return switch (job.outcome()) {
            case FAILED -> "failed";
            case NO_RULE -> "no rule";
            case NOT_APPLICABLE -> "not applicable";
            case PROCESSED -> {
                List<Delivery.State> states = job.deliveries().stream().map(Delivery::state).toList();
                if (states.contains(Delivery.State.PENDING)) {
                    yield "delivering";
                }
                if (states.contains(Delivery.State.HELD)) {
                    yield "held for review";
                }
                if (states.contains(Delivery.State.DEAD)) {
                    yield "undelivered";
                }
                if (!states.isEmpty() && states.stream().allMatch(Delivery.State.DISCARDED::equals)) {
                    yield "discarded";
                }
                yield states.isEmpty() ? "processed" : "delivered";
            }
        };
    }

    /** One line of the job list: a job on record, with the milliseconds each stage took (empty when unknown). */
    public static ObjectNode job(JobRecord job, Map<String, Long> stageMillis) {
        ObjectNode node = JSON.objectNode();
        node.put("jobId", job.jobId());
        node.put("seriesInstanceUid", job.seriesInstanceUid());
        node.put("state", state(job));
        node.put("instances", job.instances());
        node.put("createdAt", job.createdAt().toString());
        node.put("reason", job.reason());
        node.put("model", job.model());
        strings(node.putArray("rules"), job.rules());
        strings(node.putArray("outputs"), job.outputs());
        ObjectNode stages = node.putObject("stageMillis");
        stageMillis.forEach(stages::put);
        if (job.qc() != null) {
            ObjectNode qc = node.putObject("qc");
            qc.put("outcome", job.qc().outcome());
            qc.put("volumeMl", Math.round(job.qc().volumeMl()));
            qc.put("withinScannedRangeOnly", job.qc().withinScannedRangeOnly());
            ArrayNode findings = qc.putArray("findings");
            job.qc().findings().forEach(f -> findings.addObject().put("reason", f.reason()).put("detail", f.detail()));
        }
        ObjectNode counts = node.putObject("deliveries");
        for (Delivery.State s : Delivery.State.values()) {
            counts.put(s.name().toLowerCase(Locale.ROOT), job.deliveries().stream().filter(d -> d.state() == s).count());
        }
        return node;
    }

    /** A job on record in full: the list line, each delivery, and what was received (see {@link #received}). */
    public static ObjectNode jobDetail(JobRecord job, Map<String, Long> stageMillis, ObjectNode received, boolean preview) {
        ObjectNode node = job(job, stageMillis);
        node.put("instanceSetDigest", job.instanceSetDigest());
        ArrayNode deliveries = node.putArray("deliveryList");
        job.deliveries().forEach(d -> deliveries.add(delivery(job, d)));
        node.set("received", received);
        node.put("preview", preview);
        return node;
    }

    /** A series not complete yet: receiving (an association still open) or waiting to complete. */
    public static ObjectNode pendingSeries(SeriesTracker.PendingSeries series) {
        return activeSeries(series.seriesInstanceUid(), series.receiving() ? "receiving" : "waiting", series.instances(), series.since(),
                "completes on: " + series.waitingFor());
    }

    /** A complete series waiting for the worker ("queued") or being processed ("processing"). */
    public static ObjectNode activeSeries(String seriesInstanceUid, String state, int instances, Instant since, String detail) {
        ObjectNode node = JSON.objectNode();
        node.putNull("jobId");
        node.put("seriesInstanceUid", seriesInstanceUid);
        node.put("state", state);
        node.put("instances", instances);
        node.put("createdAt", since.toString());
        node.put("reason", detail);
        return node;
    }

    /** One delivery of a job, as the job view and the outbox list it. */
    public static ObjectNode delivery(JobRecord job, Delivery d) {
        ObjectNode node = JSON.objectNode();
        node.put("jobId", job.jobId());
        node.put("seriesInstanceUid", job.seriesInstanceUid());
        node.put("destination", d.destination());
        node.put("file", d.file());
        node.put("state", d.state().name().toLowerCase(Locale.ROOT));
        node.put("attempts", d.attempts());
        instant(node, "firstAttempt", d.firstAttempt());
        instant(node, "nextAttempt", d.state() == Delivery.State.PENDING ? d.nextAttempt() : null);
        node.put("lastError", d.lastError() == null ? "" : d.lastError());
        return node;
    }

    /** A result given up, with its id for the resend action and the reason written beside it. */
    public static ObjectNode deadLetter(String destination, String jobId, String file, String reason) {
        ObjectNode node = JSON.objectNode();
        node.put("id", ConsoleIds.deadLetterId(destination, jobId, file));
        node.put("destination", destination);
        node.put("jobId", jobId);
        node.put("file", file);
        node.put("reason", reason);
        return node;
    }

    /**
     * What was received of a series, from the header of one of its spooled instances: the series' description and
     * kind, and how many instances the spool holds now. The patient's name, ID, birth date and the accession number
     * only when {@code patientIdentifiers} is set.
     */
    public static ObjectNode received(InstanceHeader header, int instancesInSpool, boolean patientIdentifiers) {
        ObjectNode node = JSON.objectNode();
        node.put("instancesInSpool", instancesInSpool);
        node.put("seriesDescription", header.string(Tag.SeriesDescription));
        node.put("seriesNumber", header.string(Tag.SeriesNumber));
        node.put("modality", header.string(Tag.Modality));
        node.put("bodyPartExamined", header.string(Tag.BodyPartExamined));
        if (patientIdentifiers) {
            ObjectNode patient = node.putObject("patient");
            patient.put("name", header.string(Tag.PatientName));
            patient.put("id", header.string(Tag.PatientID));
            patient.put("birthDate", header.string(Tag.PatientBirthDate));
            patient.put("accessionNumber", header.string(Tag.AccessionNumber));
        }
        return node;
    }

    /** What was received when the spool no longer holds the series' instances. */
    public static ObjectNode receivedGone() {
        ObjectNode node = JSON.objectNode();
        node.put("instancesInSpool", 0);
        return node;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void instant(ObjectNode node, String field, Instant value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toString());
        }
    }
}
