package org.livernode.dimse;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The protocol data units of the DICOM upper layer (PS3.8 section 9.3), as decoded values. */
public sealed interface Pdu {

    /** The standard's name for this PDU type, for messages. */
    String name();

    int TYPE_ASSOCIATE_RQ = 0x01;
    int TYPE_ASSOCIATE_AC = 0x02;
    int TYPE_ASSOCIATE_RJ = 0x03;
    int TYPE_P_DATA_TF = 0x04;
    int TYPE_RELEASE_RQ = 0x05;
    int TYPE_RELEASE_RP = 0x06;
    int TYPE_ABORT = 0x07;

    /** The only application context DICOM defines. */
    String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";

    /** The acceptor's answer to an association request. */
    sealed interface AssociateResponse extends Pdu permits AssociateAc, AssociateRj {}

    /**
     * A-ASSOCIATE-RQ.
     *
     * @param protocolVersion bit field; bit 0 set means version 1, the only one defined
     */
    record AssociateRq(int protocolVersion, String calledAeTitle, String callingAeTitle, String applicationContextName,
            List<PresentationContextRq> presentationContexts, UserInformation userInformation) implements Pdu {
        @Override
        public String name() {
            return "A-ASSOCIATE-RQ";
        }

        public AssociateRq {
            presentationContexts = List.copyOf(presentationContexts);
            Objects.requireNonNull(userInformation, "userInformation");
        }
    }

    /** A-ASSOCIATE-AC: the AE titles are those of the request, echoed. */
    record AssociateAc(String calledAeTitle, String callingAeTitle, String applicationContextName,
            List<PresentationContextAc> presentationContexts, UserInformation userInformation) implements AssociateResponse {
        @Override
        public String name() {
            return "A-ASSOCIATE-AC";
        }

        public AssociateAc {
            presentationContexts = List.copyOf(presentationContexts);
            Objects.requireNonNull(userInformation, "userInformation");
        }
    }

    /** A-ASSOCIATE-RJ with its result, source and reason codes (PS3.8 table 9-21). */
    record AssociateRj(int result, int source, int reason) implements AssociateResponse {
        @Override
        public String name() {
            return "A-ASSOCIATE-RJ";
        }

        public static final int RESULT_PERMANENT = 1;
        public static final int RESULT_TRANSIENT = 2;
        public static final int SOURCE_SERVICE_USER = 1;
        public static final int SOURCE_SERVICE_PROVIDER_ACSE = 2;
        public static final int SOURCE_SERVICE_PROVIDER_PRESENTATION = 3;
        public static final int REASON_NO_REASON_GIVEN = 1;
        public static final int REASON_APPLICATION_CONTEXT_NOT_SUPPORTED = 2;
        public static final int REASON_CALLING_AE_NOT_RECOGNIZED = 3;
        public static final int REASON_CALLED_AE_NOT_RECOGNIZED = 7;
        /** Reason 2 from source 2 (ACSE provider). */
        public static final int REASON_PROTOCOL_VERSION_NOT_SUPPORTED = 2;
        /** Reason 2 from source 3 (presentation provider). */
        public static final int REASON_LOCAL_LIMIT_EXCEEDED = 2;

        /** The codes in words, for log lines and exception messages. */
        public String describe() {
            String resultText = result == RESULT_PERMANENT ? "permanent" : result == RESULT_TRANSIENT ? "transient" : "result " + result;
            String reasonText = switch (source) {
                case SOURCE_SERVICE_USER -> switch (reason) {
                    case REASON_NO_REASON_GIVEN -> "no reason given";
                    case REASON_APPLICATION_CONTEXT_NOT_SUPPORTED -> "application context name not supported";
                    case REASON_CALLING_AE_NOT_RECOGNIZED -> "calling AE title not recognized";
                    case REASON_CALLED_AE_NOT_RECOGNIZED -> "called AE title not recognized";
                    default -> "reason " + reason;
                };
                case SOURCE_SERVICE_PROVIDER_ACSE -> reason == REASON_PROTOCOL_VERSION_NOT_SUPPORTED
                        ? "protocol version not supported" : "ACSE reason " + reason;
                case SOURCE_SERVICE_PROVIDER_PRESENTATION -> reason == REASON_LOCAL_LIMIT_EXCEEDED
                        ? "local limit exceeded" : reason == 1 ? "temporary congestion" : "presentation reason " + reason;
                default -> "source " + source + " reason " + reason;
            };
            return resultText + " rejection: " + reasonText;
        }
    }

