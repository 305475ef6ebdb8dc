package org.livernode.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Manifests built in tests borrow the shipped model's quality limits, which every manifest needs. */
final class ModelManifests {
    private ModelManifests() {}

    static ModelManifest.QualityLimits shippedQualityLimits() {
        try {
            return ModelManifest.read(Path.of("models", "liver.json")).qc();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
