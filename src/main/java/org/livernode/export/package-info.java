/**
 * Sending results to DICOM peers: {@link org.livernode.export.StorageScu} (C-STORE) and
 * {@link org.livernode.export.EchoScu} (C-ECHO), one association per call.
 */
package org.livernode.export;
