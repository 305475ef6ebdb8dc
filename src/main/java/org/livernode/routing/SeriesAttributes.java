package org.livernode.routing;

import java.util.List;
import org.livernode.dicom.InstanceHeader;
import org.livernode.dicom.Tag;
import org.livernode.volume.CtVolume;

/**
 * What rules look at in a series: values of its first instance's header, and its slice count.
 *
 * @param callingAeTitle the sender of the first instance (SourceApplicationEntityTitle in the spooled file's meta
 *     information); empty when unknown
 * @param imageType the values of ImageType, such as ORIGINAL, PRIMARY, AXIAL
 * @param slices the slices of the assembled volume (localizers are not counted)
 */
public record SeriesAttributes(String callingAeTitle, String modality, List<String> imageType, String seriesDescription,
        String bodyPartExamined, int slices) {

    public SeriesAttributes {
        imageType = List.copyOf(imageType);
    }

    /** From an assembled volume, whose source attributes are its first instance's header with the file meta information. */
    public static SeriesAttributes of(CtVolume volume) {
        return of(volume.header(), volume.depth());
    }

    /** From an instance's header with its file meta information, and the series' slices as far as they are known. */
    public static SeriesAttributes of(InstanceHeader header, int slices) {
        return new SeriesAttributes(header.string(Tag.SourceApplicationEntityTitle), header.modality(), header.imageType(),
                header.string(Tag.SeriesDescription), header.string(Tag.BodyPartExamined), slices);
    }
}
