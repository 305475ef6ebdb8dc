package org.livernode.spool;

/**
 * When a received instance counts as stored, and so when the sender is told so.
 */
public enum Durability {
    /** After the file and its directory entry are fsync'ed: survives a power cut. The default, as Orthanc does. */
    FSYNC,
    /**
     * After the file is written and renamed into place, without fsync: survives a crash of the node's process (the
     * data is in the operating system's cache), not a power cut or a kernel crash. About as fast as a receiver that
     * does not care (DCMTK storescp).
     */
    WRITE
}
