package org.livernode.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.livernode.inference.Device;
import org.livernode.inference.OnnxSegmenter;
import org.livernode.output.OutputType;
import org.livernode.output.seg.EmptyFrames;
import org.livernode.pipeline.NodeIdentity;
import org.livernode.pipeline.SeriesProcessor;

/** What a job folder holds after processing, for the tests of what delivers it: the SEG and RTSTRUCT of a phantom. */
public final class PhantomOutputs {
    private PhantomOutputs() {}

    /**
     * Writes a small phantom series under {@code work}, segments it with the band model and writes its SEG and
     * RTSTRUCT into {@code jobFolder}.
     *
     * @return the two output files, sorted by name
     */
    public static List<Path> write(Path work, Path jobFolder) throws Exception {
        List<Path> ct = new CtPhantom().slices(6).matrix(48, 48).write(work.resolve("ct"));
        try (OnnxSegmenter segmenter = OnnxSegmenter.open(TestModels.BAND, Device.CPU)) {
            new SeriesProcessor(segmenter, new NodeIdentity("test", "LIVERNODE"), EmptyFrames.OMIT,
                    Set.of(OutputType.SEG, OutputType.RTSTRUCT)).process(ct, jobFolder);
        }
        try (var files = Files.list(jobFolder)) {
            return files.sorted().toList();
        }
    }
}
