/**
 * The node's C-STORE and C-ECHO SCP: {@link org.livernode.receive.DicomServer} accepts associations by AE title,
 * SOP class and transfer syntax, and answers success to a C-STORE only once the instance is durable in the spool;
 * {@link org.livernode.receive.SpoolListener} tells the rest of the node what arrived and how each association ended.
 */
package org.livernode.receive;
