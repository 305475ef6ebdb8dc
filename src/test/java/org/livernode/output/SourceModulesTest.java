package org.livernode.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.livernode.dicom.DataSet;
import org.livernode.dicom.InstanceHeader;
import org.livernode.dicom.Tag;

class SourceModulesTest {

    /** What is copied from a source header holding {@code tagsAndValues}: tag, VR, value, tag, VR, value... */
    private static DataSet copied(Object... tagsAndValues) {
        Map<Tag, InstanceHeader.Element> elements = new TreeMap<>();
        for (int i = 0; i < tagsAndValues.length; i += 3) {
            elements.put((Tag) tagsAndValues[i],
                    new InstanceHeader.Element((String) tagsAndValues[i + 1], true, List.of((String) tagsAndValues[i + 2])));
        }
        DataSet target = new DataSet();
        SourceModules.copyPatientAndStudy(new InstanceHeader(elements), target);
        return target;
    }

    @Test
    void valuesAreCleanedOnTheWay() {
        DataSet target = copied(
                Tag.PatientName, "PN", "liver_01^patient",
                Tag.PatientSex, "CS", "M\0",
                Tag.PatientSize, "DS", "1.6500000238418579",
                Tag.StudyID, "SH", "1\0",
                Tag.StudyDescription, "LO", "Abdomen ");
        assertEquals(List.of("liver_01^patient"), target.strings(Tag.PatientName));
        assertEquals(List.of("M"), target.strings(Tag.PatientSex));
        assertEquals(List.of("1.65000002384186"), target.strings(Tag.PatientSize));
        assertEquals(List.of("1"), target.strings(Tag.StudyID));
        assertEquals(List.of("Abdomen"), target.strings(Tag.StudyDescription));
    }

    /** Type 2 attributes are present, and empty, when missing or invalid; Type 3 ones are left out. */
    @Test
    void whatIsMissingOrInvalidIsEmptyWhenTypeTwoAndAbsentOtherwise() {
        DataSet target = copied(
                Tag.PatientSex, "CS", "X",
                Tag.StudyDate, "DA", "2009-05-27",
                Tag.PatientAge, "AS", "60Y",
                Tag.PatientWeight, "DS", "heavy",
                Tag.StudyDescription, "LO", "\0");
        for (Tag tag : List.of(Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.PatientSex, Tag.StudyDate, Tag.StudyTime,
                Tag.ReferringPhysicianName, Tag.StudyID, Tag.AccessionNumber)) {
            assertTrue(target.contains(tag), tag + " must be present");
            assertEquals(List.of(), target.strings(tag), tag + " must be empty");
        }
        for (Tag tag : List.of(Tag.PatientAge, Tag.PatientWeight, Tag.StudyDescription)) {
            assertFalse(target.contains(tag), tag + " must be absent");
        }
    }

    @Test
    void onlyThePatientAndStudyModulesAreCopied() {
        DataSet target = copied(
                Tag.InstitutionName, "LO", "IRCAD",
                Tag.StudyInstanceUID, "UI", "1.2.3",
                Tag.SeriesDescription, "LO", "CT abdomen");
        assertFalse(target.contains(Tag.InstitutionName));
        assertFalse(target.contains(Tag.StudyInstanceUID));
        assertFalse(target.contains(Tag.SeriesDescription));
    }
}
