package org.livernode.output.seg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.StringAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.dicom.DecimalString;
import org.livernode.dicom.ValueCleaning;
import org.livernode.testing.DicomInspection;
import org.livernode.testing.RealSeries;
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
        List<Path> files = RealSeries.files();
        assertEquals(129, files.size());
        CtVolume volume = SegFixtures.volumeFromFiles(files);
        assertTrue(volume.frameOfReferenceDerived(), "the IRCADb files carry no FrameOfReferenceUID");
        SegmentationMask mask = RealSeries.manualMask(volume, folder);
        assertTrue(mask.count() > 1_000_000, "the manual liver mask has " + mask.count() + " voxels");

        Path seg = folder.resolve("ircadb-seg.dcm");
        new DicomSegmentation(volume, mask, SegFixtures.liver(), SegFixtures.identity(volume), EmptyFrames.INCLUDE).write(seg);

        DicomInspection.Verdict verdict = DicomInspection.dciodvfy(seg);
        verdict.warnings().forEach(w -> System.out.println("dciodvfy (IRCADb): " + w));
        assertEquals(List.of(), verdict.errors(), "dciodvfy said:\n" + verdict.output());

        AttributeList written = new AttributeList();
        written.read(seg.toString());
        List<String> problems = new ArrayList<>();
        findUncleanValues(written, "", problems);
        assertEquals(List.of(), problems);
        List<String> sourceProblems = new ArrayList<>();
        AttributeList source = new AttributeList();
        source.read(volume.slices().get(0).file().toFile(), TagFromName.PixelData);
        findUncleanValues(source, "", sourceProblems);
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

    /** NUL anywhere but in UID padding, or a DS value over 16 characters, at any depth. */
    static void findUncleanValues(AttributeList list, String path, List<String> problems) throws DicomException {
        for (Attribute attribute : list.values()) {
            String where = path + attribute.getTag();
            if (attribute instanceof SequenceAttribute sequence) {
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    SequenceItem item = sequence.getItem(i);
                    findUncleanValues(item.getAttributeList(), where + "[" + i + "].", problems);
                }
            } else if (attribute instanceof StringAttribute && attribute.getVM() > 0) {
                String vr = new String(attribute.getVR());
                for (String value : attribute.getOriginalStringValues()) {
                    String unpadded = "UI".equals(vr) ? value.replaceFirst("\0$", "") : value;
                    if (unpadded.indexOf('\0') >= 0) {
                        problems.add(where + " " + vr + " has a NUL: " + value.replace("\0", "<NUL>"));
                    }
                    if ("DS".equals(vr) && ValueCleaning.stripPadding(value, vr).length() > DecimalString.MAX_LENGTH) {
                        problems.add(where + " DS value over 16 characters: " + value);
                    }
                }
            }
        }
    }
}
