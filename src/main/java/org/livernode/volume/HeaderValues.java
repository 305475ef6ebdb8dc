package org.livernode.volume;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;

/**
 * Tolerant reads of header values. Real files break the standard: the 3D-IRCADb series pads values with
 * NUL characters ("0.57\0.57^@") and writes DS values longer than 16 characters. Values are trimmed of
 * NUL and space before they are parsed.
 */
public final class HeaderValues {
    private HeaderValues() {}

    public static String string(AttributeList list, AttributeTag tag) {
        String[] values = strings(list, tag);
        return values.length == 0 ? "" : values[0];
    }

    public static String[] strings(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        if (a == null) {
            return new String[0];
        }
        try {
            String[] values = a.getStringValues();
            if (values == null) {
                return new String[0];
            }
            String[] trimmed = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                trimmed[i] = trim(values[i]);
            }
            return trimmed;
        } catch (DicomException e) {
            return new String[0];
        }
    }

    /** The numeric values of a DS/IS/US attribute, or null when absent, empty or not numbers. */
    static double[] doubles(AttributeList list, AttributeTag tag) {
        String[] values = strings(list, tag);
        if (values.length == 0) {
            return null;
        }
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            try {
                result[i] = Double.parseDouble(values[i]);
            } catch (NumberFormatException e) {
                return null;
            }
            if (!Double.isFinite(result[i])) {
                return null;
            }
        }
        return result;
    }

    static double doubleOr(AttributeList list, AttributeTag tag, double fallback) {
        double[] v = doubles(list, tag);
        return v == null ? fallback : v[0];
    }

    static int intOr(AttributeList list, AttributeTag tag, int fallback) {
        double[] v = doubles(list, tag);
        return v == null ? fallback : (int) v[0];
    }

    static String trim(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && (value.charAt(start) == ' ' || value.charAt(start) == '\0')) {
            start++;
        }
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\0')) {
            end--;
        }
        return value.substring(start, end);
    }
}
