package org.livernode.http;

import java.util.function.BooleanSupplier;

/**
 * Whether the node can do its work: the model is loaded and the DICOM server listens. The node reports the first
 * as it loads and unloads the model; the second is asked of the server at each check, so that a server that
 * stopped accepting shows.
 */
public final class NodeHealth {
    private volatile String model;
    private volatile BooleanSupplier dicomListening = () -> false;

    /** @param description the model's name and version */
    public void modelLoaded(String description) {
        this.model = description;
    }

    public void modelUnloaded() {
        this.model = null;
    }

    /** Where to ask whether the DICOM server listens, once there is one. */
    public void dicomServer(BooleanSupplier listening) {
        this.dicomListening = listening;
    }

    /** A snapshot for one health check. */
    public Status status() {
        String loaded = model;
        return new Status(loaded != null, loaded == null ? "" : loaded, dicomListening.getAsBoolean());
    }

    /** @param model the model's name and version; empty while none is loaded */
    public record Status(boolean modelLoaded, String model, boolean dicomListening) {
        public boolean ready() {
            return modelLoaded && dicomListening;
        }
    }
}
