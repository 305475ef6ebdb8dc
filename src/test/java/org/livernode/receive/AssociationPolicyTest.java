package org.livernode.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.TransferSyntax;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.livernode.dimse.Implementation;
import org.livernode.dimse.Pdu;
import org.livernode.dimse.Pdu.AssociateAc;
import org.livernode.dimse.Pdu.AssociateRj;
import org.livernode.dimse.Pdu.AssociateRq;
import org.livernode.dimse.Pdu.AsyncOperationsWindow;
import org.livernode.dimse.Pdu.PresentationContextAc;
import org.livernode.dimse.Pdu.PresentationContextRq;
import org.livernode.dimse.Pdu.UserInformation;

class AssociationPolicyTest {
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final String SEG = "1.2.840.10008.5.1.4.1.1.66.4";
    private static final String VERIFICATION = "1.2.840.10008.1.1";
    private static final String MODALITY_WORKLIST_FIND = "1.2.840.10008.5.1.4.31";
    private static final String JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";
    private static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";

    private final AssociationPolicy policy = new AssociationPolicy("LIVERNODE", Set.of(), 65536);

    private static AssociateRq request(String called, String calling, PresentationContextRq... contexts) {
        return new AssociateRq(1, called, calling, Pdu.DICOM_APPLICATION_CONTEXT, List.of(contexts),
                new UserInformation(16384, "1.2.3", "", Optional.empty()));
    }

    private static PresentationContextRq context(int id, String abstractSyntax, String... transferSyntaxes) {
        return new PresentationContextRq(id, abstractSyntax, List.of(transferSyntaxes));
    }

    private static void assertRejected(Pdu.AssociateResponse response, int source, int reason) {
        AssociateRj rejection = assertInstanceOf(AssociateRj.class, response);
        assertEquals(AssociateRj.RESULT_PERMANENT, rejection.result());
        assertEquals(source, rejection.source());
        assertEquals(reason, rejection.reason());
    }

    @Test
    void wrongCalledAeIsRejectedAsNotRecognized() {
        assertRejected(policy.apply(request("OTHER", "SCANNER", context(1, CT, TransferSyntax.ExplicitVRLittleEndian))),
                AssociateRj.SOURCE_SERVICE_USER, AssociateRj.REASON_CALLED_AE_NOT_RECOGNIZED);
    }

    @Test
    void callingAeMustBeInTheAllowListWhenThereIsOne() {
        AssociationPolicy restricted = new AssociationPolicy("LIVERNODE", Set.of("SCANNER", "PACS"), 65536);
        assertRejected(restricted.apply(request("LIVERNODE", "LAPTOP", context(1, CT, TransferSyntax.ExplicitVRLittleEndian))),
                AssociateRj.SOURCE_SERVICE_USER, AssociateRj.REASON_CALLING_AE_NOT_RECOGNIZED);
        assertInstanceOf(AssociateAc.class, restricted.apply(request("LIVERNODE", "PACS", context(1, CT, TransferSyntax.ExplicitVRLittleEndian))));
        assertInstanceOf(AssociateAc.class, policy.apply(request("LIVERNODE", "LAPTOP", context(1, CT, TransferSyntax.ExplicitVRLittleEndian))));
    }

    @Test
    void foreignApplicationContextAndProtocolVersionAreRejected() {
        AssociateRq base = request("LIVERNODE", "SCANNER", context(1, CT, TransferSyntax.ExplicitVRLittleEndian));
        assertRejected(policy.apply(new AssociateRq(1, "LIVERNODE", "SCANNER", "1.2.3.4", base.presentationContexts(), base.userInformation())),
                AssociateRj.SOURCE_SERVICE_USER, AssociateRj.REASON_APPLICATION_CONTEXT_NOT_SUPPORTED);
        assertRejected(policy.apply(new AssociateRq(2, "LIVERNODE", "SCANNER", Pdu.DICOM_APPLICATION_CONTEXT, base.presentationContexts(),
                base.userInformation())), AssociateRj.SOURCE_SERVICE_PROVIDER_ACSE, AssociateRj.REASON_PROTOCOL_VERSION_NOT_SUPPORTED);
    }

