package org.livernode.output;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.livernode.dicom.Tag;
import org.livernode.dicom.UidSyntax;
import org.livernode.dicom.ValueCleaning;

/**
 * Who an output object is and who made it: its UIDs and numbers, its series description, when its content
 * was made, and the node's software version and serial number (Enhanced General Equipment).
 *
 * @param contentDateTime local date and time the content was created; also the series date and time
 * @param deviceSerialNumber identifies this installation of the node (DeviceSerialNumber is Type 1)
 */
public record OutputIdentity(
        String seriesInstanceUid,
        String sopInstanceUid,
        int seriesNumber,
        int instanceNumber,
        String seriesDescription,
        LocalDateTime contentDateTime,
        String softwareVersion,
        String deviceSerialNumber) {

    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT);
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss", Locale.ROOT);

    public OutputIdentity {
        if (!UidSyntax.isUid(seriesInstanceUid, UidSyntax.Leniency.STRICT)) {
            throw new IllegalArgumentException("seriesInstanceUid is not a valid UID: " + seriesInstanceUid);
        }
        if (!UidSyntax.isUid(sopInstanceUid, UidSyntax.Leniency.STRICT)) {
            throw new IllegalArgumentException("sopInstanceUid is not a valid UID: " + sopInstanceUid);
        }
        if (seriesInstanceUid.equals(sopInstanceUid)) {
            throw new IllegalArgumentException("seriesInstanceUid and sopInstanceUid must differ, both are " + sopInstanceUid);
        }
        if (seriesNumber < 1 || instanceNumber < 1) {
            throw new IllegalArgumentException("seriesNumber and instanceNumber must be positive, got " + seriesNumber + " and " + instanceNumber);
        }
        requireText(Tag.SeriesDescription, "seriesDescription", seriesDescription);
        requireText(Tag.SoftwareVersions, "softwareVersion", softwareVersion);
        requireText(Tag.DeviceSerialNumber, "deviceSerialNumber", deviceSerialNumber);
        if (contentDateTime == null) {
            throw new IllegalArgumentException("contentDateTime is missing");
        }
    }

    private static void requireText(Tag tag, String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is missing");
        }
        if (!ValueCleaning.isValidValue(tag, value)) {
            throw new IllegalArgumentException(name + " is not a valid LO value (at most 64 characters, no backslash or"
                    + " control characters, no leading or trailing spaces): \"" + value + "\"");
        }
    }

    /** ContentDate (DA) of {@link #contentDateTime}. */
    public String contentDate() {
        return DA.format(contentDateTime);
    }

    /** ContentTime (TM) of {@link #contentDateTime}, to the second. */
    public String contentTime() {
        return TM.format(contentDateTime);
    }
}
