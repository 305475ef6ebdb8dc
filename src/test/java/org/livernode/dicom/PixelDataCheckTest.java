package org.livernode.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.livernode.dicom.InstanceHeader.Element;

class PixelDataCheckTest {

    private final Map<Tag, Element> header = new HashMap<>(Map.of(
            Tag.Rows, new Element("US", false, List.of("64")),
            Tag.Columns, new Element("US", false, List.of("64")),
            Tag.BitsAllocated, new Element("US", false, List.of("16"))));

    private OptionalLong expected() {
        return PixelDataCheck.expectedNativeLength(new InstanceHeader(header));
    }

    @Test
    void expectedNativeLengthFollowsTheHeader() {
        assertEquals(OptionalLong.of(64 * 64 * 2), expected());
        header.put(Tag.NumberOfFrames, new Element("IS", true, List.of("3 ")));
        assertEquals(OptionalLong.of(3 * 64 * 64 * 2), expected());
        header.put(Tag.SamplesPerPixel, new Element("US", false, List.of("3")));
        assertEquals(OptionalLong.of(3 * 3 * 64 * 64 * 2), expected());
        header.put(Tag.BitsAllocated, new Element("US", false, List.of("1")));
        assertEquals(OptionalLong.of((3 * 3 * 64 * 64 + 7) / 8), expected());
        header.remove(Tag.Rows);
        assertEquals(OptionalLong.empty(), expected());
    }

    @Test
    void valuesThatAreNoPositiveNumberLeaveTheLengthUnknown() {
        header.put(Tag.NumberOfFrames, new Element("IS", true, List.of("three")));
        assertEquals(OptionalLong.empty(), expected());
        header.put(Tag.NumberOfFrames, new Element("IS", true, List.of("0")));
        assertEquals(OptionalLong.empty(), expected());
        header.put(Tag.NumberOfFrames, new Element("IS", true, List.of()));
        assertEquals(OptionalLong.of(64 * 64 * 2), expected(), "an empty NumberOfFrames counts as one frame");
    }

    @Test
    void lengthBeyondWhatALongCountsIsTheLargestLong() {
        header.put(Tag.NumberOfFrames, new Element("IS", true, List.of("2147483647")));
        header.put(Tag.Rows, new Element("US", false, List.of("65535")));
        header.put(Tag.Columns, new Element("US", false, List.of("65535")));
        header.put(Tag.SamplesPerPixel, new Element("US", false, List.of("65535")));
        assertEquals(OptionalLong.of(Long.MAX_VALUE), expected());
    }
}
