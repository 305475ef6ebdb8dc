package org.livernode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.livernode.config.ConfigLoader;
import org.livernode.pipeline.LiverNode;
import org.livernode.state.Delivery;
import org.livernode.state.JobRecord;
import org.livernode.state.JobStore;
import org.livernode.state.QualityRecord;
import org.livernode.testing.CtPhantom;
import org.livernode.testing.ExternalProgram;
import org.livernode.testing.FreePort;
import org.livernode.testing.JsonLines;
import org.livernode.testing.NodeYaml;
import org.livernode.testing.PhantomOutputs;
import org.livernode.testing.Storescu;
import org.livernode.testing.TestModels;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The operator's console in a real browser (Debian's chromium, headless, driven by its chromedriver through
 * Selenium) against a node that processed the phantom series and could not deliver its results: the page lists the
 * job, shows its preview image, refuses a resend without the admin token and does it with the token once the
 * destination is up; the API and the audit log agree. The job is then re-run through the API. A screenshot is saved
 * to target/console-screenshot.png. Then results held for review (job records on disk): the page shows why, a release
 * with the token sends them and a discard never does (screenshot of the notice: target/console-held-screenshot.png).
 */
class ConsoleBrowserIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TOKEN = "0123456789abcdef0123456789abcdef-console-test";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theConsoleShowsTheJobItsPreviewAndResendsADeadLetterOnlyWithTheToken() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver are not installed (scripts/setup installs them): the browser test cannot run");
        Path spool = dir.resolve("spool");
        int httpPort = FreePort.find();
        // Nothing listens there until the test starts a storescp: the results are given up after 1.8 s.
        int archivePort = FreePort.find();
        String yaml = NodeYaml.node(FreePort.find(), spool, TestModels.BAND) + """
                series: { idleTimeoutSeconds: 1 }
                export: { retryFirstDelaySeconds: 0.2, retryMaxDelaySeconds: 0.4, giveUpAfterHours: 0.0005 }
                destinations:
                  - { name: archive, aeTitle: STORESCP, host: 127.0.0.1, port: %d }
                http: { port: %d, adminToken: %s }
                """.formatted(archivePort, httpPort, TOKEN);
        CtPhantom phantom = new CtPhantom().slices(20).patient("Doe^Jane", "PID-4711");
        List<Path> files = phantom.write(dir.resolve("phantom"));
        String base = "http://127.0.0.1:" + httpPort;
        Process storescp = null;
        WebDriver browser = null;
        try (LiverNode node = LiverNode.start(ConfigLoader.parse(yaml, "console"))) {
            assertTrue(Storescu.send(node.port(), "CT1", "LIVERNODE", files, 120).succeeded());
            JobRecord job = awaitJob(spool, j -> j.seriesInstanceUid().equals(phantom.seriesInstanceUid())
                    && j.deliveries().size() == 2 && j.deliveries().stream().allMatch(d -> d.state() == Delivery.State.DEAD));
            String jobId = job.jobId();
            await(() -> deadLetters(base).size() == 2, "two dead letters listed by the API");

            browser = chromium();
            browser.get(base + "/");
            WebDriver page = browser;
            await(() -> !page.findElements(By.cssSelector("#jobs-table tr[data-job-id='" + jobId + "']")).isEmpty(), "the job listed on the page");
            By jobRow = By.cssSelector("#jobs-table tr[data-job-id='" + jobId + "']");
            await(() -> page.findElement(jobRow).getText().contains("undelivered"), "the job shown as undelivered");
            assertTrue(browser.findElement(By.id("jobs-table")).getText().contains(phantom.seriesInstanceUid()));

            click(browser, jobRow, 0);
            await(() -> previewWidth(page) > 0, "the preview image loaded");
            String detail = browser.findElement(By.id("job")).getText();
            assertTrue(detail.contains("default"), "the rule: " + detail);
            assertTrue(detail.contains("hu-band 1"), "the model: " + detail);
            assertPreviewDrawsTheOutline(base + "/api/jobs/" + jobId + "/preview.png");

            await(() -> page.findElements(By.cssSelector("#dead-letters-table button.resend")).size() == 2, "two dead letters on the page");
            String pageText = browser.findElement(By.tagName("body")).getText();
            assertTrue(pageText.contains("Phantom abdomen"), "the series description in the job view: " + pageText);
            assertFalse(pageText.contains("Doe") || pageText.contains("PID-4711"), "no patient identifiers on the page");
            String api = get(base + "/api/jobs/" + jobId).toString() + get(base + "/api/jobs") + get(base + "/api/dead-letters");
            assertFalse(api.contains("Doe") || api.contains("PID-4711"), "no patient identifiers in the API");

            // Without the token: refused, nothing done.
            click(browser, By.cssSelector("#dead-letters-table button.resend"), 0);
            await(() -> page.findElement(By.id("message")).getText().contains("refused (401)"), "the refusal shown on the page");
            assertEquals(403, post(base + "/api/dead-letters/" + encode(deadLetters(base).get(0).get("id").asText()) + "/resend", "wrong").statusCode());
            Thread.sleep(2000); // a resend request would have been taken up within a second
            assertEquals(2, deadLetters(base).size(), "still two dead letters");
            assertTrue(Files.notExists(spool.resolve("resend")) || isEmpty(spool.resolve("resend")), "no resend request filed");

            storescp = startStorescp(dir.resolve("received"), archivePort);
            browser.findElement(By.id("token")).sendKeys(TOKEN);
            browser.findElement(By.id("token-save")).click();
            String file = deadLetters(base).get(0).get("file").asText();
            click(browser, By.cssSelector("#dead-letters-table button.resend"), 0);
            await(() -> page.findElement(By.id("message")).getText().contains("requested"), "the resend confirmed on the page");
            await(() -> deliveryState(base, jobId, file).equals("delivered"), "the resent result delivered");
            assertEquals(1, deadLetters(base).size(), "one dead letter left");
            await(() -> page.findElements(By.cssSelector("#dead-letters-table button.resend")).size() == 1, "one dead letter left on the page");
            // The job (delivered to the archive once, one result still given up), its preview, the dead letter left.
            Path screenshot = Path.of("target", "console-screenshot.png");
            Files.createDirectories(screenshot.getParent());
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);

            List<JsonNode> console = JsonLines.read(spool.resolve("audit.jsonl")).stream()
                    .filter(l -> l.get("event").asText().equals("console")).toList();
            assertEquals(List.of(false, false, true), console.stream().map(l -> l.get("allowed").asBoolean()).toList(), console.toString());
            assertEquals("resend", console.get(2).get("action").asText());

            // Re-run: refused while a result is given up, done once everything is delivered.
            HttpResponse<String> refused = post(base + "/api/jobs/" + jobId + "/rerun", TOKEN);
            assertEquals(409, refused.statusCode(), refused.body());
            assertEquals(202, post(base + "/api/dead-letters/" + encode(deadLetters(base).get(0).get("id").asText()) + "/resend", TOKEN).statusCode());
            await(() -> job(base, jobId).get("state").asText().equals("delivered"), "both results delivered");
            HttpResponse<String> rerun = post(base + "/api/jobs/" + jobId + "/rerun", TOKEN);
            assertEquals(202, rerun.statusCode(), rerun.body());
            await(() -> !job(base, jobId).get("createdAt").asText().equals(job.createdAt().toString())
                    && job(base, jobId).get("state").asText().equals("delivered"), "the job processed and delivered again");
            try (Stream<Path> attempts = Files.list(spool.resolve("jobs").resolve(jobId))) {
                assertEquals(1, attempts.filter(f -> f.getFileName().toString().startsWith("attempt-")).count(), "the first attempt's record kept");
            }
            // storescp names files after their SOP Instance UID: the re-run's outputs are the same objects as the first.
            assertEquals(2, receivedFiles(dir.resolve("received")), "SEG and RTSTRUCT, resent and then re-run under the same UIDs");

            browser.navigate().refresh();
            await(() -> !page.findElements(By.cssSelector("#jobs-table tr[data-job-id='" + jobId + "']")).isEmpty(), "the job listed again");
            click(browser, jobRow, 0);
            await(() -> previewWidth(page) > 0, "the preview of the re-run loaded");
        } finally {
            if (browser != null) {
                browser.quit();
            }
            if (storescp != null) {
                storescp.destroy();
                if (!storescp.waitFor(5, TimeUnit.SECONDS)) {
                    storescp.destroyForcibly();
                }
            }
        }
    }

    @Test
    void aResultHeldForReviewIsSentOnceReleasedAndNeverOnceDiscarded() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver are not installed (scripts/setup installs them): the browser test cannot run");
        Path spool = dir.resolve("spool");
        JobStore jobs = JobStore.open(spool.resolve("jobs"));
        // Two jobs on record as a rule with qc: hold leaves a REVIEW result: one to release, one to discard.
        String releasedSeries = "1.2.826.0.1.3680043.10.1";
        String discardedSeries = "1.2.826.0.1.3680043.10.2";
        String released = JobStore.jobId(releasedSeries, oneInstance(releasedSeries));
        String discarded = JobStore.jobId(discardedSeries, oneInstance(discardedSeries));
        List<String> outputs = PhantomOutputs.write(dir, jobs.folder(released)).stream().map(p -> p.getFileName().toString()).toList();
        for (String output : outputs) {
            Files.copy(jobs.folder(released).resolve(output), jobs.folder(discarded).resolve(output));
        }
        saveHeld(jobs, releasedSeries, outputs);
        saveHeld(jobs, discardedSeries, outputs);
        int httpPort = FreePort.find();
        int archivePort = FreePort.find();
        String yaml = NodeYaml.node(FreePort.find(), spool, TestModels.BAND) + """
                destinations:
                  - { name: archive, aeTitle: STORESCP, host: 127.0.0.1, port: %d }
                http: { port: %d, adminToken: %s }
                """.formatted(archivePort, httpPort, TOKEN);
        String base = "http://127.0.0.1:" + httpPort;
        Process storescp = startStorescp(dir.resolve("received"), archivePort);
        WebDriver browser = null;
        try (LiverNode node = LiverNode.start(ConfigLoader.parse(yaml, "console"))) {
            browser = chromium();
            browser.get(base + "/");
            WebDriver page = browser;
            By releasedRow = By.cssSelector("#jobs-table tr[data-job-id='" + released + "']");
            await(() -> page.findElement(releasedRow).getText().contains("held for review"), "the job listed as held for review");
            String listed = browser.findElement(releasedRow).getText();
            assertTrue(listed.contains("REVIEW") && listed.contains("small liver") && listed.contains("cut by field of view"), listed);
            assertTrue(listed.contains("612 mL within scanned range") && listed.contains("2 held"), listed);
            assertEquals("rgb(253, 230, 138)", ((JavascriptExecutor) browser).executeScript("return getComputedStyle(arguments[0]).backgroundColor;",
                    browser.findElement(releasedRow).findElement(By.cssSelector(".state-held-for-review"))), "the state badge asks for attention");

            click(browser, releasedRow, 0);
            await(() -> page.findElement(By.id("held-notice")).isDisplayed(), "the held notice in the job view");
            assertEquals("Held for review: nothing was sent to archive. Release sends it; discard never sends it.",
                    browser.findElement(By.id("held-text")).getText());
            String detail = browser.findElement(By.id("job")).getText();
            assertTrue(detail.contains("liver volume 612 mL, below the 900 mL limit"), "each finding's detail: " + detail);
            assertTrue(detail.contains("the liver reaches the first slice"), "each finding's detail: " + detail);
            Path screenshot = Path.of("target", "console-held-screenshot.png");
            Files.createDirectories(screenshot.getParent());
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);

            browser.findElement(By.id("release")).click();
            await(() -> page.findElement(By.id("message")).getText().contains("refused (401)"), "a release without the token refused");
            browser.findElement(By.id("token")).sendKeys(TOKEN);
            browser.findElement(By.id("token-save")).click();
            browser.findElement(By.id("release")).click();
            await(() -> page.findElement(By.id("message")).getText().contains("release of 2 held result(s) for archive requested"),
                    "the release confirmed on the page");
            await(() -> job(base, released).get("state").asText().equals("delivered"), "the released results delivered");
            await(() -> page.findElement(releasedRow).getText().contains("delivered"), "the job shown as delivered");
            await(() -> !page.findElement(By.id("held-notice")).isDisplayed(), "the notice gone once nothing is held");
            assertEquals(2, receivedFiles(dir.resolve("received")), "SEG and RTSTRUCT sent to the archive");

            By discardedRow = By.cssSelector("#jobs-table tr[data-job-id='" + discarded + "']");
            click(browser, discardedRow, 0);
            await(() -> page.findElement(By.id("job-id")).getText().equals(discarded) && page.findElement(By.id("held-notice")).isDisplayed(),
                    "the other job's held notice");
            browser.findElement(By.id("discard")).click();
            await(() -> page.findElement(discardedRow).getText().contains("discarded"), "the job shown as discarded");
            for (JsonNode d : job(base, discarded).get("deliveryList")) {
                assertEquals("discarded", d.get("state").asText(), d.toString());
                assertEquals(0, d.get("attempts").asInt(), "never tried: " + d);
            }
            assertEquals(2, receivedFiles(dir.resolve("received")), "nothing more sent");

            List<JsonNode> console = JsonLines.read(spool.resolve("audit.jsonl")).stream()
                    .filter(l -> l.get("event").asText().equals("console")).toList();
            assertEquals(List.of("release false", "release true", "discard true"),
                    console.stream().map(l -> l.get("action").asText() + " " + l.get("allowed").asBoolean()).toList(), console.toString());
        } finally {
            if (browser != null) {
                browser.quit();
            }
            storescp.destroy();
            if (!storescp.waitFor(5, TimeUnit.SECONDS)) {
                storescp.destroyForcibly();
            }
        }
    }

    /** The instance set digest of a series of one instance. */
    private static String oneInstance(String seriesInstanceUid) {
        return JobStore.instanceSetDigest(List.of(seriesInstanceUid + ".1"));
    }

    /** Saves the job of a series of one instance whose results for the archive are held: its quality check asks for review. */
    private static void saveHeld(JobStore jobs, String seriesInstanceUid, List<String> outputs) throws IOException {
        QualityRecord qc = new QualityRecord("REVIEW", List.of(
                new QualityRecord.Finding("small_liver", "liver volume 612 mL, below the 900 mL limit"),
                new QualityRecord.Finding("cut_by_field_of_view", "the liver reaches the first slice")), 612.4, true);
        String digest = oneInstance(seriesInstanceUid);
        jobs.save(new JobRecord(JobStore.jobId(seriesInstanceUid, digest), seriesInstanceUid, digest, 1, JobRecord.Outcome.PROCESSED, "",
                Instant.now(), outputs, outputs.stream().map(o -> Delivery.held("archive", o)).toList(), "hu-band 1", List.of("review-first"), qc));
    }

    /** Chromium, headless, through the driver binary named here: Selenium Manager has nothing to look up or download. */
    private WebDriver chromium() throws IOException {
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(dir.resolve("chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,2200",
                        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        return new ChromeDriver(service, options);
    }

    /**
     * Clicks the {@code index}th element {@code what} finds. The page re-renders its tables every few seconds, so an
     * element found may be replaced before the click lands: then it is found again.
     */
    private static void click(WebDriver browser, By what, int index) throws Exception {
        await(() -> {
            browser.findElements(what).get(index).click();
            return true;
        }, "a click on " + what);
    }

    private static long previewWidth(WebDriver browser) {
        Object width = ((JavascriptExecutor) browser).executeScript(
                "const img = document.getElementById('preview'); return img && img.complete && !img.hidden ? img.naturalWidth : 0;");
        return width instanceof Number n ? n.longValue() : 0;
    }

    private void assertPreviewDrawsTheOutline(String url) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        assertEquals("image/png", response.headers().firstValue("Content-Type").orElseThrow());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertEquals(PreviewImages.SLICES * PreviewImages.SLICE_WIDTH, image.getWidth(), "four slices side by side");
        long outline = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                outline += (image.getRGB(x, y) & 0xFFFFFF) == MaskPreview.OUTLINE_RGB ? 1 : 0;
            }
        }
        assertTrue(outline > 100, "the mask's outline is drawn: " + outline + " pixels");
    }

    private static Process startStorescp(Path folder, int port) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        Process process = new ProcessBuilder(ExternalProgram.require("storescp", "dcmtk"), "-aet", "STORESCP", "-od", folder.toString(),
                Integer.toString(port)).redirectErrorStream(true).redirectOutput(folder.resolveSibling("storescp.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return process;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IOException("storescp did not start listening on " + port, e);
                }
                Thread.sleep(50);
            }
        }
    }

    private static long receivedFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.findAny().isEmpty();
        }
    }

    private static String encode(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpResponse<String> post(String url, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private List<JsonNode> deadLetters(String base) throws Exception {
        List<JsonNode> letters = new ArrayList<>();
        get(base + "/api/dead-letters").get("deadLetters").forEach(letters::add);
        return letters;
    }

    private JsonNode job(String base, String jobId) throws Exception {
        return get(base + "/api/jobs/" + jobId);
    }

    private String deliveryState(String base, String jobId, String file) throws Exception {
        for (JsonNode d : job(base, jobId).get("deliveryList")) {
            if (d.get("file").asText().equals(file)) {
                return d.get("state").asText();
            }
        }
        return "";
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception | AssertionError e) {
                last = e instanceof Exception ex ? ex : new Exception(e);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what, last);
    }

    private static JobRecord awaitJob(Path spool, Predicate<JobRecord> done) throws Exception {
        JobStore jobs = JobStore.open(spool.resolve("jobs"));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JobRecord> job = jobs.all().stream().filter(done).findFirst();
            if (job.isPresent()) {
                return job.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no job as expected within " + WAIT.toSeconds() + " s: " + jobs.all());
    }
}