    @Test
    void everyProposedContextGetsAnAnswer() {
        AssociateAc acceptance = assertInstanceOf(AssociateAc.class, policy.apply(request("LIVERNODE", "SCANNER",
                context(1, VERIFICATION, TransferSyntax.ImplicitVRLittleEndian),
                context(3, CT, TransferSyntax.JPEGLosslessSV1, TransferSyntax.ExplicitVRLittleEndian),
                context(5, SEG, TransferSyntax.ImplicitVRLittleEndian),
                context(7, MODALITY_WORKLIST_FIND, TransferSyntax.ImplicitVRLittleEndian),
                context(9, CT, JPEG_LS_LOSSLESS))));
        assertEquals(List.of(
                new PresentationContextAc(1, PresentationContextAc.ACCEPTANCE, TransferSyntax.ImplicitVRLittleEndian),
                new PresentationContextAc(3, PresentationContextAc.ACCEPTANCE, TransferSyntax.ExplicitVRLittleEndian),
                new PresentationContextAc(5, PresentationContextAc.ACCEPTANCE, TransferSyntax.ImplicitVRLittleEndian),
                new PresentationContextAc(7, PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED, TransferSyntax.ImplicitVRLittleEndian),
                new PresentationContextAc(9, PresentationContextAc.TRANSFER_SYNTAXES_NOT_SUPPORTED, JPEG_LS_LOSSLESS)),
                acceptance.presentationContexts());
        assertEquals("SCANNER", acceptance.callingAeTitle());
        assertEquals(65536, acceptance.userInformation().maxPduLength());
        assertEquals(Implementation.CLASS_UID, acceptance.userInformation().implementationClassUid());
        assertEquals(Optional.empty(), acceptance.userInformation().asyncOperationsWindow());
    }

    @Test
    void asynchronousOperationsAreDeclinedToOneAtATime() {
        AssociateRq asking = new AssociateRq(1, "LIVERNODE", "SCANNER", Pdu.DICOM_APPLICATION_CONTEXT,
                List.of(context(1, CT, TransferSyntax.ExplicitVRLittleEndian)),
                new UserInformation(16384, "1.2.3", "", Optional.of(new AsyncOperationsWindow(10, 10))));
        AssociateAc acceptance = assertInstanceOf(AssociateAc.class, policy.apply(asking));
        assertEquals(Optional.of(new AsyncOperationsWindow(1, 1)), acceptance.userInformation().asyncOperationsWindow());
    }

    @Test
    void transferSyntaxPreference() {
        assertEquals(Optional.of(TransferSyntax.ExplicitVRLittleEndian), AssociationPolicy.selectTransferSyntax(List.of(
                TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.JPEGLossless, TransferSyntax.ExplicitVRLittleEndian)));
        assertEquals(Optional.of(TransferSyntax.ImplicitVRLittleEndian), AssociationPolicy.selectTransferSyntax(List.of(
                TransferSyntax.ExplicitVRBigEndian, TransferSyntax.ImplicitVRLittleEndian)));
        // Among compressed ones, the sender's order decides; lossy JPEG and JPEG-LS are passed over.
        assertEquals(Optional.of(TransferSyntax.RLE), AssociationPolicy.selectTransferSyntax(List.of(
                JPEG_BASELINE, JPEG_LS_LOSSLESS, TransferSyntax.RLE, TransferSyntax.JPEGLosslessSV1)));
        for (String accepted : List.of(TransferSyntax.ExplicitVRBigEndian, TransferSyntax.DeflatedExplicitVRLittleEndian,
                TransferSyntax.JPEGLossless, TransferSyntax.JPEGLosslessSV1, TransferSyntax.JPEG2000Lossless, TransferSyntax.JPEG2000)) {
            assertEquals(Optional.of(accepted), AssociationPolicy.selectTransferSyntax(List.of(accepted)), accepted);
        }
        assertEquals(Optional.empty(), AssociationPolicy.selectTransferSyntax(List.of(JPEG_LS_LOSSLESS, JPEG_BASELINE)));
    }

    @Test
    void verificationAndStorageAreTheSupportedAbstractSyntaxes() {
        assertTrue(AssociationPolicy.isSupportedAbstractSyntax(VERIFICATION));
        assertTrue(AssociationPolicy.isSupportedAbstractSyntax(CT));
        assertTrue(AssociationPolicy.isSupportedAbstractSyntax(SEG));
        assertFalse(AssociationPolicy.isSupportedAbstractSyntax(MODALITY_WORKLIST_FIND));
        assertFalse(AssociationPolicy.isSupportedAbstractSyntax("1.2.840.10008.5.1.4.1.2.2.2")); // Study Root C-MOVE
    }
}
