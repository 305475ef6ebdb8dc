package org.livernode.pipeline;

import java.nio.file.Path;
import java.util.Optional;
import org.livernode.dicom.DicomReadException;
import org.livernode.dicom.InstanceHeader;
import org.livernode.inference.StreamAdmission;
import org.livernode.routing.Router;
import org.livernode.routing.SeriesAttributes;

/**
 * Streams a series only when a routing rule may take it, judged on its first instance's header: what the rules ask
 * of the slice count is known only at completion, the rest is known now. A series that no rule can take costs no
 * model call; its completion records it as {@code NO_RULE}.
 */
final class RoutedAdmission implements StreamAdmission {
    private final Router router;

    RoutedAdmission(Router router) {
        this.router = router;
    }

    @Override
    public Optional<String> refusal(Path firstInstance) {
        try {
            return router.refusalBeforeAnyWork(SeriesAttributes.of(InstanceHeader.read(firstInstance), 0));
        } catch (DicomReadException e) {
            // Completion reads it again and says what is wrong with it.
            return Optional.of("its first instance cannot be read: " + e.getMessage());
        }
    }
}
