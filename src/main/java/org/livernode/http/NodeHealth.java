package org.livernode.http;

import java.util.function.BooleanSupplier;

/**
 * Whether the process can do its work: the model is loaded and it serves what it is for, the DICOM server of a node
 * or the request queue of an inference worker. The process reports the first as it loads and unloads the model; the
 * second is asked at each check, so that a server that stopped accepting shows.
 */
public final class NodeHealth {
    /** What a process serves, as /health names it and its two states. */
    public enum Service {
        DICOM("dicom", "listening", "not listening"),
        BROKER("broker", "consuming", "not consuming");

        private final String field;
        private final String up;
        private final String down;

        Service(String field, String up, String down) {
            this.field = field;
            this.up = up;
            this.down = down;
        }

        public String field() {
            return field;
        }

        public String state(boolean serving) {
            return serving ? up : down;
        }
    }

    private volatile String model;
    private volatile Service service = Service.DICOM;
    private volatile BooleanSupplier serving = () -> false;

    /** @param description the model's name and version */
    public void modelLoaded(String description) {
        this.model = description;
    }

    public void modelUnloaded() {
        this.model = null;
    }

    /** Where to ask whether the process serves, once it does. */
    public void serving(Service service, BooleanSupplier serving) {
        this.service = service;
        this.serving = serving;
    }

    /** A snapshot for one health check. */
    public Status status() {
        String loaded = model;
        return new Status(loaded != null, loaded == null ? "" : loaded, service, serving.getAsBoolean());
    }

    /** @param model the model's name and version; empty while none is loaded */
    public record Status(boolean modelLoaded, String model, Service service, boolean serving) {
        public boolean ready() {
            return modelLoaded && serving;
        }
    }
}
