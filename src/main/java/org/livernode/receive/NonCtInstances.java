package org.livernode.receive;

/** What the SCP does with storage SOP classes other than CT Image Storage, the one the node processes. */
public enum NonCtInstances {
    /** Stored in the spool like CT; processing passes them over. Senders that push whole studies see no failures. */
    ACCEPT,
    /**
     * Refused when the association is negotiated: their presentation contexts are answered "abstract syntax not
     * supported" (PS3.8 9.3.3.2), as for any SOP class an SCP does not support, so the sender knows before it
     * sends anything. Enhanced and Legacy Converted Enhanced CT are refused too: processing does not read them.
     */
    REJECT
}
