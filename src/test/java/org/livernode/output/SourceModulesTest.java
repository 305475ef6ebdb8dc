package org.livernode.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.livernode.output.DicomAttributes.put;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import org.junit.jupiter.api.Test;
import org.livernode.dicom.InMemoryHeaders;

class SourceModulesTest {

    private static AttributeList copied(AttributeList source) throws DicomException {
        AttributeList target = new AttributeList();
        SourceModules.copyPatientAndStudy(InMemoryHeaders.of(source), target);
        return target;
    }

    @Test
    void valuesAreCleanedOnTheWay() throws DicomException {
        AttributeList source = new AttributeList();
        put(source, TagFromName.PatientName, "liver_01^patient");
        put(source, TagFromName.PatientSex, "M\0");
        put(source, TagFromName.PatientSize, "1.6500000238418579");
        put(source, TagFromName.StudyID, "1\0");
        put(source, TagFromName.StudyDescription, "Abdomen ");
        AttributeList target = copied(source);
        assertEquals("liver_01^patient", target.get(TagFromName.PatientName).getOriginalStringValues()[0]);
        assertEquals("M", target.get(TagFromName.PatientSex).getOriginalStringValues()[0]);
        assertEquals("1.65000002384186", target.get(TagFromName.PatientSize).getOriginalStringValues()[0]);
        assertEquals("1", target.get(TagFromName.StudyID).getOriginalStringValues()[0]);
        assertEquals("Abdomen", target.get(TagFromName.StudyDescription).getOriginalStringValues()[0]);
    }

    @Test
    void typeTwoAttributesArePresentEvenWhenMissingOrInvalid() throws DicomException {
        AttributeList source = new AttributeList();
        put(source, TagFromName.PatientSex, "X");
        put(source, TagFromName.StudyDate, "2009-05-27");
        AttributeList target = copied(source);
        for (AttributeTag tag : new AttributeTag[] {TagFromName.PatientName, TagFromName.PatientID, TagFromName.PatientBirthDate,
                TagFromName.PatientSex, TagFromName.StudyDate, TagFromName.StudyTime, TagFromName.ReferringPhysicianName,
                TagFromName.StudyID, TagFromName.AccessionNumber}) {
            Attribute attribute = target.get(tag);
            assertNotNull(attribute, tag + " must be present");
            assertEquals(0, attribute.getVM(), tag + " must be empty");
        }
    }

    @Test
    void typeThreeAttributesAreLeftOutWhenInvalidOrEmpty() throws DicomException {
        AttributeList source = new AttributeList();
        put(source, TagFromName.PatientAge, "60Y");
        put(source, TagFromName.PatientWeight, "heavy");
        put(source, TagFromName.StudyDescription, "\0");
        AttributeList target = copied(source);
        assertNull(target.get(TagFromName.PatientAge));
        assertNull(target.get(TagFromName.PatientWeight));
        assertNull(target.get(TagFromName.StudyDescription));
    }

    @Test
    void onlyThePatientAndStudyModulesAreCopied() throws DicomException {
        AttributeList source = new AttributeList();
        put(source, TagFromName.InstitutionName, "IRCAD");
        put(source, TagFromName.StudyInstanceUID, "1.2.3");
        put(source, TagFromName.SeriesDescription, "CT abdomen");
        AttributeList target = copied(source);
        assertFalse(target.containsKey(TagFromName.InstitutionName));
        assertFalse(target.containsKey(TagFromName.StudyInstanceUID));
        assertFalse(target.containsKey(TagFromName.SeriesDescription));
    }
}
