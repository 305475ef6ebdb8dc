package org.livernode.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.livernode.dicom.DataSet;
import org.livernode.dicom.InstanceHeader;
import org.livernode.dicom.Tag;

class SourceModulesTest {

    private static DataSet copied(Map<Tag, InstanceHeader.Element> source) {
        DataSet target = new DataSet();
        SourceModules.copyPatientAndStudy(new InstanceHeader(source), target);
        return target;
    }

    /**
     * Values are cleaned on the way; a Type 2 attribute whose value stays invalid is written empty, a Type 3
     * one is left out; nothing outside the Patient and Study modules is copied.
     *
     * @param expected the values copied, or empty when the attribute is left out
     */
    @ParameterizedTest(name = "{0} {1} \"{2}\"")
    @MethodSource("sourceValues")
    void eachSourceValueIsCopiedCleanedEmptiedOrLeftOut(Tag tag, String vr, String value, Optional<List<String>> expected) {
        DataSet target = copied(Map.of(tag, new InstanceHeader.Element(vr, true, List.of(value))));
        assertEquals(expected, target.contains(tag) ? Optional.of(target.strings(tag)) : Optional.empty());
    }

    static Stream<Arguments> sourceValues() {
        return Stream.of(
                // cleaned
                Arguments.of(Tag.PatientName, "PN", "liver_01^patient", Optional.of(List.of("liver_01^patient"))),
                Arguments.of(Tag.PatientSex, "CS", "M\0", Optional.of(List.of("M"))),
                Arguments.of(Tag.PatientSize, "DS", "1.6500000238418579", Optional.of(List.of("1.65000002384186"))),
                Arguments.of(Tag.StudyID, "SH", "1\0", Optional.of(List.of("1"))),
                Arguments.of(Tag.StudyDescription, "LO", "Abdomen ", Optional.of(List.of("Abdomen"))),
                // Type 2, invalid: empty
                Arguments.of(Tag.PatientSex, "CS", "X", Optional.of(List.of())),
                Arguments.of(Tag.StudyDate, "DA", "2009-05-27", Optional.of(List.of())),
                // Type 3, invalid or empty: left out
                Arguments.of(Tag.PatientAge, "AS", "60Y", Optional.empty()),
                Arguments.of(Tag.PatientWeight, "DS", "heavy", Optional.empty()),
                Arguments.of(Tag.StudyDescription, "LO", "\0", Optional.empty()),
                // not in the Patient and Study modules
                Arguments.of(Tag.InstitutionName, "LO", "IRCAD", Optional.empty()),
                Arguments.of(Tag.StudyInstanceUID, "UI", "1.2.3", Optional.empty()),
                Arguments.of(Tag.SeriesDescription, "LO", "CT abdomen", Optional.empty()));
    }

    @Test
    void typeTwoAttributesArePresentAndEmptyWhenTheSourceLacksThem() {
        DataSet target = copied(Map.of());
        for (Tag tag : List.of(Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.PatientSex, Tag.StudyDate, Tag.StudyTime,
                Tag.ReferringPhysicianName, Tag.StudyID, Tag.AccessionNumber)) {
            assertTrue(target.contains(tag), tag + " must be present");
            assertEquals(List.of(), target.strings(tag), tag + " must be empty");
        }
        assertEquals(9, target.elements().size(), "and nothing else: " + target.elements().keySet());
    }
}
