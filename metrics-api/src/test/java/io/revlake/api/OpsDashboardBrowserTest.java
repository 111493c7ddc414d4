package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.api.jobs.JobFixtures;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operations page in headless Chromium on a real server whose job runner starts real (fake-pipeline) processes:
 * the jobs of the API, a run started with the button, and its row in the runs table once it has finished.
 */
class OpsDashboardBrowserTest {
    private static final Path SCREENSHOTS = Path.of(System.getProperty("revlake.screenshots", "target/screenshots"));

    private static ApiServer server;
    private static URI base;
    private static HeadlessChromium browser;
    private static ChromeDriver driver;

    @BeforeAll
    static void start() throws IOException {
        Path warehouse = JobFixtures.warehouse("ops-page", "job.all.cron = 30 3 * * *");
        JobFixtures.plan(warehouse, "transform:silver", "ok 1500");
        server = TestServers.start(warehouse);
        base = URI.create("http://127.0.0.1:" + server.port() + "/");
        browser = HeadlessChromium.start(1366, 1200);
        driver = browser.driver();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void theConsoleHasNoErrors() {
        assertThat(browser.severeConsoleEntries()).as("SEVERE browser console entries").isEmpty();
    }

    @Test
    void an_admin_sees_the_jobs_starts_a_run_and_sees_it_succeed_in_the_runs_table() throws IOException {
        driver.get(base + "ops.html?token=" + TestServers.ADMIN);
        awaitReady();
        assertThat(driver.findElement(By.tagName("body")).getAttribute("data-state")).isEqualTo("ready");
        List<String> shown = new ArrayList<>();
        driver.findElements(By.cssSelector("#jobs tbody tr")).forEach(tr -> shown.add(tr.getAttribute("data-job")));
        List<String> api = new ArrayList<>();
        Http.get(base, "api/v1/jobs").json().get("jobs").forEach(j -> api.add(j.get("id").asText()));
        assertThat(shown).isEqualTo(api);
        WebElement all = driver.findElement(By.cssSelector("#jobs tr[data-job=all]"));
        assertThat(all.findElements(By.tagName("td")).get(2).getText()).isEqualTo("30 3 * * *");
        assertThat(all.findElements(By.tagName("td")).get(3).getText()).endsWith("03:30:00 UTC");
        assertThat(driver.findElement(By.cssSelector("#jobs tr[data-job='ingest:stripe'] button")).isEnabled())
                .as("no extract folder configured").isFalse();

        driver.findElement(By.cssSelector("#jobs tr[data-job='transform:silver'] button")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d ->
                d.findElements(By.cssSelector("#runs tbody tr[data-status=succeeded]")).size() == 1);
        awaitReady();

        assertThat(driver.findElement(By.id("status")).getText()).startsWith("Started transform:silver (run ");
        assertThat(driver.findElement(By.id("runs-title")).getText()).isEqualTo("Runs of transform:silver");
        List<WebElement> cells = driver.findElements(By.cssSelector("#runs tbody tr[data-status=succeeded] td"));
        assertThat(cells.get(2).getText()).isEqualTo("succeeded");
        assertThat(cells.get(3).getText()).isEqualTo("api");
        assertThat(cells.get(5).getText()).isEqualTo("10");
        assertThat(cells.get(6).getText()).isEqualTo("7");
        String runId = driver.findElement(By.cssSelector("#runs tbody tr")).getAttribute("data-run");
        assertThat(Http.get(base, "api/v1/jobs/transform:silver/runs").json().get("runs").get(0).get("run_id").asText())
                .isEqualTo(runId);
        assertThat(driver.findElement(By.cssSelector("#jobs tr[data-job='transform:silver'] .badge")).getText())
                .isEqualTo("succeeded");

        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve("ops.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void awaitReady() {
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> d.findElements(By.cssSelector("body[data-ready=true]")).size() == 1);
    }
}
