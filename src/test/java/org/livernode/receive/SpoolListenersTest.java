package org.livernode.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.dicom.SopClasses;
import org.livernode.dicom.TransferSyntaxes;
import org.livernode.dimse.DicomServiceException;
import org.livernode.dimse.DicomStatus;
import org.livernode.receive.SpoolListeners.Named;
import org.livernode.spool.Spool;
import org.livernode.spool.SpooledInstance;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.DataSetBytes;
import org.livernode.testing.LogCapture;

/** A C-STORE fails when the intervening listener fails, never when a notified one does. */
class SpoolListenersTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final LogCapture log = new LogCapture();

    private final CtPhantom phantom = new CtPhantom().slices(1);
    private final List<String> told = new ArrayList<>();

    /** One C-STORE of the phantom's slice through the storage SCP's handler, which tells {@code listener}. */
    private void store(SpoolListener listener) throws Exception {
        byte[] dataSet = DataSetBytes.encode(phantom.sliceAttributes(0), TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN);
        new SpoolingStoreHandler(Spool.open(dir.resolve("spool")), listener, "SCANNER", 1).store(SopClasses.CT_IMAGE_STORAGE,
                phantom.sopInstanceUid(0), TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, new ByteArrayInputStream(dataSet));
    }

    private Named recording(String name) {
        return new Named(name, (instance, association) -> told.add(name));
    }

    private static Named failing(String name) {
        return new Named(name, new SpoolListener() {
            @Override
            public void instanceStored(SpooledInstance instance, long association) {
                throw new IllegalStateException(name + " is broken");
            }

            @Override
            public void associationClosed(ReceivedAssociation association) {
                throw new IllegalStateException(name + " is broken");
            }
        });
    }

    @Test
    void aFailingNotifiedListenerIsLoggedWithTheSeriesAndTheStoreSucceeds() throws Exception {
        store(new SpoolListeners(recording("series tracker"), List.of(failing("metrics"), recording("streaming"))));
        assertEquals(List.of("series tracker", "streaming"), told);
        List<String> failures = log.lines().stream().filter(l -> l.contains("failed")).toList();
        assertEquals(1, failures.size(), log.lines().toString());
        assertEquals("ERROR org.livernode.receive.SpoolListeners - Series " + phantom.seriesInstanceUid() + ": the metrics failed on instance "
                + phantom.sopInstanceUid(0) + "; it counts as stored all the same", failures.get(0).lines().findFirst().orElseThrow());
    }

    @Test
    void aFailingTrackerFailsTheStoreAndTheOthersAreNotTold() {
        DicomServiceException e = assertThrows(DicomServiceException.class,
                () -> store(new SpoolListeners(failing("series tracker"), List.of(recording("streaming")))));
        assertEquals(DicomStatus.PROCESSING_FAILURE, e.status());
        assertEquals(List.of(), told, "the sender sends the instance again");
    }

    @Test
    void everyListenerHearsOfAnAssociationsEndWhateverAnotherDoes() {
        List<String> ended = new ArrayList<>();
        Named counting = new Named("metrics", new SpoolListener() {
            @Override
            public void instanceStored(SpooledInstance instance, long association) {}

            @Override
            public void associationClosed(ReceivedAssociation association) {
                ended.add("metrics");
            }
        });
        new SpoolListeners(failing("series tracker"), List.of(failing("audit log"), counting))
                .associationClosed(new ReceivedAssociation(1, "SCANNER", "127.0.0.1:4000", List.of(), true));
        assertEquals(List.of("metrics"), ended);
        assertEquals(2, log.lines().stream().filter(l -> l.contains("failed on the end of the association from SCANNER at 127.0.0.1:4000")).count(),
                log.lines().toString());
    }
}
