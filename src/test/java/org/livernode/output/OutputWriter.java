package org.livernode.output;

import java.io.IOException;
import java.nio.file.Path;
import org.livernode.output.rtstruct.DicomStructureSet;
import org.livernode.output.seg.DicomSegmentation;
import org.livernode.output.seg.EmptyFrames;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;

/** The node's writers, for what holds for every output: each builds its object of the liver segment. */
public enum OutputWriter {
    SEG_WITH_EMPTY_FRAMES("Segmentation"),
    SEG_WITHOUT_EMPTY_FRAMES("Segmentation"),
    RTSTRUCT("RTStructureSet");

    /** What writes a built object. */
    public interface Built {
        void write(Path file) throws IOException;
    }

    private final String iodName;

    OutputWriter(String iodName) {
        this.iodName = iodName;
    }

    /** The IOD dciodvfy checks the object against. */
    public String iodName() {
        return iodName;
    }

    /** The fixed identity of this writer's output of {@code volume}. */
    public OutputIdentity identity(CtVolume volume) {
        return this == RTSTRUCT ? OutputFixtures.structureSetIdentity(volume) : OutputFixtures.segIdentity(volume);
    }

    /** Builds the object; the constructors check their inputs. */
    public Built build(CtVolume volume, SegmentationMask mask, OutputIdentity identity) {
        return switch (this) {
            case SEG_WITH_EMPTY_FRAMES -> new DicomSegmentation(volume, mask, OutputFixtures.liver(), identity, EmptyFrames.INCLUDE)::write;
            case SEG_WITHOUT_EMPTY_FRAMES -> new DicomSegmentation(volume, mask, OutputFixtures.liver(), identity, EmptyFrames.OMIT)::write;
            case RTSTRUCT -> new DicomStructureSet(volume, mask, OutputFixtures.liver(), identity)::write;
        };
    }
}
