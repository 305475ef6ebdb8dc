/**
 * The DIMSE services on both sides of an association, as dcm4che's {@code net/service} keeps them: the SCPs
 * ({@link org.livernode.dimse.service.CEchoScp}, {@link org.livernode.dimse.service.CStoreScp}, which leaves
 * keeping a data set to its handler) and the SCUs ({@link org.livernode.dimse.service.StorageScu},
 * {@link org.livernode.dimse.service.EchoScu}), one association per call.
 */
package org.livernode.dimse.service;
