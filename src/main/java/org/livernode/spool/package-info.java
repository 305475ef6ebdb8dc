/**
 * Received instances on disk: {@link org.livernode.spool.Spool} files each one, fsync'ed, under its series, or
 * sets it aside in {@code failed/} when its data set does not hold together.
 */
package org.livernode.spool;
