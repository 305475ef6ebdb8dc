package org.livernode.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.config.ConfigLoader;
import org.livernode.dicom.DataSetReader;
import org.livernode.dicom.Tag;
import org.livernode.output.sr.VolumeReport;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.DicomInspection;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.FreePort;
import org.livernode.testing.LogCapture;
import org.livernode.testing.NodeYaml;
import org.livernode.testing.Orthanc;
import org.livernode.testing.RealSeries;
import org.livernode.testing.Storescu;
import org.livernode.testing.TestModels;
import org.livernode.volume.CtSlice;
import org.livernode.volume.CtVolume;
import org.livernode.volume.SegmentationMask;
import org.livernode.volume.SliceGeometry;
import org.livernode.volume.VolumeAssembler;

/**
 * The whole path with real peers: DCMTK storescu plays the scanner, the node receives, segments with the
 * HU-band test model and sends a SEG to a real Orthanc, which the test then queries over REST.
 */
class LiverNodeIT {
    static final String SEG_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.66.4";
    static final String SR_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.88.34";
    static final String RTSTRUCT_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.481.3";

    @TempDir
    static Path dir;
    @RegisterExtension
    static final Orthanc orthanc = Orthanc.running();

    private static LiverNode startNode(String name) throws Exception {
        return startNode(name, TestModels.BAND);
    }

    private static LiverNode startNode(String name, Path model) throws Exception {
        return startNode(name, model, "{ idleTimeoutSeconds: 1, minSlices: 2 }");
    }

    private static LiverNode startNode(String name, Path model, String series) throws Exception {
        String yaml = NodeYaml.node(FreePort.find(), dir.resolve(name + "-spool"), model) + """
                series: %s
                outputs: [seg, rtstruct, sr]
                destinations:
                  - { name: pacs, aeTitle: %s, host: 127.0.0.1, port: %d }
                """.formatted(series, Orthanc.AE_TITLE, orthanc.dicomPort());
        return LiverNode.start(ConfigLoader.parse(yaml, name));
    }

    private static ExternalProgram.Result storescu(int port, String callingAe, List<Path> files) {
        return Storescu.send(port, callingAe, "LIVERNODE", files, 300);
    }

