package org.livernode.broker;

import com.google.common.hash.Hashing;
import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.livernode.inference.ModelManifest;

/**
 * Which model a request was prepared for and a worker runs: the manifest's name and version, and the SHA-256 of
 * the ONNX file, which tells two builds of one version apart. A worker answers only requests of its own model.
 *
 * @param sha256 lower-case hex
 */
public record ModelIdentity(String name, String version, String sha256) {

    public ModelIdentity {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("model SHA-256 is not 64 lower-case hex digits: " + sha256);
        }
    }

    /** The identity of the model in {@code modelFile}, described by {@code manifest}. */
    public static ModelIdentity of(Path modelFile, ModelManifest manifest) throws IOException {
        return new ModelIdentity(manifest.name(), manifest.version(), MoreFiles.asByteSource(modelFile).hash(Hashing.sha256()).toString());
    }

    @Override
    public String toString() {
        return name + " " + version + " (SHA-256 " + sha256.substring(0, 12) + "...)";
    }
}