    /** P-DATA-TF: one or more presentation data values. */
    record PDataTf(List<Pdv> pdvs) implements Pdu {
        @Override
        public String name() {
            return "P-DATA-TF";
        }

        public PDataTf {
            pdvs = List.copyOf(pdvs);
        }
    }

    /**
     * One presentation data value: a fragment of a command or data set. {@code data} may be a view of a buffer
     * that the reader reuses for the next PDU, so it is valid only until then.
     */
    record Pdv(int presentationContextId, boolean command, boolean last, ByteBuffer data) {
        public Pdv {
            data = data.asReadOnlyBuffer();
        }
    }

    record ReleaseRq() implements Pdu {
        @Override
        public String name() {
            return "A-RELEASE-RQ";
        }
}

    record ReleaseRp() implements Pdu {
        @Override
        public String name() {
            return "A-RELEASE-RP";
        }
}

    /** A-ABORT with its source and reason codes (PS3.8 table 9-26). */
    record Abort(int source, int reason) implements Pdu {
        @Override
        public String name() {
            return "A-ABORT";
        }

        public static final int SOURCE_SERVICE_USER = 0;
        public static final int SOURCE_SERVICE_PROVIDER = 2;
        public static final int REASON_NOT_SPECIFIED = 0;
        public static final int REASON_UNRECOGNIZED_PDU = 1;
        public static final int REASON_UNEXPECTED_PDU = 2;
        public static final int REASON_UNRECOGNIZED_PDU_PARAMETER = 4;
        public static final int REASON_UNEXPECTED_PDU_PARAMETER = 5;
        public static final int REASON_INVALID_PDU_PARAMETER_VALUE = 6;

        public String describe() {
            if (source == SOURCE_SERVICE_USER) {
                return "aborted by the service user";
            }
            String reasonText = switch (reason) {
                case REASON_UNRECOGNIZED_PDU -> "unrecognized PDU";
                case REASON_UNEXPECTED_PDU -> "unexpected PDU";
                case REASON_UNRECOGNIZED_PDU_PARAMETER -> "unrecognized PDU parameter";
                case REASON_UNEXPECTED_PDU_PARAMETER -> "unexpected PDU parameter";
                case REASON_INVALID_PDU_PARAMETER_VALUE -> "invalid PDU parameter value";
                default -> "reason not specified";
            };
            return "aborted by the service provider (source " + source + "): " + reasonText;
        }
    }

    /** A proposed presentation context: one abstract syntax with the transfer syntaxes the requestor can use. */
    record PresentationContextRq(int id, String abstractSyntax, List<String> transferSyntaxes) {
        public PresentationContextRq {
            transferSyntaxes = List.copyOf(transferSyntaxes);
        }
    }

    /**
     * The acceptor's answer for one proposed presentation context.
     *
     * @param transferSyntax the chosen transfer syntax; only meaningful when the result is acceptance
     */
    record PresentationContextAc(int id, int result, String transferSyntax) {
        public static final int ACCEPTANCE = 0;
        public static final int USER_REJECTION = 1;
        public static final int NO_REASON = 2;
        public static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
        public static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

        public boolean accepted() {
            return result == ACCEPTANCE;
        }
    }

    /**
     * The user information item. Sub-items we do not use (role selection, extended negotiation, user identity)
     * are skipped when decoding and never sent, which leaves the default roles and no extended behaviour.
     *
     * @param maxPduLength largest P-DATA-TF variable field the sender of this item can receive; 0 means no limit
     * @param implementationVersionName empty when absent
     */
    record UserInformation(int maxPduLength, String implementationClassUid, String implementationVersionName,
            Optional<AsyncOperationsWindow> asyncOperationsWindow) {
        public UserInformation {
            Objects.requireNonNull(implementationClassUid, "implementationClassUid");
            Objects.requireNonNull(implementationVersionName, "implementationVersionName");
            Objects.requireNonNull(asyncOperationsWindow, "asyncOperationsWindow");
        }
    }

    /** Asynchronous operations window (PS3.7 D.3.3.3); 0 means unlimited. */
    record AsyncOperationsWindow(int maxOperationsInvoked, int maxOperationsPerformed) {}
}
