package org.livernode.receive;

import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.TransferSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.livernode.dimse.Implementation;
import org.livernode.dimse.Pdu;
import org.livernode.dimse.Pdu.AssociateAc;
import org.livernode.dimse.Pdu.AssociateResponse;
import org.livernode.dimse.Pdu.AssociateRj;
import org.livernode.dimse.Pdu.AssociateRq;
import org.livernode.dimse.Pdu.AsyncOperationsWindow;
import org.livernode.dimse.Pdu.PresentationContextAc;
import org.livernode.dimse.Pdu.PresentationContextRq;
import org.livernode.dimse.Pdu.UserInformation;

/**
 * Decides how to answer an association request: which AE titles may associate, which SOP classes and transfer
 * syntaxes we take. Pure, so it is tested without sockets.
 */
final class AssociationPolicy implements Function<AssociateRq, AssociateResponse> {

    /** Uncompressed first, so that senders do not spend time compressing for us; explicit VR keeps the VRs. */
    static final List<String> PREFERRED_TRANSFER_SYNTAXES = List.of(TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian);

    /**
     * Every transfer syntax PixelMed (with its JPEG and JPEG 2000 codecs) can read, lossless or not lossy by
     * design. No JPEG-LS (no Java decoder here: senders then fall back to uncompressed) and no lossy JPEG.
     */
    static final Set<String> ACCEPTED_TRANSFER_SYNTAXES = Set.of(
            TransferSyntax.ExplicitVRLittleEndian,
            TransferSyntax.ImplicitVRLittleEndian,
            TransferSyntax.ExplicitVRBigEndian,
            TransferSyntax.DeflatedExplicitVRLittleEndian,
            TransferSyntax.RLE,
            TransferSyntax.JPEGLossless,
            TransferSyntax.JPEGLosslessSV1,
            TransferSyntax.JPEG2000Lossless,
            TransferSyntax.JPEG2000);

    private final String aeTitle;
    private final Set<String> allowedCallingAeTitles;
    private final int maxPduLength;

    AssociationPolicy(String aeTitle, Set<String> allowedCallingAeTitles, int maxPduLength) {
        this.aeTitle = aeTitle;
        this.allowedCallingAeTitles = Set.copyOf(allowedCallingAeTitles);
        this.maxPduLength = maxPduLength;
    }

    @Override
    public AssociateResponse apply(AssociateRq request) {
        if ((request.protocolVersion() & 1) == 0) {
            return new AssociateRj(AssociateRj.RESULT_PERMANENT, AssociateRj.SOURCE_SERVICE_PROVIDER_ACSE,
                    AssociateRj.REASON_PROTOCOL_VERSION_NOT_SUPPORTED);
        }
        if (!Pdu.DICOM_APPLICATION_CONTEXT.equals(request.applicationContextName())) {
            return userRejection(AssociateRj.REASON_APPLICATION_CONTEXT_NOT_SUPPORTED);
        }
        if (!aeTitle.equals(request.calledAeTitle())) {
            return userRejection(AssociateRj.REASON_CALLED_AE_NOT_RECOGNIZED);
        }
        if (!allowedCallingAeTitles.isEmpty() && !allowedCallingAeTitles.contains(request.callingAeTitle())) {
            return userRejection(AssociateRj.REASON_CALLING_AE_NOT_RECOGNIZED);
        }
        List<PresentationContextAc> contexts = new ArrayList<>();
        for (PresentationContextRq proposed : request.presentationContexts()) {
            contexts.add(negotiate(proposed));
        }
        // We perform one operation at a time; saying so explicitly when asked is clearer than staying silent.
        Optional<AsyncOperationsWindow> window = request.userInformation().asyncOperationsWindow().map(w -> new AsyncOperationsWindow(1, 1));
        UserInformation userInformation = new UserInformation(maxPduLength, Implementation.CLASS_UID, Implementation.VERSION_NAME, window);
        return new AssociateAc(request.calledAeTitle(), request.callingAeTitle(), Pdu.DICOM_APPLICATION_CONTEXT, contexts, userInformation);
    }

    private static AssociateRj userRejection(int reason) {
        return new AssociateRj(AssociateRj.RESULT_PERMANENT, AssociateRj.SOURCE_SERVICE_USER, reason);
    }

    static PresentationContextAc negotiate(PresentationContextRq proposed) {
        // A rejected context still carries a transfer syntax sub-item; its value is not significant (PS3.8 9.3.3.2).
        String firstOffered = proposed.transferSyntaxes().get(0);
        if (!isSupportedAbstractSyntax(proposed.abstractSyntax())) {
            return new PresentationContextAc(proposed.id(), PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED, firstOffered);
        }
        return selectTransferSyntax(proposed.transferSyntaxes())
                .map(ts -> new PresentationContextAc(proposed.id(), PresentationContextAc.ACCEPTANCE, ts))
                .orElseGet(() -> new PresentationContextAc(proposed.id(), PresentationContextAc.TRANSFER_SYNTAXES_NOT_SUPPORTED, firstOffered));
    }

    static boolean isSupportedAbstractSyntax(String sopClassUid) {
        return SOPClass.Verification.equals(sopClassUid) || SOPClass.isStorage(sopClassUid);
    }

    /** Explicit VR LE, else implicit VR LE, else the first offered that we accept, in the sender's order of preference. */
    static Optional<String> selectTransferSyntax(List<String> offered) {
        for (String preferred : PREFERRED_TRANSFER_SYNTAXES) {
            if (offered.contains(preferred)) {
                return Optional.of(preferred);
            }
        }
        return offered.stream().filter(ACCEPTED_TRANSFER_SYNTAXES::contains).findFirst();
    }
}
