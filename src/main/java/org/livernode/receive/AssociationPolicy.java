package org.livernode.receive;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.livernode.dicom.AeTitleSyntax;
import org.livernode.dicom.Implementation;
import org.livernode.dicom.LogSafe;
import org.livernode.dicom.SopClasses;
import org.livernode.dicom.TransferSyntaxes;
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
 * Decides how to answer an association request: which AE titles may associate and from where, whether the spool
 * can take anything now, which SOP classes and transfer syntaxes we take. Pure, so it is tested without sockets.
 */
final class AssociationPolicy {

    /** Uncompressed first, so that senders do not spend time compressing for us; explicit VR keeps the VRs. */
    static final List<String> PREFERRED_TRANSFER_SYNTAXES = List.of(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN);

    /**
     * Every transfer syntax PixelMed (with its JPEG and JPEG 2000 codecs) can read, lossless or not lossy by
     * design. No JPEG-LS (no Java decoder here: senders then fall back to uncompressed) and no lossy JPEG.
     */
    static final Set<String> ACCEPTED_TRANSFER_SYNTAXES = Set.of(
            TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntaxes.EXPLICIT_VR_BIG_ENDIAN,
            TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN,
            TransferSyntaxes.RLE_LOSSLESS,
            TransferSyntaxes.JPEG_LOSSLESS,
            TransferSyntaxes.JPEG_LOSSLESS_SV1,
            TransferSyntaxes.JPEG_2000_LOSSLESS,
            TransferSyntaxes.JPEG_2000);

    /**
     * The answer, and for the log: why the association was rejected (empty when accepted) and which proposed
     * presentation contexts were refused.
     */
    record Negotiation(AssociateResponse response, Optional<String> rejection, List<Refusal> refusedContexts) {}

    /** A refused presentation context: its SOP class (by its keyword where the dictionary has one) and why. */
    record Refusal(String sopClass, String reason) {}

    /** SOP classes named per reason in a summary; storescu proposes about a hundred, which would bury the line. */
    static final int NAMED_PER_REASON = 3;

    private final String aeTitle;
    private final CallerAllowList callers;
    private final NonCtInstances nonCtInstances;
    private final int maxPduLength;

    AssociationPolicy(String aeTitle, CallerAllowList callers, NonCtInstances nonCtInstances, int maxPduLength) {
        this.aeTitle = aeTitle;
        this.callers = callers;
        this.nonCtInstances = nonCtInstances;
        this.maxPduLength = maxPduLength;
    }

    /**
     * @param peer the address the request came from
     * @param spoolShortfall why the spool takes nothing now, if it does not: the request is then rejected as transient
     */
    Negotiation negotiate(AssociateRq request, InetAddress peer, Optional<String> spoolShortfall) {
        if ((request.protocolVersion() & 1) == 0) {
            return rejected(new AssociateRj(AssociateRj.RESULT_PERMANENT, AssociateRj.SOURCE_SERVICE_PROVIDER_ACSE,
                    AssociateRj.REASON_PROTOCOL_VERSION_NOT_SUPPORTED), "protocol version bit field " + request.protocolVersion());
        }
        if (!Pdu.DICOM_APPLICATION_CONTEXT.equals(request.applicationContextName())) {
            return rejected(userRejection(AssociateRj.REASON_APPLICATION_CONTEXT_NOT_SUPPORTED),
                    "application context " + LogSafe.uid(request.applicationContextName()) + " is not DICOM's");
        }
        if (!aeTitle.equals(request.calledAeTitle())) {
            return rejected(userRejection(AssociateRj.REASON_CALLED_AE_NOT_RECOGNIZED),
                    "called AE title " + LogSafe.printable(request.calledAeTitle()) + " is not ours (" + aeTitle + ")");
        }
        if (!AeTitleSyntax.isAeTitle(request.callingAeTitle())) {
            return rejected(userRejection(AssociateRj.REASON_CALLING_AE_NOT_RECOGNIZED),
                    "calling AE title '" + LogSafe.printable(request.callingAeTitle()) + "' is empty or holds control characters or a backslash");
        }
        Optional<String> callerRefusal = callers.refusal(request.callingAeTitle(), peer);
        if (callerRefusal.isPresent()) {
            return rejected(userRejection(AssociateRj.REASON_CALLING_AE_NOT_RECOGNIZED), callerRefusal.get());
        }
        if (spoolShortfall.isPresent()) {
            // Transient: the sender should try again once processing or an operator has made room.
            return rejected(new AssociateRj(AssociateRj.RESULT_TRANSIENT, AssociateRj.SOURCE_SERVICE_PROVIDER_PRESENTATION,
                    AssociateRj.REASON_LOCAL_LIMIT_EXCEEDED), spoolShortfall.get());
        }
        List<PresentationContextAc> contexts = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        for (PresentationContextRq proposed : request.presentationContexts()) {
            PresentationContextAc answer = negotiate(proposed);
            contexts.add(answer);
            if (!answer.accepted()) {
                refused.add(refusal(proposed, answer));
            }
        }
        // We perform one operation at a time; saying so explicitly when asked is clearer than staying silent.
        Optional<AsyncOperationsWindow> window = request.userInformation().asyncOperationsWindow().map(w -> new AsyncOperationsWindow(1, 1));
        UserInformation userInformation = new UserInformation(maxPduLength, Implementation.CLASS_UID, Implementation.VERSION_NAME, window);
        return new Negotiation(new AssociateAc(request.calledAeTitle(), request.callingAeTitle(), Pdu.DICOM_APPLICATION_CONTEXT, contexts,
                userInformation), Optional.empty(), refused);
    }

