package org.livernode.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.livernode.testing.DicomInspection;
import org.livernode.testing.OutputFixtures;
import org.livernode.volume.CtVolume;

/** dicom3tools' IOD validator finds no error in any output of any phantom series. */
class DciodvfyTest {

    @TempDir
    Path folder;

    static Stream<Arguments> phantomCasesAndWriters() {
        return OutputFixtures.phantomCases().flatMap(c -> Stream.of(OutputWriter.values()).map(w -> Arguments.of(c, w)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("phantomCasesAndWriters")
    void dciodvfyReportsNoErrors(OutputFixtures.PhantomCase phantomCase, OutputWriter writer) throws Exception {
        CtVolume volume = OutputFixtures.volume(phantomCase.phantom(), folder.resolve("ct"));
        Path file = folder.resolve("output.dcm");
        writer.build(volume, phantomCase.mask(volume), writer.identity(volume)).write(file);
        DicomInspection.Verdict verdict = DicomInspection.dciodvfy(file, writer.iodName());
        verdict.warnings().forEach(w -> System.out.println("dciodvfy (" + phantomCase + ", " + writer + "): " + w));
        assertEquals(List.of(), verdict.errors(), "dciodvfy said:\n" + verdict.output());
    }
}
