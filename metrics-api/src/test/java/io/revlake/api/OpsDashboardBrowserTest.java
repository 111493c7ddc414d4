package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.api.jobs.JobFixtures;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSchemas;
import io.revlake.spark.SparkSessions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operations page in headless Chromium on a real server whose job runner starts real (fake-pipeline) processes:
 * the jobs of the API, a run started with the button, and its row in the runs table once it has finished; and the
 * data-quality results of the latest transform run (written to ops.quality_results with Spark), failures first.
 */
class OpsDashboardBrowserTest {
    private static final Path SCREENSHOTS = Path.of(System.getProperty("revlake.screenshots", "target/screenshots"));

    @RegisterExtension
    static final DashboardPage page = new DashboardPage(OpsDashboardBrowserTest::warehouse, 1366, 1200);

    private static Path warehouse() throws IOException {
        Path warehouse = JobFixtures.warehouse("ops-page", "job.all.cron = 30 3 * * *");
        JobFixtures.plan(warehouse, "transform:silver", "ok 1500");
        writeQualityResults(warehouse);
        return warehouse;
    }

    @Test
    void an_admin_sees_the_jobs_starts_a_run_and_sees_it_succeed_in_the_runs_table() throws IOException {
        page.driver().get(page.base() + "ops.html?token=" + TestServers.ADMIN);
        awaitReady();
        assertThat(page.driver().findElement(By.tagName("body")).getAttribute("data-state")).isEqualTo("ready");
        List<String> shown = new ArrayList<>();
        page.driver().findElements(By.cssSelector("#jobs tbody tr")).forEach(tr -> shown.add(tr.getAttribute("data-job")));
        List<String> api = new ArrayList<>();
        Http.get(page.base(), "api/v1/jobs").json().get("jobs").forEach(j -> api.add(j.get("id").asText()));
        assertThat(shown).isEqualTo(api);
        WebElement all = page.driver().findElement(By.cssSelector("#jobs tr[data-job=all]"));
        assertThat(all.findElements(By.tagName("td")).get(2).getText()).isEqualTo("30 3 * * *");
        assertThat(all.findElements(By.tagName("td")).get(3).getText()).endsWith("03:30:00 UTC");
        assertThat(page.driver().findElement(By.cssSelector("#jobs tr[data-job='ingest:stripe'] button")).isEnabled())
                .as("no extract folder configured").isFalse();

        page.driver().findElement(By.cssSelector("#jobs tr[data-job='transform:silver'] button")).click();
        new WebDriverWait(page.driver(), Duration.ofSeconds(30)).until(d ->
                d.findElements(By.cssSelector("#runs tbody tr[data-status=succeeded]")).size() == 1);
        awaitReady();

        assertThat(page.driver().findElement(By.id("status")).getText()).startsWith("Started transform:silver (run ");
        assertThat(page.driver().findElement(By.id("runs-title")).getText()).isEqualTo("Runs of transform:silver");
        List<WebElement> cells = page.driver().findElements(By.cssSelector("#runs tbody tr[data-status=succeeded] td"));
        assertThat(cells.get(2).getText()).isEqualTo("succeeded");
        assertThat(cells.get(3).getText()).isEqualTo("api");
        assertThat(cells.get(5).getText()).isEqualTo("10");
        assertThat(cells.get(6).getText()).isEqualTo("7");
        String runId = page.driver().findElement(By.cssSelector("#runs tbody tr")).getAttribute("data-run");
        assertThat(Http.get(page.base(), "api/v1/jobs/transform:silver/runs").json().get("runs").get(0).get("run_id").asText())
                .isEqualTo(runId);
        assertThat(page.driver().findElement(By.cssSelector("#jobs tr[data-job='transform:silver'] .badge")).getText())
                .isEqualTo("succeeded");

        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) page.driver()).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve("ops.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void the_data_quality_section_lists_the_latest_run_with_its_failures_first_and_highlighted() {
        page.driver().get(page.base() + "ops.html?token=" + TestServers.ANALYST);
        awaitReady();
        assertThat(page.driver().findElement(By.id("quality-summary")).getText()).isEqualTo("Run run-2 checked"
                + " 2024-05-02 06:00:03 UTC: 3 checks, 1 blocking and 1 warning failures · not published; serving run"
                + " run-1 (published 2024-05-01 06:10:00 UTC)");
        List<WebElement> rows = page.driver().findElements(By.cssSelector("#quality tbody tr"));
        assertThat(rows).hasSize(3);
        List<String> first = rows.get(0).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertThat(first).containsExactly("gold.mrr_summary", "7", "mrr_bridge", "blocking", "failed", "2",
                "[\"2024-03: start 10.00 + movements 5.00 = 15.00 but end MRR is 14.00\"]");
        assertThat(rows.get(0).getAttribute("data-failed")).isEqualTo("true");
        assertThat(rows.get(0).findElement(By.tagName("td")).getCssValue("background-color"))
                .as("failed rows are highlighted").isEqualTo("rgba(253, 241, 239, 1)");
        assertThat(rows.get(1).findElements(By.tagName("td")).get(2).getText())
                .isEqualTo("references(customer_id -> silver.customers.customer_id)");
        assertThat(rows.get(1).getAttribute("data-severity")).isEqualTo("warning");
        assertThat(rows.get(2).getAttribute("data-failed")).isEqualTo("false");
        assertThat(rows.get(2).findElements(By.tagName("td")).get(4).getText()).isEqualTo("passed");
        assertThat(rows.get(2).findElement(By.tagName("td")).getCssValue("background-color"))
                .isNotEqualTo("rgba(253, 241, 239, 1)");
    }

    /** Two transform runs' results: run-1 passed and was published, run-2 (the latest) has two failures. */
    private static void writeQualityResults(Path warehouse) {
        SparkSession spark = SparkSessions.shared();
        List<Row> rows = List.of(
                result("run-1", "gold.mrr_summary", 6, "mrr_bridge", "identity", "blocking", 0, "[]", "2024-05-01T06:00:00Z"),
                result("run-2", "gold.mrr_summary", 7, "unique(month)", "unique", "blocking", 0, "[]", "2024-05-02T06:00:01Z"),
                result("run-2", "gold.mrr_customer_month", 7, "references(customer_id -> silver.customers.customer_id)",
                        "references", "warning", 1, "[{\"month\":\"2024-03\",\"customer_id\":\"c9\"}]",
                        "2024-05-02T06:00:02Z"),
                result("run-2", "gold.mrr_summary", 7, "mrr_bridge", "identity", "blocking", 2,
                        "[\"2024-03: start 10.00 + movements 5.00 = 15.00 but end MRR is 14.00\"]", "2024-05-02T06:00:03Z"));
        DeltaTables.appendOnce(spark.createDataFrame(rows, SparkSchemas.schema(Tables.QUALITY_RESULTS)),
                Tables.QUALITY_RESULTS, warehouse.toString(), "ops-page-quality");
        DeltaTables.appendOnce(spark.createDataFrame(List.of(RowFactory.create("p-1", "run-1",
                        Timestamp.from(Instant.parse("2024-05-01T06:10:00Z")), "{}")),
                SparkSchemas.schema(Tables.PUBLICATIONS)), Tables.PUBLICATIONS, warehouse.toString(), "ops-page-publish");
    }

    private static Row result(String run, String table, long version, String check, String kind, String severity,
                              long failing, String sample, String at) {
        return RowFactory.create(run, table, version, check, kind, severity, failing == 0, failing, sample,
                Timestamp.from(Instant.parse(at)));
    }

    private static void awaitReady() {
        new WebDriverWait(page.driver(), Duration.ofSeconds(20))
                .until(d -> d.findElements(By.cssSelector("body[data-ready=true]")).size() == 1);
    }
}
