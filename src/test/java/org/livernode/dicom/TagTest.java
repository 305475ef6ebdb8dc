package org.livernode.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomDictionary;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TagTest {

    private static List<Field> constants() {
        List<Field> constants = new ArrayList<>();
        for (Field field : Tag.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Tag.class) {
                constants.add(field);
            }
        }
        return constants;
    }

    @Test
    void everyConstantIsNamedByTheKeywordOfItsTag() throws IllegalAccessException {
        List<String> wrong = new ArrayList<>();
        for (Field field : constants()) {
            Tag tag = (Tag) field.get(null);
            String keyword = DicomDictionary.StandardDictionary.getNameFromTag(new AttributeTag(tag.group(), tag.element()));
            if (!field.getName().equals(keyword)) {
                wrong.add(field.getName() + " " + tag + " is " + keyword + " in the data dictionary");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void theConstantsAreSortedByName() {
        List<String> names = constants().stream().map(Field::getName).toList();
        assertEquals(names.stream().sorted().toList(), names);
    }
}
