package org.livernode.dimse;

/** An accepted presentation context: the abstract syntax (SOP class) and the one transfer syntax agreed for it. */
public record PresentationContext(int id, String abstractSyntax, String transferSyntax) {}
