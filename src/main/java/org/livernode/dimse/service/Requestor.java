package org.livernode.dimse.service;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.livernode.dicom.Implementation;
import org.livernode.dimse.Association;
import org.livernode.dimse.Pdu;
import org.livernode.dimse.Pdu.AssociateRq;
import org.livernode.dimse.Pdu.PresentationContextRq;
import org.livernode.dimse.Pdu.UserInformation;

/**
 * Opens associations to remote AEs, as our SCUs need them: with TCP_NODELAY, and within the timeouts.
 *
 * @param callingAeTitle our own AE title, as the destination knows us
 */
record Requestor(String callingAeTitle, Duration connectTimeout, Duration readTimeout) {
    /** The maximum PDU length we announce, and so the longest PDU we send. */
    static final int MAX_PDU_LENGTH = 256 * 1024;

    Association open(RemoteAe destination, List<PresentationContextRq> contexts) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            try {
                socket.connect(new InetSocketAddress(destination.host(), destination.port()), (int) connectTimeout.toMillis());
            } catch (IOException e) {
                throw new IOException("cannot connect to " + destination + ": " + e.getMessage(), e);
            }
            socket.setSoTimeout((int) readTimeout.toMillis());
            AssociateRq request = new AssociateRq(1, destination.aeTitle(), callingAeTitle, Pdu.DICOM_APPLICATION_CONTEXT, contexts,
                    new UserInformation(MAX_PDU_LENGTH, Implementation.CLASS_UID, Implementation.VERSION_NAME, Optional.empty()));
            return Association.initiate(socket, request);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }
}
