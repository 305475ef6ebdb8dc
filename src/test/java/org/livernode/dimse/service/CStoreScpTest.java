package org.livernode.dimse.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.livernode.dicom.SopClasses;
import org.livernode.dicom.TransferSyntaxes;
import org.livernode.dimse.DicomServiceException;
import org.livernode.dimse.DicomStatus;
import org.livernode.dimse.DimseCommand;
import org.livernode.dimse.PresentationContext;

class CStoreScpTest {
    private static final PresentationContext CT = new PresentationContext(1, SopClasses.CT_IMAGE_STORAGE, TransferSyntaxes.JPEG_LOSSLESS_SV1);

    /** What the handler was given: SOP class, SOP instance, transfer syntax and the data set's bytes. */
    private record Stored(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, byte[] dataSet) {}

    private final List<Stored> stored = new ArrayList<>();
    private final CStoreScp scp = new CStoreScp((sopClass, sopInstance, transferSyntax, dataSet) ->
            stored.add(new Stored(sopClass, sopInstance, transferSyntax, dataSet.readAllBytes())));

    private DicomServiceException refused(PresentationContext context, DimseCommand request) {
        return assertThrows(DicomServiceException.class, () -> scp.onRequest(context, request, new ByteArrayInputStream(new byte[4])));
    }

    @Test
    void handlerKeepsTheDataSetInTheAgreedTransferSyntax() throws Exception {
        scp.onRequest(CT, DimseCommand.cStoreRq(1, SopClasses.CT_IMAGE_STORAGE, "1.2.3"), new ByteArrayInputStream(new byte[] {1, 2, 3}));
        assertEquals(1, stored.size());
        Stored only = stored.get(0);
        assertEquals(List.of(SopClasses.CT_IMAGE_STORAGE, "1.2.3", TransferSyntaxes.JPEG_LOSSLESS_SV1),
                List.of(only.sopClassUid(), only.sopInstanceUid(), only.transferSyntaxUid()));
        assertArrayEquals(new byte[] {1, 2, 3}, only.dataSet());
    }

    @Test
    void requestsThatNameNoValidInstanceNeverReachTheHandler() {
        assertEquals(DicomStatus.CANNOT_UNDERSTAND, refused(CT, DimseCommand.cStoreRq(1, SopClasses.CT_IMAGE_STORAGE, "")).status());
        DicomServiceException wrongContext = refused(CT, DimseCommand.cStoreRq(1, SopClasses.SEGMENTATION_STORAGE, "1.2.3"));
        assertEquals(DicomStatus.SOP_CLASS_NOT_SUPPORTED, wrongContext.status());
        assertEquals("SOP class " + SopClasses.SEGMENTATION_STORAGE + " sent on the presentation context of " + SopClasses.CT_IMAGE_STORAGE,
                wrongContext.getMessage());
        DicomServiceException notAUid = refused(CT, DimseCommand.cStoreRq(1, SopClasses.CT_IMAGE_STORAGE, "../../escaped"));
        assertEquals(DicomStatus.INVALID_SOP_INSTANCE, notAUid.status());
        assertEquals("affected SOP Instance UID is not a UID", notAUid.getMessage());
        assertEquals(List.of(), stored);
    }
}
