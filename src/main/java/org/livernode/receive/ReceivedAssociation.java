package org.livernode.receive;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.livernode.spool.SpooledInstance;

/**
 * What one association delivered to the spool, told when it ends.
 *
 * @param number numbers the associations of one server, in the order they were accepted
 * @param instances in arrival order; an instance sent twice appears twice
 * @param released true when the sender released the association normally, false when it was aborted or lost
 *     (then more instances of its series may still come on another association)
 */
public record ReceivedAssociation(long number, String callingAeTitle, String remoteAddress, List<SpooledInstance> instances, boolean released) {
    public ReceivedAssociation {
        instances = List.copyOf(instances);
    }

    /** The series of the instances, in order of first arrival. */
    public Set<String> seriesInstanceUids() {
        Set<String> series = new LinkedHashSet<>();
        instances.forEach(instance -> series.add(instance.seriesInstanceUid()));
        return series;
    }
}
