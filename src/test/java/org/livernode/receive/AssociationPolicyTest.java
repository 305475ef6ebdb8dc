package org.livernode.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.net.InetAddresses;
import com.pixelmed.dicom.TransferSyntax;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.livernode.dicom.Implementation;
import org.livernode.dimse.Pdu;
import org.livernode.dimse.Pdu.AssociateAc;
import org.livernode.dimse.Pdu.AssociateRj;
import org.livernode.dimse.Pdu.AssociateRq;
import org.livernode.dimse.Pdu.AsyncOperationsWindow;
import org.livernode.dimse.Pdu.PresentationContextAc;
import org.livernode.dimse.Pdu.PresentationContextRq;
import org.livernode.dimse.Pdu.UserInformation;
import org.livernode.net.AddressRange;
import org.livernode.receive.AssociationPolicy.Negotiation;
import org.livernode.receive.AssociationPolicy.Refusal;

class AssociationPolicyTest {
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final String SEG = "1.2.840.10008.5.1.4.1.1.66.4";
    private static final String MR = "1.2.840.10008.5.1.4.1.1.4";
    private static final String ENHANCED_CT = "1.2.840.10008.5.1.4.1.1.2.1";
    private static final String VERIFICATION = "1.2.840.10008.1.1";
    private static final String MODALITY_WORKLIST_FIND = "1.2.840.10008.5.1.4.31";
    private static final String JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80";
    private static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";

    private static final InetAddress LOCALHOST = InetAddresses.forString("127.0.0.1");
    private static final InetAddress SCANNER_ADDRESS = InetAddresses.forString("10.0.0.5");

    private final AssociationPolicy policy = policy(Set.of(), List.of(), NonCtInstances.ACCEPT);

    private static AssociationPolicy policy(Set<String> titles, List<AllowedCaller> callers, NonCtInstances nonCt) {
        return new AssociationPolicy("LIVERNODE", new CallerAllowList(titles, callers), nonCt, 65536);
    }

