/**
 * The DICOM upper layer (PS3.8) and DIMSE messages (PS3.7), small enough to read: {@link org.livernode.dimse.PduCodec}
 * and {@link org.livernode.dimse.DimseCommand} are pure codecs, {@link org.livernode.dimse.Association} runs them over
 * a socket for both acceptor and requestor. Data sets stay bytes here; PixelMed handles them elsewhere.
 */
package org.livernode.dimse;
