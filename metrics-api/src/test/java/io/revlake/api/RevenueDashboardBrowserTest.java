package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.revlake.catalog.Tables;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The retention &amp; value page in headless Chromium: KPIs, the four charts and the cohort heatmap show exactly the
 * API's numbers. Runs on a copy of the fixture with a small cohort matrix.
 */
class RevenueDashboardBrowserTest {
    private static final Path SCREENSHOTS = Path.of(System.getProperty("revlake.screenshots", "target/screenshots"));
    private static final String CHART = """
            var chart = window.echarts && echarts.getInstanceByDom(document.getElementById(arguments[0]));
            if (!chart) { return null; }
            var o = chart.getOption();
            return JSON.stringify({x: o.xAxis[0].data, series: o.series.map(function (s) { return {id: s.id, data: s.data}; })});
            """;

    @RegisterExtension
    static final DashboardPage page = new DashboardPage(RevenueDashboardBrowserTest::warehouse, 1366, 1600);

    private static Path warehouse() throws IOException {
        Path warehouse = GoldFixture.copyOfShared("revenue");
        GoldFixture.write(warehouse, Tables.COHORT_RETENTION, List.of(
                cohort("2024-01", 0, 2, 2), cohort("2024-01", 1, 2, 2), cohort("2024-01", 2, 2, 1),
                cohort("2024-01", 3, 2, 2), cohort("2024-02", 0, 2, 2), cohort("2024-02", 1, 2, 2),
                cohort("2024-02", 2, 2, 2)));
        return warehouse;
    }

    @Test
    void kpis_charts_and_the_cohort_heatmap_show_the_api_numbers() throws IOException {
        page.driver().get(page.base() + "revenue.html?token=" + TestServers.VIEWER);
        new WebDriverWait(page.driver(), Duration.ofSeconds(20))
                .until(d -> d.findElements(By.cssSelector("body[data-ready=true]")).size() == 1);
        assertThat(page.driver().findElement(By.tagName("body")).getAttribute("data-state")).isEqualTo("ready");
        assertThat(page.driver().getCurrentUrl()).endsWith("/revenue.html");

        for (String metric : List.of("nrr", "grr", "logo_churn_rate", "arpa")) {
            JsonNode api = Http.get(page.base(), "api/v1/metrics/" + metric + "/series", TestServers.VIEWER).json().get("rows");
            JsonNode shown = parse((String) js("return JSON.stringify(window.revlake.series[arguments[0]]);", metric));
            assertThat(values(shown)).as(metric).isEqualTo(values(api));
        }
        JsonNode retention = parse((String) js(CHART, "retention"));
        assertThat(texts(retention.get("x"))).containsExactlyElementsOf(GoldFixture.MONTHS);
        assertThat(retention.get("series").get(0).get("id").asText()).isEqualTo("nrr");
        assertThat(retention.get("series").get(0).get("data").get(1).doubleValue()).isEqualTo(400.60 / 350.65);
        assertThat(retention.get("series").get(0).get("data").get(0).isNull()).isTrue();

        JsonNode heat = parse((String) js(CHART, "cohorts"));
        assertThat(texts(heat.get("x"))).containsExactly("0", "1", "2", "3");
        assertThat(heat.get("series").get(0).get("data")).hasSize(7);
        JsonNode cell = heat.get("series").get(0).get("data").get(2);
        assertThat(cell.get(0).asInt()).as("k").isEqualTo(2);
        assertThat(cell.get(1).asInt()).as("cohort row").isZero();
        assertThat(cell.get(2).doubleValue()).isEqualTo(0.5);

        assertThat(page.driver().findElement(By.cssSelector("#kpi-nrr [data-field=value]")).getText()).isEqualTo("100.0%");
        assertThat(page.driver().findElement(By.cssSelector("#kpi-arpa [data-field=value]")).getText()).isEqualTo("$423.64");
        assertThat(page.driver().findElement(By.cssSelector("#kpi-logo_churn_rate [data-field=value]")).getText()).isEqualTo("0.0%");
        assertThat(page.driver().findElement(By.cssSelector("#kpi-clv_formula [data-field=note]")).getText())
                .isEqualTo("undefined in 2024-04");
        Files.createDirectories(SCREENSHOTS);
        Thread.yield();
        File shot = ((TakesScreenshot) page.driver()).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve("revenue.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void the_customers_page_lists_the_api_rows_for_an_analyst() throws IOException {
        page.driver().get(page.base() + "customers.html?token=" + TestServers.ANALYST);
        awaitReady();

        assertThat(page.driver().findElement(By.tagName("body")).getAttribute("data-state")).isEqualTo("ready");
        List<String> shown = new ArrayList<>();
        page.driver().findElements(By.cssSelector("#customers tbody tr")).forEach(tr -> shown.add(tr.getAttribute("data-customer")));
        assertThat(shown).containsExactly("c-003", "c-002", "c-001", "c-004");
        assertThat(page.driver().findElement(By.cssSelector("#customers tbody tr[data-customer=c-002] td:last-child")).getText())
                .isEqualTo("$300.07");
        assertThat(page.driver().findElement(By.id("subtitle")).getText()).isEqualTo("4 paying customers at the end of 2024-04 · USD");
        assertThat(page.driver().findElement(By.id("download")).isEnabled()).isTrue();
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) page.driver()).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve("customers.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void the_customers_page_tells_a_viewer_that_customer_rows_need_an_analyst_token() {
        page.driver().get(page.base() + "customers.html?token=" + TestServers.VIEWER);
        awaitReady();

        assertThat(page.driver().findElement(By.tagName("body")).getAttribute("data-state")).isEqualTo("error");
        assertThat(page.driver().findElement(By.id("status")).getText()).startsWith("This endpoint needs role analyst or higher;"
                + " the token sent has role viewer.");
        assertThat(page.driver().findElements(By.cssSelector("#customers tbody tr"))).isEmpty();
        page.driver().manage().logs().get(LogType.BROWSER); // the expected 403 is logged as SEVERE by Chromium
    }

