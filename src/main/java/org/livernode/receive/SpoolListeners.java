package org.livernode.receive;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.livernode.spool.SpooledInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several listeners as one, kept apart as pynetdicom's events are: one intervenes, the others are notified. Only the
 * intervening listener can fail a C-STORE (see {@link SpoolListener#instanceStored}): it hears of each stored
 * instance first, and when it fails the others are not told, since the sender sends the instance again. A notified
 * listener's failure is logged once, with the series, and changes nothing for the sender or the other listeners:
 * counting or streaming an instance is not worth a failed C-STORE. An association's end or refusal fails nothing, so
 * every listener hears of it, each failure logged on its own.
 */
public final class SpoolListeners implements SpoolListener {
    private static final Logger log = LoggerFactory.getLogger(SpoolListeners.class);

    /** A listener, and the name its failures are logged under. */
    public record Named(String name, SpoolListener listener) {}

    private final Named intervening;
    private final List<Named> notified;
    private final List<Named> all;

    /** @param notified told in this order, after {@code intervening} */
    public SpoolListeners(Named intervening, List<Named> notified) {
        this.intervening = intervening;
        this.notified = List.copyOf(notified);
        this.all = Stream.concat(Stream.of(intervening), notified.stream()).toList();
    }

    @Override
    public void instanceStored(SpooledInstance instance, long association) {
        intervening.listener().instanceStored(instance, association);
        for (Named n : notified) {
            try {
                n.listener().instanceStored(instance, association);
            } catch (RuntimeException e) {
                log.error("Series {}: the {} failed on instance {}; it counts as stored all the same", instance.seriesInstanceUid(), n.name(),
                        instance.sopInstanceUid(), e);
            }
        }
    }

    @Override
    public void associationClosed(ReceivedAssociation association) {
        tellEach(listener -> listener.associationClosed(association),
                "the end of the association from " + association.callingAeTitle() + " at " + association.remoteAddress());
    }

    @Override
    public void associationRejected(String callingAeTitle, String remoteAddress, String reason) {
        tellEach(listener -> listener.associationRejected(callingAeTitle, remoteAddress, reason),
                "the refused association from " + remoteAddress);
    }

    private void tellEach(Consumer<SpoolListener> event, String what) {
        for (Named n : all) {
            try {
                event.accept(n.listener());
            } catch (RuntimeException e) {
                log.error("The {} failed on {}", n.name(), what, e);
            }
        }
    }
}
