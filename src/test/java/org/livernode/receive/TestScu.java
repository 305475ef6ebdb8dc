package org.livernode.receive;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.List;
import java.util.Optional;
import org.livernode.dicom.Implementation;
import org.livernode.dimse.Association;
import org.livernode.dimse.DataSetWriter;
import org.livernode.dimse.DimseCommand;
import org.livernode.dimse.IncomingMessage;
import org.livernode.dimse.Pdu;
import org.livernode.dimse.Pdu.AssociateRq;
import org.livernode.dimse.Pdu.PresentationContextRq;
import org.livernode.dimse.Pdu.UserInformation;
import org.livernode.testing.DataSetBytes;

/**
 * A storage SCU on our own upper layer that sends exactly the bytes it is given, for tests that need data sets
 * no well-behaved toolkit would send: cut short, corrupted, aborted half-way.
 */
public final class TestScu implements AutoCloseable {
    /** The presentation context of CT Image Storage, the only one proposed (in explicit VR little endian unless told otherwise). */
    public static final int CONTEXT = 1;

    /** Status and ErrorComment of a C-STORE-RSP. */
    public record Response(int status, String comment) {}

    private final Association association;
    private int messageId;

    public TestScu(int port, String callingAeTitle) throws IOException {
        this(port, callingAeTitle, TransferSyntax.ExplicitVRLittleEndian);
    }

    /** Proposes CT Image Storage in {@code transferSyntax} only; the data sets sent must be encoded in it. */
    public TestScu(int port, String callingAeTitle, String transferSyntax) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        AssociateRq request = new AssociateRq(1, RunningServer.AE_TITLE, callingAeTitle, Pdu.DICOM_APPLICATION_CONTEXT,
                List.of(new PresentationContextRq(CONTEXT, SOPClass.CTImageStorage, List.of(transferSyntax))),
                new UserInformation(16384, Implementation.CLASS_UID, "TESTSCU", Optional.empty()));
        this.association = Association.initiate(socket, request);
        if (association.acceptedPresentationContexts().isEmpty()) {
            association.abort();
            throw new IOException("CT Image Storage in " + transferSyntax + " was not accepted");
        }
    }

    /** A data set as it travels in explicit VR little endian, without file meta information. */
    public static byte[] encode(AttributeList dataSet) throws Exception {
        return DataSetBytes.encode(dataSet, TransferSyntax.ExplicitVRLittleEndian);
    }

    /** Sends one C-STORE of CT Image Storage with {@code dataSet} as its data set and waits for the response. */
    public Response store(String sopInstanceUid, byte[] dataSet) throws IOException {
        return store(sopInstanceUid, out -> out.write(dataSet));
    }

    /** Sends one C-STORE whose data set the writer produces (a writer that throws aborts the association). */
    public Response store(String sopInstanceUid, DataSetWriter dataSet) throws IOException {
        messageId++;
        association.send(CONTEXT, DimseCommand.cStoreRq(messageId, SOPClass.CTImageStorage, sopInstanceUid), dataSet);
        IncomingMessage response = association.receive().orElseThrow(() -> new IOException("released instead of answering"));
        return new Response(response.command().status(), response.command().errorComment().orElse(""));
    }

    /** Releases the association. */
    @Override
    public void close() throws IOException {
        if (!association.isClosed()) {
            association.release();
        }
    }
}
