/**
 * Spool retention: deciding what the node may delete from its spool and deleting it without ever losing an
 * undelivered result or leaving a half-deleted series behind. {@link org.livernode.retention.RetentionRules} decides,
 * from a {@link org.livernode.retention.SpoolContents} snapshot, the job records and what is in flight, without I/O;
 * {@link org.livernode.retention.Retention} takes the snapshot, carries the {@link org.livernode.retention.RetentionPlan}
 * out crash-safely and finishes, at startup, a purge that a crash interrupted.
 */
package org.livernode.retention;
