package org.livernode.routing;

/** What a rule does with results the quality check asks to review: send them, marked, or hold them for an operator. */
public enum ReviewPolicy {
    /** Sent like any other result; the outputs' series description and the SR say REVIEW and why. */
    SEND,
    /** Kept in the outbox until an operator releases or discards them in the console. */
    HOLD
}
