package org.livernode.state;

import java.time.Instant;

/**
 * The state of sending one output file to one destination.
 *
 * @param firstAttempt when sending was first tried, null before; the give-up age counts from here
 * @param nextAttempt when to try again while PENDING
 * @param lastError what the last failed attempt said
 */
public record Delivery(String destination, String file, State state, int attempts, Instant firstAttempt, Instant nextAttempt,
        String lastError) {

    public enum State {
        PENDING,
        DELIVERED,
        /** Given up; the file was copied to the dead-letter folder. */
        DEAD,
        /** Kept back: the quality check asks for review and the rule holds such results until an operator decides. */
        HELD,
        /** Held, then discarded by an operator: never sent. */
        DISCARDED
    }

    public static Delivery pending(String destination, String file, Instant now) {
        return new Delivery(destination, file, State.PENDING, 0, null, now, null);
    }

    /** Kept back until an operator releases or discards it. */
    public static Delivery held(String destination, String file) {
        return new Delivery(destination, file, State.HELD, 0, null, null, null);
    }

    /** Released by an operator: pending now. */
    public Delivery released(Instant now) {
        return pending(destination, file, now);
    }

    /** Discarded by an operator; {@code why} is kept as its last word. */
    public Delivery discarded(String why) {
        return new Delivery(destination, file, State.DISCARDED, attempts, firstAttempt, null, why);
    }

    /** Given up before, and asked for again by an operator: pending now, its attempts and give-up age counted afresh. */
    public Delivery requeued(Instant now) {
        return pending(destination, file, now);
    }

    public Delivery delivered(Instant now) {
        return new Delivery(destination, file, State.DELIVERED, attempts + 1, firstAttempt == null ? now : firstAttempt, null, null);
    }

    public Delivery failed(Instant now, Instant retryAt, String error) {
        return new Delivery(destination, file, State.PENDING, attempts + 1, firstAttempt == null ? now : firstAttempt, retryAt, error);
    }

    public Delivery dead(Instant now, String error) {
        return new Delivery(destination, file, State.DEAD, attempts + 1, firstAttempt == null ? now : firstAttempt, null, error);
    }
}
