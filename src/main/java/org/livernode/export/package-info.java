/**
 * The durable outbox: {@link org.livernode.export.Outbox} delivers each job's results to its destinations with
 * retries, and what it gives up on goes to {@link org.livernode.export.DeadLetters}.
 */
package org.livernode.export;
