package org.livernode.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.DicomException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogSafeTest {

    @AfterEach
    void restoreDefault() {
        LogSafe.quoteMalformedValues(false);
    }

    @Test
    void wellFormedUidsAndCodesAreQuoted() {
        assertEquals("1.2.840.10008.5.1.4.1.1.2", LogSafe.uid("1.2.840.10008.5.1.4.1.1.2"));
        assertEquals("CT", LogSafe.codeString("CT"));
        assertEquals("", LogSafe.codeString(""));
        assertEquals("(absent)", LogSafe.uid(null));
    }

    @Test
    void malformedValuesAreDescribedNotQuoted() {
        // A UID that swallowed the elements after it, the patient's name among them.
        String swallowed = "1.2.3\0\0PN\u000eDoe^Jane";
        assertEquals("(not a UID: 18 characters)", LogSafe.uid(swallowed));
        assertEquals("(not a code string: 8 characters)", LogSafe.codeString("Doe^Jane"));
    }

    @Test
    void settingLetsMalformedValuesThroughPrintable() {
        LogSafe.quoteMalformedValues(true);
        assertEquals("'1.2.3??PN?Doe^Jane'", LogSafe.uid("1.2.3\0\0PN\u000eDoe^Jane"));
        assertEquals("'Doe^Jane'", LogSafe.codeString("Doe^Jane"));
    }

    @Test
    void printableKeepsOneLineAndBoundsLength() {
        assertEquals("CT1?INFO forged line", LogSafe.printable("CT1\nINFO forged line"));
        assertEquals("caf?", LogSafe.printable("café"));
        String longText = "x".repeat(1000);
        String printed = LogSafe.printable(longText);
        assertEquals(LogSafe.MAX_TEXT_LENGTH + 3, printed.length());
        assertTrue(printed.endsWith("..."));
        assertEquals("", LogSafe.printable(null));
    }

    @Test
    void parseFailureNamesTheExceptionAndItsPrintableMessage() {
        assertEquals("DicomException: bad\rtag".replace('\r', '?'), LogSafe.parseFailure(new DicomException("bad\rtag")));
        assertEquals("EOFException", LogSafe.parseFailure(new java.io.EOFException()));
        assertFalse(LogSafe.parseFailure(new DicomException("a\nb")).contains("\n"));
    }
}