    /** The answer to a request from 127.0.0.1 while the spool has room. */
    private static Pdu.AssociateResponse answer(AssociationPolicy policy, AssociateRq request) {
        return policy.negotiate(request, LOCALHOST, Optional.empty()).response();
    }

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
        Negotiation negotiation = policy.negotiate(request("OTHER", "SCANNER", context(1, CT, TransferSyntax.ExplicitVRLittleEndian)),
                LOCALHOST, Optional.empty());
        assertRejected(negotiation.response(), AssociateRj.SOURCE_SERVICE_USER, AssociateRj.REASON_CALLED_AE_NOT_RECOGNIZED);
        assertEquals(Optional.of("called AE title OTHER is not ours (LIVERNODE)"), negotiation.rejection());
    }

    @Test
    void callingAeMustBeInTheAllowListWhenThereIsOne() {
        AssociationPolicy restricted = policy(Set.of("SCANNER", "PACS"), List.of(), NonCtInstances.ACCEPT);
        assertRejected(answer(restricted, request("LIVERNODE", "LAPTOP", context(1, CT, TransferSyntax.ExplicitVRLittleEndian))),
                AssociateRj.SOURCE_SERVICE_USER, AssociateRj.REASON_CALLING_AE_NOT_RECOGNIZED);
        assertInstanceOf(AssociateAc.class, answer(restricted, request("LIVERNODE", "PACS", context(1, CT, TransferSyntax.ExplicitVRLittleEndian))));
        assertInstanceOf(AssociateAc.class, answer(policy, request("LIVERNODE", "LAPTOP", context(1, CT, TransferSyntax.ExplicitVRLittleEndian))));
    }

    @Test
    void callerBoundToAddressesIsAcceptedOnlyFromThem() {
        AssociationPolicy bound = policy(Set.of("PACS"), List.of(new AllowedCaller("CT1",
                List.of(AddressRange.parse("10.0.0.5"), AddressRange.parse("192.168.1.0/24")))), NonCtInstances.ACCEPT);
        AssociateRq fromCt1 = request("LIVERNODE", "CT1", context(1, CT, TransferSyntax.ExplicitVRLittleEndian));
        assertInstanceOf(AssociateAc.class, bound.negotiate(fromCt1, SCANNER_ADDRESS, Optional.empty()).response());
        assertInstanceOf(AssociateAc.class, bound.negotiate(fromCt1, InetAddresses.forString("192.168.1.77"), Optional.empty()).response());
        Negotiation elsewhere = bound.negotiate(fromCt1, LOCALHOST, Optional.empty());
        assertRejected(elsewhere.response(), AssociateRj.SOURCE_SERVICE_USER, AssociateRj.REASON_CALLING_AE_NOT_RECOGNIZED);
        assertEquals(Optional.of("calling AE title CT1 is allowed only from [10.0.0.5, 192.168.1.0/24], not from 127.0.0.1"),
                elsewhere.rejection());
        // A title without addresses is accepted from anywhere; one on neither list from nowhere.
        assertInstanceOf(AssociateAc.class, bound.negotiate(request("LIVERNODE", "PACS", context(1, CT, TransferSyntax.ExplicitVRLittleEndian)),
                LOCALHOST, Optional.empty()).response());
        assertEquals(Optional.of("calling AE title CT2 is not on the allow-list"), bound.negotiate(request("LIVERNODE", "CT2",
                context(1, CT, TransferSyntax.ExplicitVRLittleEndian)), SCANNER_ADDRESS, Optional.empty()).rejection());
    }

    @Test
    void invalidCallingAeTitleIsRejectedEvenWithoutAnAllowList() {
        for (String invalid : List.of("", "CT\\1", "CT\n1")) {
            Negotiation negotiation = policy.negotiate(request("LIVERNODE", invalid, context(1, CT, TransferSyntax.ExplicitVRLittleEndian)),
                    LOCALHOST, Optional.empty());
            assertRejected(negotiation.response(), AssociateRj.SOURCE_SERVICE_USER, AssociateRj.REASON_CALLING_AE_NOT_RECOGNIZED);
            assertFalse(negotiation.rejection().orElseThrow().contains("\n"), "the log line stays one line");
        }
    }

    @Test
    void spoolWithoutRoomRejectsTransientlyButStrangersPermanently() {
        Optional<String> full = Optional.of("spool disk has 10 MiB free, below node.minFreeSpaceMiB 1024");
        Negotiation noRoom = policy.negotiate(request("LIVERNODE", "SCANNER", context(1, CT, TransferSyntax.ExplicitVRLittleEndian)),
                LOCALHOST, full);
        AssociateRj rejection = assertInstanceOf(AssociateRj.class, noRoom.response());
        assertEquals(AssociateRj.RESULT_TRANSIENT, rejection.result());
        assertEquals(AssociateRj.SOURCE_SERVICE_PROVIDER_PRESENTATION, rejection.source());
        assertEquals(AssociateRj.REASON_LOCAL_LIMIT_EXCEEDED, rejection.reason());
        assertEquals(full, noRoom.rejection());
        // Who may not associate at all hears so, whatever the spool's state.
        assertRejected(policy.negotiate(request("SOMEONE", "SCANNER", context(1, CT, TransferSyntax.ExplicitVRLittleEndian)), LOCALHOST, full)
                .response(), AssociateRj.SOURCE_SERVICE_USER, AssociateRj.REASON_CALLED_AE_NOT_RECOGNIZED);
    }

    @Test
    void nonCtStorageIsRefusedPerContextWhenConfigured() {
        AssociationPolicy ctOnly = policy(Set.of(), List.of(), NonCtInstances.REJECT);
        Negotiation negotiation = ctOnly.negotiate(request("LIVERNODE", "SCANNER",
                context(1, VERIFICATION, TransferSyntax.ImplicitVRLittleEndian),
                context(3, CT, TransferSyntax.ExplicitVRLittleEndian),
                context(5, MR, TransferSyntax.ExplicitVRLittleEndian),
                context(7, ENHANCED_CT, TransferSyntax.ExplicitVRLittleEndian)), LOCALHOST, Optional.empty());
        AssociateAc acceptance = assertInstanceOf(AssociateAc.class, negotiation.response());
        assertEquals(List.of(PresentationContextAc.ACCEPTANCE, PresentationContextAc.ACCEPTANCE, PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED,
                PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED), acceptance.presentationContexts().stream().map(PresentationContextAc::result).toList());
        assertEquals("MRImageStorage, EnhancedCTImageStorage (storage other than CT, node.nonCtInstances: reject)",
                AssociationPolicy.summarize(negotiation.refusedContexts()));
        assertTrue(policy.isSupportedAbstractSyntax(MR), "accepted by default");
    }

    @Test
    void foreignApplicationContextAndProtocolVersionAreRejected() {
        AssociateRq base = request("LIVERNODE", "SCANNER", context(1, CT, TransferSyntax.ExplicitVRLittleEndian));
        assertRejected(answer(policy, new AssociateRq(1, "LIVERNODE", "SCANNER", "1.2.3.4", base.presentationContexts(), base.userInformation())),
                AssociateRj.SOURCE_SERVICE_USER, AssociateRj.REASON_APPLICATION_CONTEXT_NOT_SUPPORTED);
        assertRejected(answer(policy, new AssociateRq(2, "LIVERNODE", "SCANNER", Pdu.DICOM_APPLICATION_CONTEXT, base.presentationContexts(),
                base.userInformation())), AssociateRj.SOURCE_SERVICE_PROVIDER_ACSE, AssociateRj.REASON_PROTOCOL_VERSION_NOT_SUPPORTED);
    }

    @Test
    void everyProposedContextGetsAnAnswer() {
        Negotiation negotiation = policy.negotiate(request("LIVERNODE", "SCANNER",
                context(1, VERIFICATION, TransferSyntax.ImplicitVRLittleEndian),
                context(3, CT, TransferSyntax.JPEGLosslessSV1, TransferSyntax.ExplicitVRLittleEndian),
                context(5, SEG, TransferSyntax.ImplicitVRLittleEndian),
                context(7, MODALITY_WORKLIST_FIND, TransferSyntax.ImplicitVRLittleEndian),
                context(9, CT, JPEG_LS_LOSSLESS)), LOCALHOST, Optional.empty());
        AssociateAc acceptance = assertInstanceOf(AssociateAc.class, negotiation.response());
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
        assertEquals(MODALITY_WORKLIST_FIND + " (not a storage or verification SOP class); CTImageStorage (offered only [JPEG-LS],"
                + " none of which we decode)", AssociationPolicy.summarize(negotiation.refusedContexts()));
    }

    @Test
    void summaryNamesAFewSopClassesPerReason() {
        List<Refusal> refusals = List.of(new Refusal("MRImageStorage", "other"), new Refusal("MRImageStorage", "other"),
                new Refusal("PETImageStorage", "other"), new Refusal("USImageStorage", "other"), new Refusal("NMImageStorage", "other"),
                new Refusal("CTImageStorage", "codec"));
        assertEquals("MRImageStorage, PETImageStorage, USImageStorage and 1 more (other); CTImageStorage (codec)",
                AssociationPolicy.summarize(refusals));
        assertEquals("", AssociationPolicy.summarize(List.of()));
    }

    @Test
    void asynchronousOperationsAreDeclinedToOneAtATime() {
        AssociateRq asking = new AssociateRq(1, "LIVERNODE", "SCANNER", Pdu.DICOM_APPLICATION_CONTEXT,
                List.of(context(1, CT, TransferSyntax.ExplicitVRLittleEndian)),
                new UserInformation(16384, "1.2.3", "", Optional.of(new AsyncOperationsWindow(10, 10))));
        AssociateAc acceptance = assertInstanceOf(AssociateAc.class, answer(policy, asking));
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
        assertTrue(policy.isSupportedAbstractSyntax(VERIFICATION));
        assertTrue(policy.isSupportedAbstractSyntax(CT));
        assertTrue(policy.isSupportedAbstractSyntax(SEG));
        assertFalse(policy.isSupportedAbstractSyntax(MODALITY_WORKLIST_FIND));
        assertFalse(policy.isSupportedAbstractSyntax("1.2.840.10008.5.1.4.1.2.2.2")); // Study Root C-MOVE
    }
}