    /** The SEG in Orthanc whose frames reference the given series, downloaded. Orthanc is polled every 20 ms. */
    private static Path awaitSegFor(CtVolume volume, Path folder) throws Exception {
        Files.createDirectories(folder);
        Set<String> inspected = new HashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            for (String id : orthanc.instancesOfSopClass(SEG_SOP_CLASS)) {
                if (!inspected.add(id)) {
                    continue;
                }
                Path file = folder.resolve(id + ".dcm");
                Files.write(file, orthanc.file(id));
                DicomInspection.PydicomView view = DicomInspection.readWithPydicom(file, folder.resolve(id));
                if (view.facts().get("referencedSeries").get(0).get("seriesInstanceUid").asText().equals(volume.seriesInstanceUid())) {
                    return file;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no SEG for series " + volume.seriesInstanceUid() + " reached Orthanc within 120 s");
    }

    /** The RTSTRUCT in Orthanc whose referenced series is the given one, downloaded. */
    private static Path awaitRtstructFor(CtVolume volume, Path folder) throws Exception {
        Files.createDirectories(folder);
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            for (String id : orthanc.instancesOfSopClass(RTSTRUCT_SOP_CLASS)) {
                String series = orthanc.simplifiedTags(id).path("ReferencedFrameOfReferenceSequence").path(0)
                        .path("RTReferencedStudySequence").path(0).path("RTReferencedSeriesSequence").path(0).path("SeriesInstanceUID").asText();
                if (series.equals(volume.seriesInstanceUid())) {
                    Path file = folder.resolve(id + ".dcm");
                    Files.write(file, orthanc.file(id));
                    return file;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no RTSTRUCT for series " + volume.seriesInstanceUid() + " reached Orthanc within 120 s");
    }

    /**
     * The RTSTRUCT, filled back onto the CT slices by an independent reader using only the CT files' geometry,
     * agrees with the SEG slice by slice (Dice at least 0.98 where the liver covers more than 500 mm²).
     */
    private static void assertRtstructAgreesWithSeg(Path rtstruct, Path seg, CtVolume volume, Path ctFolder, Path work) throws Exception {
        DicomInspection.Verdict verdict = DicomInspection.dciodvfy(rtstruct, "RTStructureSet");
        assertEquals(List.of(), verdict.errors(), verdict.output());
        int plane = volume.rows() * volume.columns();
        DicomInspection.Rasterised contours = DicomInspection.rasterise(rtstruct, ctFolder, work.resolve("rtstruct"), plane);
        DicomInspection.PydicomView segView = DicomInspection.readWithPydicom(seg, work.resolve("seg"));
        List<String> framed = segView.referencedInstancePerFrame();
        int compared = 0;
        for (CtSlice slice : volume.slices()) {
            int frame = framed.indexOf(slice.sopInstanceUid());
            byte[] segPlane = new byte[plane];
            if (frame >= 0) {
                System.arraycopy(segView.frames(), frame * plane, segPlane, 0, plane);
            }
            byte[] filled = contours.plane(slice.sopInstanceUid());
            long pixels = 0;
            for (byte b : segPlane) {
                pixels += b;
            }
            if (pixels * slice.geometry().rowSpacing() * slice.geometry().columnSpacing() > 500) {
                compared++;
                double dice = DicomInspection.dice(segPlane, filled);
                assertTrue(dice >= 0.98, "RTSTRUCT vs SEG on " + slice.sopInstanceUid() + ": Dice " + dice);
            }
        }
        assertTrue(compared > 0, "some slices hold enough liver to compare");
    }

    /** The SEG references exactly the series' instances, frame by frame in slice order, and holds the phantom's liver. */
    private static void assertSegOfPhantom(Path seg, CtVolume volume, Path work) throws Exception {
        DicomInspection.Verdict verdict = DicomInspection.dciodvfy(seg);
        assertEquals(List.of(), verdict.errors(), verdict.output());
        DicomInspection.PydicomView view = DicomInspection.readWithPydicom(seg, work);
        assertEquals(volume.slices().stream().map(CtSlice::sopInstanceUid).toList(), view.referencedInstancePerFrame());
        byte[] frames = view.frames();
        long both = 0, inSeg = 0, inLiver = 0;
        int plane = volume.rows() * volume.columns();
        for (int z = 0; z < volume.depth(); z++) {
            SliceGeometry g = volume.slices().get(z).geometry();
            for (int r = 0; r < g.rows(); r++) {
                for (int c = 0; c < g.columns(); c++) {
                    boolean liver = CtPhantom.isLiver(g.patientPoint(r, c));
                    boolean segmented = frames[z * plane + r * g.columns() + c] != 0;
                    both += liver && segmented ? 1 : 0;
                    inSeg += segmented ? 1 : 0;
                    inLiver += liver ? 1 : 0;
                }
            }
        }
        double dice = 2.0 * both / (inSeg + inLiver);
        assertTrue(inLiver > 500 && dice > 0.95, "Dice of the SEG against the phantom's liver: " + dice);
    }

    @Test
    void phantomSeriesComesBackFromThePacsAsAValidSeg() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(20).matrix(96, 96).pixelSpacing(2.5).sliceSpacing(3);
        List<Path> files = phantom.write(dir.resolve("phantom"));
        CtVolume volume = new VolumeAssembler().assemble(files);
        try (LiverNode node = startNode("phantom")) {
            ExternalProgram.Result sent = storescu(node.port(), "CT1", files);
            assertTrue(sent.succeeded(), sent.output());
            Path seg = awaitSegFor(volume, dir.resolve("phantom-seg"));
            assertSegOfPhantom(seg, volume, dir.resolve("phantom-pydicom"));
            Path sentSeg;
            try (Stream<Path> written = Files.walk(dir.resolve("phantom-spool/jobs"))) {
                sentSeg = written.filter(f -> f.getFileName().toString().equals("seg-" + volume.seriesInstanceUid() + ".dcm"))
                        .findFirst().orElseThrow();
            }
            // Orthanc writes its own file meta information; the data set must come back byte for byte.
            assertArrayEquals(dataSet(Files.readAllBytes(sentSeg)), dataSet(Files.readAllBytes(seg)));

            Path rtstruct = awaitRtstructFor(volume, dir.resolve("phantom-rtstruct"));
            assertRtstructAgreesWithSeg(rtstruct, seg, volume, dir.resolve("phantom"), dir.resolve("phantom-geometry"));
            Path sentRtstruct = sentSeg.resolveSibling("rtstruct-" + volume.seriesInstanceUid() + ".dcm");
            assertArrayEquals(dataSet(Files.readAllBytes(sentRtstruct)), dataSet(Files.readAllBytes(rtstruct)));

            Path sentSr = sentSeg.resolveSibling("sr-" + volume.seriesInstanceUid() + ".dcm");
            String srInstance = DataSetReader.read(sentSr).string(Tag.SOPInstanceUID);
            assertEquals(DataSetReader.read(sentSeg).string(Tag.SOPInstanceUID), VolumeReport.read(sentSr).referencedSegment().sopInstanceUid(),
                    "the SR measures the SEG sent with it");
            assertArrayEquals(dataSet(Files.readAllBytes(sentSr)), dataSet(awaitInstance(SR_SOP_CLASS, srInstance)), "Orthanc keeps the SR as sent");
        }
    }

    /** The instance of this class and SOP Instance UID in Orthanc, downloaded. Orthanc is polled every 20 ms. */
    private static byte[] awaitInstance(String sopClassUid, String sopInstanceUid) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String id : orthanc.instancesOfSopClass(sopClassUid)) {
                if (sopInstanceUid.equals(orthanc.simplifiedTags(id).path("SOPInstanceUID").asText())) {
                    return orthanc.file(id);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no instance " + sopInstanceUid + " of " + sopClassUid + " reached Orthanc within 120 s");
    }

    /** The bytes of a Part 10 file after its file meta information (group 0002, whose length its first element gives). */
    private static byte[] dataSet(byte[] part10) {
        assertEquals("DICM", new String(part10, 128, 4, java.nio.charset.StandardCharsets.US_ASCII));
        int groupLength = java.nio.ByteBuffer.wrap(part10, 132 + 8, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        int start = 132 + 12 + groupLength;
        return java.util.Arrays.copyOfRange(part10, start, part10.length);
    }

    @Test
    void twoSeriesFromTwoSendersAtOnceDoNotMix() throws Exception {
        CtPhantom first = new CtPhantom().slices(12).matrix(64, 64).patient("First^Patient", "P1").studyInstanceUid("1.2.826.0.1.3680043.10.1078.7.1");
        CtPhantom second = new CtPhantom().slices(15).matrix(80, 80).pixelSpacing(3).patient("Second^Patient", "P2")
                .studyInstanceUid("1.2.826.0.1.3680043.10.1078.7.2");
        List<Path> firstFiles = first.write(dir.resolve("first"));
        List<Path> secondFiles = second.write(dir.resolve("second"));
        try (LiverNode node = startNode("two")) {
            CompletableFuture<ExternalProgram.Result> a = CompletableFuture.supplyAsync(() -> storescu(node.port(), "CT1", firstFiles));
            CompletableFuture<ExternalProgram.Result> b = CompletableFuture.supplyAsync(() -> storescu(node.port(), "CT2", secondFiles));
            assertTrue(a.get().succeeded(), a.get().output());
            assertTrue(b.get().succeeded(), b.get().output());
            CtVolume firstVolume = new VolumeAssembler().assemble(firstFiles);
            CtVolume secondVolume = new VolumeAssembler().assemble(secondFiles);
            assertSegOfPhantom(awaitSegFor(firstVolume, dir.resolve("first-seg")), firstVolume, dir.resolve("first-pydicom"));
            assertSegOfPhantom(awaitSegFor(secondVolume, dir.resolve("second-seg")), secondVolume, dir.resolve("second-pydicom"));
        }
    }

    @Test
    void aSeriesSentOverTwoAssociationsAtOnceIsOneJobSoonAfterBothAreReleased() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(24).matrix(64, 64);
        List<Path> files = phantom.write(dir.resolve("halves"));
        CtVolume volume = new VolumeAssembler().assemble(files);
        // The idle timeout would take a minute; the release of both associations ends the series within the grace period.
        // Completion on release is off: on a loaded machine one storescu can finish before the other has sent anything,
        // and the first half would then be a whole series to the node (the trade-off docs/conformance.md names).
        try (LogCapture log = new LogCapture();
                LiverNode node = startNode("halves", TestModels.BAND,
                        "{ idleTimeoutSeconds: 60, releaseGraceSeconds: 3, completeOnRelease: false, minSlices: 2 }")) {
            CompletableFuture<ExternalProgram.Result> a = CompletableFuture.supplyAsync(() -> storescu(node.port(), "CT1", files.subList(0, 12)));
            CompletableFuture<ExternalProgram.Result> b = CompletableFuture.supplyAsync(() -> storescu(node.port(), "CT1", files.subList(12, 24)));
            assertTrue(a.get().succeeded(), a.get().output());
            assertTrue(b.get().succeeded(), b.get().output());
            String seg = waitForSegReferencing(volume, 24);
            // What completed it, not how soon: the grace after the release, not the idle timeout.
            List<String> completions = log.lines().stream().filter(line -> line.contains(volume.seriesInstanceUid() + ": complete,")).toList();
            assertEquals(1, completions.size(), completions.toString());
            assertTrue(completions.get(0).endsWith("its sender released the association 3.0 s ago"), completions.get(0));
            Thread.sleep(1500);
            assertEquals(1, countSegsOf(volume.seriesInstanceUid()), "one job for the whole series, SEG " + seg);
        }
    }

    @Test
    void aSeriesSentWholeOnOneAssociationIsProcessedWithoutTheGracePeriod() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(16).matrix(64, 64);
        List<Path> files = phantom.write(dir.resolve("whole"));
        CtVolume volume = new VolumeAssembler().assemble(files);
        // Grace and idle timeout take minutes; only completing on the release itself makes the job in time.
        try (LiverNode node = startNode("whole", TestModels.BAND, "{ idleTimeoutSeconds: 180, releaseGraceSeconds: 90, minSlices: 2 }")) {
            assertTrue(storescu(node.port(), "CT1", files).succeeded());
            Instant released = Instant.now();
            waitForSegReferencing(volume, 16);
            Map<String, Instant> jobs = jobsOf(dir.resolve("whole-spool"), volume.seriesInstanceUid());
            assertEquals(1, jobs.size(), "one job: " + jobs);
            Instant made = jobs.values().iterator().next();
            assertTrue(made.isBefore(released.plusSeconds(45)), "job made at " + made + ", association released at " + released
                    + ": it did not wait for the 90 s grace period");
        }
    }

    @Test
    void lateInstancesMakeANewSegAndAResentInstanceMakesNothing() throws Exception {
        CtPhantom phantom = new CtPhantom().slices(12).matrix(64, 64);
        List<Path> files = phantom.write(dir.resolve("late"));
        CtVolume first = new VolumeAssembler().assemble(files.subList(0, 10));
        CtVolume all = new VolumeAssembler().assemble(files);
        try (LiverNode node = startNode("late")) {
            assertTrue(storescu(node.port(), "CT1", files.subList(0, 10)).succeeded());
            String firstSeg = waitForSegReferencing(first, 10);

            assertTrue(storescu(node.port(), "CT1", files.subList(10, 12)).succeeded());
            String secondSeg = waitForSegReferencing(all, 12);
            assertEquals(2, countSegsOf(all.seriesInstanceUid()), "the late instances made one more SEG");
            assertNotEquals(orthanc.simplifiedTags(firstSeg).path("SOPInstanceUID").asText(),
                    orthanc.simplifiedTags(secondSeg).path("SOPInstanceUID").asText(), "with new UIDs");

            int before = orthanc.instancesOfSopClass(SEG_SOP_CLASS).size();
            Map<String, Instant> jobsBefore = jobsOf(dir.resolve("late-spool"), all.seriesInstanceUid());
            assertTrue(storescu(node.port(), "CT1", List.of(files.get(3))).succeeded());
            Thread.sleep(3000); // idle timeout (1 s) and then some: a new job would have been sent by now
            assertEquals(before, orthanc.instancesOfSopClass(SEG_SOP_CLASS).size(), "a re-sent identical instance triggers nothing");
            // A redone job would carry the same UIDs, which Orthanc keeps once; its record would be made anew.
            assertEquals(jobsBefore, jobsOf(dir.resolve("late-spool"), all.seriesInstanceUid()), "no job redone");
            try (Stream<Path> spooled = Files.list(dir.resolve("late-spool/series").resolve(all.seriesInstanceUid()))) {
                assertEquals(12, spooled.count(), "the re-sent instance is stored once");
            }
        }
    }

    /** When each job of a series in a node's spool was made, by job id (deliveries update a record, not this). */
    private static Map<String, Instant> jobsOf(Path spool, String seriesInstanceUid) throws Exception {
        return JobStore.open(spool.resolve("jobs")).all().stream().filter(j -> j.seriesInstanceUid().equals(seriesInstanceUid))
                .collect(Collectors.toMap(JobRecord::jobId, JobRecord::createdAt));
    }

    /** Number of SEGs in Orthanc that reference the series. */
    private static int countSegsOf(String seriesInstanceUid) throws Exception {
        int count = 0;
        for (String id : orthanc.instancesOfSopClass(SEG_SOP_CLASS)) {
            if (seriesInstanceUid.equals(orthanc.simplifiedTags(id).path("ReferencedSeriesSequence").path(0).path("SeriesInstanceUID").asText())) {
                count++;
            }
        }
        return count;
    }

    /** Waits for a SEG of the series that references {@code instances} instances; returns its Orthanc id. */
    private static String waitForSegReferencing(CtVolume volume, int instances) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (String id : orthanc.instancesOfSopClass(SEG_SOP_CLASS)) {
                var tags = orthanc.simplifiedTags(id).path("ReferencedSeriesSequence").path(0);
                if (volume.seriesInstanceUid().equals(tags.path("SeriesInstanceUID").asText())
                        && tags.path("ReferencedInstanceSequence").size() == instances) {
                    return id;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no SEG of " + volume.seriesInstanceUid() + " with " + instances + " instances within 60 s");
    }

    @Test
    void realIrcadbSeriesComesBackAsASegReferencingAllItsInstances() throws Exception {
        List<Path> files = RealSeries.files();
        CtVolume volume = new VolumeAssembler().assemble(files);
        try (LiverNode node = startNode("ircadb", TestModels.SHIPPED)) {
            int segsBefore = orthanc.instancesOfSopClass(SEG_SOP_CLASS).size();
            ExternalProgram.Result sent = storescu(node.port(), "CT1", files);
            assertTrue(sent.succeeded(), sent.output());
            long sentAt = System.nanoTime();
            assertTrue(orthanc.awaitInstancesOfSopClass(SEG_SOP_CLASS, segsBefore + 1, Duration.ofSeconds(120)).size() > segsBefore,
                    "a SEG stored within 120 s");
            System.out.printf("IRCADb p1: SEG stored in Orthanc %.2f s after storescu finished (idle timeout 1 s, shipped model)%n",
                    (System.nanoTime() - sentAt) / 1e9);
            Path seg = awaitSegFor(volume, dir.resolve("ircadb-seg"));
            DicomInspection.Verdict verdict = DicomInspection.dciodvfy(seg);
            assertEquals(List.of(), verdict.errors(), verdict.output());
            DicomInspection.PydicomView view = DicomInspection.readWithPydicom(seg, dir.resolve("ircadb-pydicom"));
            List<String> all = new ArrayList<>();
            view.facts().get("referencedSeries").get(0).get("sopInstanceUids").forEach(uid -> all.add(uid.asText()));
            assertEquals(volume.slices().stream().map(CtSlice::sopInstanceUid).toList(), all, "all 129 source instances referenced");
            assertEquals(volume.frameOfReferenceUid(), view.facts().get("frameOfReferenceUid").asText(),
                    "the derived frame of reference, since the source has none");

            // The liver in the SEG, frame by frame on its source slices, against the manual mask.
            SegmentationMask manual = RealSeries.manualMask(volume, dir.resolve("ircadb-manual"));
            List<String> framed = view.referencedInstancePerFrame();
            int plane = volume.rows() * volume.columns();
            long both = 0, inSeg = 0, inManual = manual.count();
            for (int z = 0; z < volume.depth(); z++) {
                int frame = framed.indexOf(volume.slices().get(z).sopInstanceUid());
                for (int i = 0; frame >= 0 && i < plane; i++) {
                    boolean segmented = view.frames()[frame * plane + i] != 0;
                    inSeg += segmented ? 1 : 0;
                    both += segmented && manual.get(z, i / volume.columns(), i % volume.columns()) ? 1 : 0;
                }
            }
            double dice = 2.0 * both / (inSeg + inManual);
            System.out.printf("IRCADb p1: Dice %.4f of the SEG from Orthanc against the manual mask%n", dice);
            assertTrue(dice >= 0.95, "Dice " + dice);

            Path rtstruct = awaitRtstructFor(volume, dir.resolve("ircadb-rtstruct"));
            assertRtstructAgreesWithSeg(rtstruct, seg, volume, files.get(0).getParent(), dir.resolve("ircadb-geometry"));
        }
    }
}
