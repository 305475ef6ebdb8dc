package org.livernode.output.rtstruct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.dicom.DataSet;
import org.livernode.dicom.DicomReadException;
import org.livernode.dicom.Part10Writer;
import org.livernode.dicom.SopClasses;
import org.livernode.dicom.Tag;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.Vec3;

/** An RT Structure Set written by {@link DicomStructureSet}, read back by {@link StructureSetContours}. */
class StructureSetContoursTest {
    @TempDir
    Path dir;

    @Test
    void eachContourIsTheTracedOutlineOnTheSliceItNames() throws Exception {
        CtVolume volume = OutputFixtures.volume(new CtPhantom(), dir.resolve("ct"));
        SegmentationMask mask = StructureSetFixtures.liverByValue(volume);
        Path file = dir.resolve("rtstruct.dcm");
        new DicomStructureSet(volume, mask, OutputFixtures.liver(), OutputFixtures.structureSetIdentity(volume)).write(file);

        List<CtSlice> expectedSlices = new ArrayList<>();
        List<PixelContour> expectedContours = new ArrayList<>();
        for (int z = 0; z < volume.depth(); z++) {
            for (PixelContour contour : ContourTracer.traceSimplified(mask.plane(z), mask.rows(), mask.columns())) {
                expectedSlices.add(volume.slices().get(z));
                expectedContours.add(contour);
            }
        }
        List<StructureSetContour> contours = StructureSetContours.read(file);
        assertTrue(expectedContours.size() > 1, "the phantom's liver is outlined on several slices");
        assertEquals(expectedContours.size(), contours.size());
        for (int i = 0; i < contours.size(); i++) {
            StructureSetContour contour = contours.get(i);
            CtSlice slice = expectedSlices.get(i);
            assertEquals(i + 1, contour.number());
            assertEquals(slice.sopClassUid(), contour.imageSopClassUid(), "contour " + i);
            assertEquals(slice.sopInstanceUid(), contour.imageSopInstanceUid(), "contour " + i);
            List<PixelPoint> pixels = expectedContours.get(i).points();
            double[] points = contour.points();
            assertEquals(3 * pixels.size(), points.length, "contour " + i);
            for (int p = 0; p < pixels.size(); p++) {
                Vec3 expected = slice.geometry().patientPoint(pixels.get(p).row(), pixels.get(p).column());
                assertArrayEquals(new double[] {expected.x(), expected.y(), expected.z()}, new double[] {points[3 * p], points[3 * p + 1], points[3 * p + 2]},
                        1e-6, "point " + p + " of contour " + i);
            }
        }
    }

    @Test
    void aFileThatIsNotAnRtStructureSetIsRefused() throws Exception {
        Path ct = new CtPhantom().slices(1).matrix(8, 8).write(dir.resolve("ct")).get(0);
        DicomReadException e = assertThrows(DicomReadException.class, () -> StructureSetContours.read(ct));
        assertTrue(e.getMessage().contains(ct.toString()) && e.getMessage().contains("no ROIContourSequence: not an RT Structure Set"), e.getMessage());
    }

    @Test
    void contourDataThatIsNotInTripletsIsRefused() throws Exception {
        DataSet contour = new StructureSetContour(1, SopClasses.CT_IMAGE_STORAGE, "1.2.3.4", new double[] {0, 0, 0}).toDataSet()
                .put(Tag.ContourData, "0", "0", "0", "1");
        Path file = dir.resolve("rtstruct.dcm");
        Part10Writer.write(new DataSet()
                .put(Tag.SOPClassUID, SopClasses.RT_STRUCTURE_SET_STORAGE)
                .put(Tag.SOPInstanceUID, "1.2.3.5")
                .putSequence(Tag.ROIContourSequence, new DataSet().putSequence(Tag.ContourSequence, contour)), file);
        DicomReadException e = assertThrows(DicomReadException.class, () -> StructureSetContours.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("ContourData with 4 values, not x y z triplets"), e.getMessage());
    }
}
