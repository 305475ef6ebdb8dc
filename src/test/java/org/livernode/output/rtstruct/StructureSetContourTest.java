package org.livernode.output.rtstruct;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.livernode.dicom.DataSet;
import org.livernode.dicom.SopClasses;
import org.livernode.dicom.Tag;

/** The contour item of an RT Structure Set, built and parsed by one description. */
class StructureSetContourTest {
    private static final StructureSetContour TRIANGLE = new StructureSetContour(3, SopClasses.CT_IMAGE_STORAGE, "1.2.3.4",
            new double[] {-10.5, 20.25, -3.5, 12, 20.25, -3.5, 0.125, -40, -3.5});

    @Test
    void theItemItBuildsParsesBackToTheSameContour() {
        StructureSetContour parsed = StructureSetContour.fromDataSet(TRIANGLE.toDataSet());
        assertEquals(TRIANGLE.number(), parsed.number());
        assertEquals(TRIANGLE.imageSopClassUid(), parsed.imageSopClassUid());
        assertEquals(TRIANGLE.imageSopInstanceUid(), parsed.imageSopInstanceUid());
        assertArrayEquals(TRIANGLE.points(), parsed.points());
    }

    @Test
    void pointsThatAreNotTripletsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StructureSetContour(1, SopClasses.CT_IMAGE_STORAGE, "1.2.3.4", new double[] {1, 2}));
        assertEquals("ContourData with 2 values, not x y z triplets", e.getMessage());
    }

    @Test
    void aPointCountThatDisagreesWithContourDataIsRefused() {
        DataSet item = TRIANGLE.toDataSet().put(Tag.NumberOfContourPoints, "4");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StructureSetContour.fromDataSet(item));
        assertEquals("contour 3 has 3 points in ContourData, not the NumberOfContourPoints it gives", e.getMessage());
    }
}
