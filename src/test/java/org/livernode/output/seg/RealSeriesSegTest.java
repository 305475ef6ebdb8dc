package org.livernode.output.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.output.ReadBack;
import org.livernode.testing.DicomInspection;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;

/**
 * The SEG of a real series that breaks the standard (3D-IRCADb-01 patient 1: no FrameOfReferenceUID, values
 * padded with NUL, DS values over 16 characters) with its manual liver mask: valid, clean, and read back
 * exactly by pydicom.
 */
class RealSeriesSegTest {

    @TempDir
    Path folder;

    @Test
    void theSegOfTheRealSeriesIsValidCleanAndExact() throws Exception {
        OutputFixtures.RealCase real = OutputFixtures.realSeries(folder);
        CtVolume volume = real.volume();
        SegmentationMask mask = real.mask();

        Path seg = folder.resolve("ircadb-seg.dcm");
        new DicomSegmentation(volume, mask, OutputFixtures.liver(), OutputFixtures.segIdentity(volume), EmptyFrames.INCLUDE).write(seg);

        DicomInspection.Verdict verdict = DicomInspection.dciodvfy(seg);
        verdict.warnings().forEach(w -> System.out.println("dciodvfy (IRCADb): " + w));
        assertEquals(List.of(), verdict.errors(), "dciodvfy said:\n" + verdict.output());

        AttributeList written = ReadBack.read(seg);
        assertEquals(List.of(), ReadBack.uncleanValues(written));
        AttributeList source = new AttributeList();
        source.read(volume.slices().get(0).file().toFile(), TagFromName.PixelData);
        List<String> sourceProblems = ReadBack.uncleanValues(source);
        assertTrue(sourceProblems.size() >= 5, "the check must find the source's own NULs and long DS values: " + sourceProblems);
        // The source's own values, cleaned: "M\0", "1.6000000238418579", "0.569999992847443\0".
        assertEquals("M", Attribute.getSingleStringValueOrNull(written, TagFromName.PatientSex));
        AttributeList measures = SequenceAttribute.getAttributeListFromWithinSequenceWithSingleItem(
                SequenceAttribute.getAttributeListFromWithinSequenceWithSingleItem(written, TagFromName.SharedFunctionalGroupsSequence),
                TagFromName.PixelMeasuresSequence);
        assertEquals("1.60000002384186", Attribute.getSingleStringValueOrNull(measures, TagFromName.SliceThickness));
        assertEquals("0.56999999284744", Attribute.getStringValues(measures, TagFromName.PixelSpacing)[0]);

        SegFixtures.assertPydicomSees(volume, mask, EmptyFrames.INCLUDE.framedSlices(mask), DicomInspection.readWithPydicom(seg, folder.resolve("pydicom")));
    }
}
