package org.livernode.cli;

import org.livernode.dicom.AeTitleSyntax;
import org.livernode.export.Destination;
import picocli.CommandLine;

/** Parses a peer written as {@code AETITLE@host:port}, the form DICOM administrators use. */
final class DicomAddress implements CommandLine.ITypeConverter<Destination> {

    @Override
    public Destination convert(String value) {
        int at = value.lastIndexOf('@');
        int colon = value.lastIndexOf(':');
        if (at < 1 || colon < at + 2 || colon == value.length() - 1) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not AETITLE@host:port");
        }
        String ae = value.substring(0, at);
        if (!AeTitleSyntax.isAeTitle(ae)) {
            throw new CommandLine.TypeConversionException("AE title '" + ae + "' must be " + AeTitleSyntax.RULE);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("port in '" + value + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new CommandLine.TypeConversionException("port in '" + value + "' must be between 1 and 65535");
        }
        return new Destination(ae, ae, value.substring(at + 1, colon), port);
    }
}