    private static Negotiation rejected(AssociateRj rejection, String reason) {
        return new Negotiation(rejection, Optional.of(reason), List.of());
    }

    private static AssociateRj userRejection(int reason) {
        return new AssociateRj(AssociateRj.RESULT_PERMANENT, AssociateRj.SOURCE_SERVICE_USER, reason);
    }

    PresentationContextAc negotiate(PresentationContextRq proposed) {
        // A rejected context still carries a transfer syntax sub-item; its value is not significant (PS3.8 9.3.3.2).
        String firstOffered = proposed.transferSyntaxes().get(0);
        if (!isSupportedAbstractSyntax(proposed.abstractSyntax())) {
            return new PresentationContextAc(proposed.id(), PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED, firstOffered);
        }
        return selectTransferSyntax(proposed.transferSyntaxes())
                .map(ts -> new PresentationContextAc(proposed.id(), PresentationContextAc.ACCEPTANCE, ts))
                .orElseGet(() -> new PresentationContextAc(proposed.id(), PresentationContextAc.TRANSFER_SYNTAXES_NOT_SUPPORTED, firstOffered));
    }

    boolean isSupportedAbstractSyntax(String sopClassUid) {
        if (SopClasses.VERIFICATION.equals(sopClassUid)) {
            return true;
        }
        return nonCtInstances == NonCtInstances.ACCEPT ? SopClasses.isStorage(sopClassUid) : SopClasses.CT_IMAGE_STORAGE.equals(sopClassUid);
    }

    private static Refusal refusal(PresentationContextRq proposed, PresentationContextAc answer) {
        String sopClass = sopClassName(proposed.abstractSyntax());
        if (answer.result() == PresentationContextAc.ABSTRACT_SYNTAX_NOT_SUPPORTED) {
            return new Refusal(sopClass, SopClasses.isStorage(proposed.abstractSyntax())
                    ? "storage other than CT, node.nonCtInstances: reject" : "not a storage or verification SOP class");
        }
        return new Refusal(sopClass, "offered only " + proposed.transferSyntaxes().stream().map(TransferSyntaxes::description).toList()
                + ", none of which we decode");
    }

    /**
     * One line for the log: the refused SOP classes grouped by reason, a few named per reason, e.g. "MRImageStorage,
     * PETImageStorage and 60 more (storage other than CT, node.nonCtInstances: reject)".
     */
    static String summarize(List<Refusal> refusals) {
        Map<String, Set<String>> byReason = new LinkedHashMap<>();
        refusals.forEach(r -> byReason.computeIfAbsent(r.reason(), reason -> new LinkedHashSet<>()).add(r.sopClass()));
        List<String> groups = new ArrayList<>();
        byReason.forEach((reason, sopClasses) -> {
            List<String> named = sopClasses.stream().limit(NAMED_PER_REASON).toList();
            int more = sopClasses.size() - named.size();
            groups.add(String.join(", ", named) + (more > 0 ? " and " + more + " more" : "") + " (" + reason + ")");
        });
        return String.join("; ", groups);
    }

    /** The keyword of a SOP class ("CTImageStorage"), or its UID. */
    private static String sopClassName(String uid) {
        String keyword = SopClasses.keyword(uid);
        // keyword() answers an unknown class with its UID, which the peer chose: quoted only when it is a UID.
        return keyword.equals(uid) ? LogSafe.uid(uid) : keyword;
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
