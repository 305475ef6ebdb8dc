/**
 * Received instances on disk: {@link org.livernode.spool.Spool} files each one, fsync'ed, under its series, and
 * {@link org.livernode.spool.SpoolListener} tells the rest of the node what arrived.
 */
package org.livernode.spool;
