package org.livernode.inference;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a series is worth segmenting while it arrives, decided on its first instance, as mercure routes on the
 * first instance's header before any work: a series that no routing rule can take never reaches the model.
 */
public interface StreamAdmission {
    /** Every series is streamed. */
    StreamAdmission EVERY_SERIES = firstInstance -> Optional.empty();

    /** Why the series of {@code firstInstance} is not streamed, or empty when it is. */
    Optional<String> refusal(Path firstInstance);
}
