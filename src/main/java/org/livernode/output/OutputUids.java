package org.livernode.output;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.livernode.dicom.DerivedUid;
import org.livernode.dicom.UidSyntax;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;

/**
 * The Series and SOP Instance UIDs of one output object, derived from what it was made from: the source
 * series, the set of its instances, the model (name and version) and the kind of output ("SEG", "RTSTRUCT").
 * Processing the same series with the same model again yields the same UIDs, so a receiver sees a repeat
 * rather than a second object; any change in the inputs yields new UIDs.
 */
public record OutputUids(String seriesInstanceUid, String sopInstanceUid) {

    public OutputUids {
        if (!UidSyntax.isUid(seriesInstanceUid, UidSyntax.Leniency.STRICT) || !UidSyntax.isUid(sopInstanceUid, UidSyntax.Leniency.STRICT)) {
            throw new IllegalArgumentException("not valid UIDs: series " + seriesInstanceUid + ", instance " + sopInstanceUid);
        }
        if (seriesInstanceUid.equals(sopInstanceUid)) {
            throw new IllegalArgumentException("series and instance need different UIDs, both are " + sopInstanceUid);
        }
    }

    /**
     * @param sourceSopInstanceUids the source instances; their order does not matter
     * @param outputType what kind of object the UIDs are for, such as "SEG"
     */
    public static OutputUids derive(String sourceSeriesInstanceUid, Collection<String> sourceSopInstanceUids,
            String modelName, String modelVersion, String outputType) {
        requireText(sourceSeriesInstanceUid, "source SeriesInstanceUID");
        requireText(modelName, "model name");
        requireText(modelVersion, "model version");
        requireText(outputType, "output type");
        if (sourceSopInstanceUids.isEmpty()) {
            throw new IllegalArgumentException("an output needs at least one source instance");
        }
        SortedSet<String> instances = new TreeSet<>(sourceSopInstanceUids);
        instances.forEach(uid -> requireText(uid, "source SOPInstanceUID"));
        List<String> inputs = new ArrayList<>();
        inputs.add(sourceSeriesInstanceUid);
        // The count keeps the instance list from running into the model name.
        inputs.add(Integer.toString(instances.size()));
        inputs.addAll(instances);
        inputs.add(modelName);
        inputs.add(modelVersion);
        inputs.add(outputType);
        return new OutputUids(uidNaming("series", inputs), uidNaming("instance", inputs));
    }

    /** The UIDs of an output made from every slice of {@code volume}. */
    public static OutputUids forVolume(CtVolume volume, String modelName, String modelVersion, String outputType) {
        return derive(volume.seriesInstanceUid(), volume.slices().stream().map(CtSlice::sopInstanceUid).toList(),
                modelName, modelVersion, outputType);
    }

    /** What the UID names is hashed too, so that the series and the instance of one output differ. */
    private static String uidNaming(String named, List<String> inputs) {
        List<String> parts = new ArrayList<>(inputs);
        parts.add(named);
        return DerivedUid.of(parts);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is missing");
        }
    }
}
