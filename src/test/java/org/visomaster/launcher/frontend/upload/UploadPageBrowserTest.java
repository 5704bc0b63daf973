package org.visomaster.launcher.frontend.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser: Debian's chromium driven through its chromedriver (paths given explicitly, so
 * Selenium never tries to download a driver). A file is dropped through the page's own drop handler.
 */
class UploadPageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path tmp;
    @TempDir
    Path profile;
    UploadTestSupport t;
    ChromeDriver driver;

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (t != null) {
            t.close();
        }
    }

    @Test
    void aFileDroppedOnThePageIsUploadedAndItsResultLineShown() throws Exception {
        t = new UploadTestSupport(tmp, new org.visomaster.launcher.imports.ImportService(
                new org.visomaster.launcher.infra.workspace.Workspace(tmp))::importFile, List.of(TinySteps.counting("one", "Fetch things", 2)), s -> s);
        Files.writeString(t.ws.output().resolve("result ß.mp4"), "frames");
        WebDriverWait wait = openBrowser();

        driver.get(t.url("/?token=" + UploadTestSupport.TOKEN));
        wait.until(d -> d.getCurrentUrl().equals(t.url("/")));
        assertEquals("VisoMaster — upload", driver.getTitle());
        // the status and output sections fill in from the API (cookie set by the token link)
        wait.until(d -> d.findElements(By.cssSelector("#steps li[data-step='one']")).size() == 1);
        wait.until(d -> d.findElement(By.id("outputs")).getText().contains("result ß.mp4"));

        String js = "const dt = new DataTransfer();"
                + "dt.items.add(new File([arguments[0]], 'requirements.txt', {type: 'text/plain'}));"
                + "const area = document.getElementById('drop');"
                + "area.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));"
                + "area.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));";
        ((JavascriptExecutor) driver).executeScript(js, "numpy==1.26.4\nonnx==1.16.1\n");

        WebElement result = wait.until(d -> {
            List<WebElement> r = d.findElements(By.cssSelector("#files li[data-state] .result"));
            return r.isEmpty() ? null : r.get(0);
        });
        // the import's own sentence, then where it went (relative to the workspace)
        assertTrue(result.getText().startsWith("requirements.txt is now the workspace's requirements file"), result.getText());
        assertTrue(result.getText().endsWith(" (requirements.txt)"), result.getText());
        assertTrue(result.getAttribute("class").contains("ok"));
        assertArrayEquals("numpy==1.26.4\nonnx==1.16.1\n".getBytes(StandardCharsets.UTF_8),
                Files.readAllBytes(tmp.resolve("requirements.txt")));

        // live status: a run started now shows up on the page through the event stream
        t.service.start(org.visomaster.launcher.engine.RunOptions.all()).get();
        wait.until(d -> d.findElement(By.cssSelector("#steps li[data-step='one'] .badge")).getText().equals("done"));
        assertEquals("VisoMaster is installed and verified.", driver.findElement(By.id("run-summary")).getText());
    }

    private WebDriverWait openBrowser() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        return new WebDriverWait(driver, Duration.ofSeconds(40));
    }

    @Test
    void uploadsCutOffMidWayAsByALaptopSleepingAreRetriedAndAllFourArrive() throws Exception {
        CountDownLatch held = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger opens = new AtomicInteger();
        // the first two uploads stop in the server until every connection has been cut under them
        UploadSettings.PartOpener holdFirstTwo = part -> {
            if (opens.incrementAndGet() <= 2) {
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return UploadSettings.PartOpener.DEFAULT.open(part);
        };
        t = new UploadTestSupport(tmp, new org.visomaster.launcher.imports.ImportService(
                new org.visomaster.launcher.infra.workspace.Workspace(tmp))::importFile, List.of(),
                s -> s.withPartOpener(holdFirstTwo));
        WebDriverWait wait = openBrowser();
        driver.get(t.url("/?token=" + UploadTestSupport.TOKEN));
        wait.until(d -> d.getCurrentUrl().equals(t.url("/")));

        String js = "const dt = new DataTransfer();"
                + "for (let i = 1; i <= 4; i++) {"
                + "  dt.items.add(new File([('clip ' + i + ' ').repeat(40000)], 'clip-' + i + '.bin'));"
                + "}"
                + "document.getElementById('drop').dispatchEvent(new DragEvent('drop',"
                + "  {dataTransfer: dt, bubbles: true, cancelable: true}));";
        ((JavascriptExecutor) driver).executeScript(js);
        assertTrue(held.await(30, TimeUnit.SECONDS), "the first two uploads reached the server");
        t.server.dropConnections();
        release.countDown();

        wait.until(d -> d.findElements(By.cssSelector("#files li[data-state='accepted']")).size() == 4);
        // both cut-off uploads were sent again: by the page (data-retries), or by chromium itself when the
        // request had gone out on a reused connection
        assertEquals(6, opens.get(), "2 cut off + 4 that arrived");
        System.out.println("uploads retried by the page: "
                + driver.findElements(By.cssSelector("#files li[data-retries]")).size() + " of 2 cut off");
        for (int i = 1; i <= 4; i++) {
            assertEquals(("clip " + i + " ").repeat(40000),
                    Files.readString(tmp.resolve("uploads").resolve("clip-" + i + ".bin")));
        }
        assertTrue(t.incomingEmpty());
    }

    @Test
    void theIdleGuardsCountdownShowsAndKeepRunningReachesTheGuard() throws Exception {
        t = new UploadTestSupport(tmp, (f, n) -> null, List.of(), s -> s);
        java.time.Instant now = java.time.Instant.now();
        Files.createDirectories(t.ws.stateDir());
        Files.writeString(t.ws.stateDir().resolve("guard.json"), "{\"staleAt\":\"" + now.plusSeconds(600)
                + "\",\"awake\":[],\"countdown\":{\"stopAt\":\"" + now.plusSeconds(250) + "\"},"
                + "\"cost\":{\"dollarsPerHour\":0.452,\"text\":\"$0.452/hour, $3.17 since it started\"}}");
        WebDriverWait wait = openBrowser();
        driver.get(t.url("/?token=" + UploadTestSupport.TOKEN));
        wait.until(d -> d.findElement(By.id("guard")).isDisplayed());
        String text = driver.findElement(By.id("guard-text")).getText();
        assertTrue(text.startsWith("Nothing is using this box: it stops itself in 4m "), text);
        assertEquals("This box costs $0.452/hour, $3.17 since it started.", driver.findElement(By.id("cost")).getText());

        driver.findElement(By.id("keep-running")).click();
        wait.until(d -> d.findElement(By.id("guard-text")).getText().startsWith("Keep running: the box stays up"));
        assertTrue(Files.exists(t.ws.stateDir().resolve("keep-running")), "the press reached the guard's file");
    }
}