    private static void awaitReady() {
        new WebDriverWait(page.driver(), Duration.ofSeconds(20))
                .until(d -> d.findElements(By.cssSelector("body[data-ready=true]")).size() == 1);
    }

    @Test
    void the_cohort_api_validates_the_segment_and_exports_csv_for_analysts() {
        Http.Response bad = Http.get(page.base(), "api/v1/cohorts?segment=gold", TestServers.VIEWER);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("expected").asText()).isEqualTo("one of all");
        Http.Response csv = Http.get(page.base(), "api/v1/cohorts?format=csv", TestServers.ANALYST);
        assertThat(csv.body().lines().count()).isEqualTo(8);
        assertThat(Http.get(page.base(), "api/v1/cohorts?format=csv", TestServers.VIEWER).status()).isEqualTo(403);
    }

    private static Map<String, Object> cohort(String month, long k, long start, long retained) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("cohort_month", month);
        row.put("segment", "all");
        row.put("months_since_start", k);
        row.put("customers_start", start);
        row.put("customers_retained", retained);
        row.put("logo_retention", (double) retained / start);
        row.put("mrr_start", new BigDecimal("100.00"));
        row.put("mrr_retained", new BigDecimal("100.00"));
        return row;
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) page.driver()).executeScript(script, args);
    }

    private static List<String> values(JsonNode rows) {
        List<String> values = new ArrayList<>();
        rows.forEach(r -> values.add(r.get("period").asText() + "=" + (r.get("value").isNull() ? "null"
                : r.get("value").decimalValue().stripTrailingZeros().toPlainString())));
        return values;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static JsonNode parse(String json) {
        try {
            return Http.JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(json, e);
        }
    }
}
