package org.livernode.receive;

import org.livernode.spool.SpooledInstance;

/**
 * Told about what arrives in the spool, and about the associations that bring it (or are refused). Called on the
 * receiving association's thread, so it should hand work off rather than do it; C-STORE responses wait for it.
 */
public interface SpoolListener {

    /**
     * An instance is in the spool; called before the sender is told it was stored. {@code association} numbers the
     * association that delivered it, as {@link ReceivedAssociation#number()} does when that association ends. If this throws, the sender
     * gets a failure status (and will usually send the instance again).
     */
    void instanceStored(SpooledInstance instance, long association);

    /** An association ended; it tells which instances (and so which series) it delivered. */
    default void associationClosed(ReceivedAssociation association) {}

    /**
     * An association request was refused (not allowed, too many at once, spool full) and nothing was received.
     *
     * @param callingAeTitle as requested
     * @param remoteAddress the peer's address and port
     * @param reason why, in words
     */
    default void associationRejected(String callingAeTitle, String remoteAddress, String reason) {}
}
