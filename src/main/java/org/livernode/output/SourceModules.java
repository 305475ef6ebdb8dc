package org.livernode.output;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.livernode.dicom.DataSet;
import org.livernode.dicom.InstanceHeader;
import org.livernode.dicom.Tag;
import org.livernode.dicom.ValueCleaning;
import org.livernode.volume.CtVolume;

/**
 * Copies the Patient, General Study and Patient Study modules from a source image header into a derived
 * object, so that the derived object files under the same patient and study. Every value goes through
 * {@link ValueCleaning#cleanCopy}: an invalid Type 2 value is written empty, an invalid Type 3 value is left
 * out. StudyInstanceUID is not copied here; the writer sets it from the volume. {@link #putFrameOfReference}
 * writes the Frame of Reference module of an object in the volume's frame of reference.
 */
public final class SourceModules {

    /** One copied attribute: Type 2 must be present (possibly empty), Type 3 may be absent. */
    private record Copied(Tag tag, boolean type2, Set<String> enumeratedValues) {
        Copied(Tag tag, boolean type2) {
            this(tag, type2, Set.of());
        }
    }

    // Only single-valued, non-sequence attributes: that keeps every copy checkable value by value.
    private static final List<Copied> PATIENT_AND_STUDY = List.of(
            // Patient
            new Copied(Tag.PatientName, true),
            new Copied(Tag.PatientID, true),
            new Copied(Tag.IssuerOfPatientID, false),
            new Copied(Tag.PatientBirthDate, true),
            new Copied(Tag.PatientBirthTime, false),
            new Copied(Tag.PatientSex, true, Set.of("M", "F", "O")),
            new Copied(Tag.EthnicGroup, false),
            new Copied(Tag.PatientComments, false),
            // General Study
            new Copied(Tag.StudyDate, true),
            new Copied(Tag.StudyTime, true),
            new Copied(Tag.ReferringPhysicianName, true),
            new Copied(Tag.StudyID, true),
            new Copied(Tag.AccessionNumber, true),
            new Copied(Tag.StudyDescription, false),
            // Patient Study
            new Copied(Tag.PatientAge, false),
            new Copied(Tag.PatientSize, false),
            new Copied(Tag.PatientWeight, false),
            new Copied(Tag.AdditionalPatientHistory, false));

    private SourceModules() {}

    /** Puts the patient and study attributes of {@code source} into {@code target}, each one valid or absent. */
    public static void copyPatientAndStudy(InstanceHeader source, DataSet target) {
        for (Copied copied : PATIENT_AND_STUDY) {
            Optional<List<String>> values = source.element(copied.tag())
                    .flatMap(element -> ValueCleaning.cleanCopy(copied.tag(), element, 1))
                    .filter(copy -> copied.enumeratedValues().isEmpty() || copy.isEmpty()
                            || copied.enumeratedValues().contains(copy.get(0)));
            if (values.isPresent() && (copied.type2() || !values.get().isEmpty())) {
                target.put(copied.tag(), values.get());
            } else if (copied.type2()) {
                target.put(copied.tag());
            }
        }
    }

    /**
     * Puts the Frame of Reference module: the volume's FrameOfReferenceUID and the source's
     * PositionReferenceIndicator, cleaned; empty when the UID was derived (no source value describes it)
     * or the source has no valid one.
     */
    public static void putFrameOfReference(CtVolume source, DataSet target) {
        target.put(Tag.FrameOfReferenceUID, source.frameOfReferenceUid());
        Optional<List<String>> positionReference = source.frameOfReferenceDerived()
                ? Optional.empty()
                : source.header().element(Tag.PositionReferenceIndicator)
                        .flatMap(e -> ValueCleaning.cleanCopy(Tag.PositionReferenceIndicator, e, 1));
        target.put(Tag.PositionReferenceIndicator, positionReference.orElse(List.of()));
    }
}
