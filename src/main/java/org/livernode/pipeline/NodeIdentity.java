package org.livernode.pipeline;

/**
 * How the node names itself in the objects it creates (Enhanced General Equipment).
 *
 * @param deviceSerialNumber identifies this installation; the node's AE title, which is unique on its network
 */
public record NodeIdentity(String softwareVersion, String deviceSerialNumber) {

    /** The version in the jar's manifest, or "development" when run from classes. */
    public static String softwareVersionOfThisBuild() {
        String version = NodeIdentity.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
