package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium against a real server: both charts render the API's numbers, the period
 * selector drives the URL and the data, and the console stays clean.
 */
class DashboardBrowserTest {
    private static final Path SCREENSHOTS = Path.of(System.getProperty("revlake.screenshots", "target/screenshots"));
    private static final List<String> MOVEMENTS = List.of("new", "reactivation", "expansion", "contraction", "churn", "fx");

    /** Reads what a chart plotted from its ECharts instance. */
    private static final String CHART_OPTION = """
            var el = document.getElementById(arguments[0]);
            var chart = window.echarts && echarts.getInstanceByDom(el);
            if (!chart) { return null; }
            var o = chart.getOption();
            var canvas = el.querySelector('canvas');
            return JSON.stringify({
              x: o.xAxis[0].data,
              series: o.series.map(function (s) { return {id: s.id, name: s.name, type: s.type, stack: s.stack || null, data: s.data}; }),
              legendSelected: o.legend && o.legend[0] ? o.legend[0].selected : null,
              canvas: canvas ? {width: canvas.width, height: canvas.height, inked: inked(canvas)} : null
            });
            function inked(c) {
              var data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;
              for (var i = 3; i < data.length; i += 4) { if (data[i] !== 0) { n++; } }
              return n;
            }
            """;

    @RegisterExtension
    static final DashboardPage page = new DashboardPage(GoldFixture::shared, 1366, 1000);

    @BeforeEach
    void desktopWindow() {
        page.driver().manage().window().setSize(new Dimension(1366, 1000));
    }

    @Test
    void both_charts_plot_exactly_the_numbers_the_api_returns() throws IOException {
        open("");

        JsonNode api = Http.get(page.base(), "api/v1/mrr/summary?from=2024-01&to=2024-04").json().get("rows");
        assertThat(months(api)).containsExactlyElementsOf(GoldFixture.MONTHS);
        assertThat(numeric(exposedSummary())).as("window.revlake.summary").isEqualTo(numeric(api));

        JsonNode trend = chart("mrr-trend");
        assertThat(texts(trend.get("x"))).containsExactlyElementsOf(GoldFixture.MONTHS);
        assertSeriesEquals(series(trend, "mrr"), api, "mrr");
        assertSeriesEquals(series(trend, "arr"), api, "arr");
        assertThat(trend.get("canvas").get("inked").asInt()).as("pixels drawn on the trend canvas").isGreaterThan(1000);

        JsonNode bridge = chart("mrr-bridge");
        assertThat(texts(bridge.get("x"))).containsExactlyElementsOf(GoldFixture.MONTHS);
        for (String movement : MOVEMENTS) {
            JsonNode s = series(bridge, movement);
            assertThat(s.get("type").asText()).isEqualTo("bar");
            assertThat(s.get("stack").asText()).isEqualTo("bridge");
            assertSeriesEquals(s, api, movement);
        }
        assertThat(decimals(series(bridge, "net").get("data")))
                .usingElementComparator(java.math.BigDecimal::compareTo)
                .containsExactly(dec("350.65"), dec("1294.45"), dec("-250.60"), dec("300.07"));
        assertThat(bridge.get("canvas").get("inked").asInt()).isGreaterThan(1000);

        assertThat(text("#kpi-mrr [data-field=value]")).isEqualTo("$1,694.57");
        assertThat(text("#kpi-arr [data-field=value]")).isEqualTo("$20,335");
        assertThat(text("#kpi-customers [data-field=value]")).isEqualTo("4");
        assertThat(text("#kpi-nrr [data-field=value]")).isEqualTo("100.0%");
        assertThat(text("#kpi-mrr [data-field=note]")).isEqualTo("end of Apr 2024 · +$300.07");
        assertThat(page.driver().getCurrentUrl()).endsWith("/?from=2024-01&to=2024-04");

        page.driver().manage().window().setSize(new Dimension(1366, 1420)); // the whole page in one picture
        sleep(800); // let the 300 ms chart animation and the resize settle
        screenshot("dashboard.png");
        page.driver().manage().window().setSize(new Dimension(820, 1180));
        sleep(800);
        screenshot("dashboard-tablet.png");
    }

    @Test
    void changing_the_period_changes_the_url_and_the_plotted_months() {
        open("");

        new Select(page.driver().findElement(By.id("period-from"))).selectByValue("2024-02");
        awaitRange("2024-02", "2024-04");
        assertThat(page.driver().getCurrentUrl()).endsWith("/?from=2024-02&to=2024-04");
        JsonNode api = Http.get(page.base(), "api/v1/mrr/summary?from=2024-02&to=2024-04").json().get("rows");
        assertThat(numeric(exposedSummary())).isEqualTo(numeric(api));
        assertThat(texts(chart("mrr-trend").get("x"))).containsExactly("2024-02", "2024-03", "2024-04");
        assertThat(texts(chart("mrr-bridge").get("x"))).containsExactly("2024-02", "2024-03", "2024-04");
        assertSeriesEquals(series(chart("mrr-bridge"), "churn"), api, "churn");

        new Select(page.driver().findElement(By.id("period-to"))).selectByValue("2024-03");
        awaitRange("2024-02", "2024-03");
        assertThat(page.driver().getCurrentUrl()).endsWith("/?from=2024-02&to=2024-03");
        assertThat(texts(chart("mrr-trend").get("x"))).containsExactly("2024-02", "2024-03");
        assertThat(text("#kpi-mrr [data-field=value]")).isEqualTo("$1,394.50");

        // Picking a "to" before "from" moves "from" along instead of asking the API for a reversed range.
        new Select(page.driver().findElement(By.id("period-to"))).selectByValue("2024-01");
        awaitRange("2024-01", "2024-01");
        assertThat(texts(chart("mrr-trend").get("x"))).containsExactly("2024-01");

        page.driver().navigate().back();
        awaitRange("2024-02", "2024-03");
        assertThat(texts(chart("mrr-bridge").get("x"))).containsExactly("2024-02", "2024-03");
    }

    @Test
    void a_period_in_the_url_is_applied_on_load_and_a_bad_one_is_corrected() {
        open("?from=2024-03&to=2024-04");
        assertThat(texts(chart("mrr-trend").get("x"))).containsExactly("2024-03", "2024-04");
        assertThat(new Select(page.driver().findElement(By.id("period-from"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("2024-03");

        open("?from=2024-13&to=2031-01");
        assertThat(page.driver().getCurrentUrl()).endsWith("/?from=2024-01&to=2024-04");
        assertThat(texts(chart("mrr-trend").get("x"))).containsExactlyElementsOf(GoldFixture.MONTHS);
    }

    @Test
    void the_arr_toggle_switches_the_trend_series() {
        open("");
        assertThat(chart("mrr-trend").get("legendSelected").get("MRR").asBoolean()).isTrue();

        page.driver().findElement(By.cssSelector(".toggle button[data-series=ARR]")).click();

        JsonNode selected = chart("mrr-trend").get("legendSelected");
        assertThat(selected.get("ARR").asBoolean()).isTrue();
        assertThat(selected.get("MRR").asBoolean()).isFalse();
        assertThat(text("#trend-title")).isEqualTo("ARR trend");
    }

    @Test
    void without_gold_tables_the_page_explains_how_to_build_them_and_comes_alive_when_they_appear() throws IOException {
        Path warehouse = GoldFixture.newWarehouse("browser-empty");
        try (ApiServer empty = TestServers.start(warehouse)) {
            page.driver().get("http://127.0.0.1:" + empty.port() + "/?token=" + TestServers.VIEWER);
            awaitReady();

            assertThat(page.driver().findElement(By.tagName("body")).getAttribute("data-state")).isEqualTo("error");
            assertThat(text("#status")).startsWith("gold.mrr_summary is not available: no Delta table at ")
                    .contains("Run ./revlake transform to build it").endsWith("This page retries every 2 s.");
            assertThat(page.driver().findElement(By.id("mrr-trend")).isDisplayed()).isFalse();
            assertThat(page.driver().findElement(By.id("period")).isDisplayed()).isFalse();
            screenshot("dashboard-unavailable.png");

            for (io.revlake.catalog.TableDef table : io.revlake.catalog.Tables.GOLD) {
                GoldFixture.copyTable(GoldFixture.shared(), warehouse, table);
            }
            new WebDriverWait(page.driver(), Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(js(
                    "return document.body.dataset.state === 'ready' && document.body.dataset.ready === 'true'"
                            + " && window.revlake.summary.length === 4;")));
            assertThat(texts(chart("mrr-trend").get("x"))).containsExactlyElementsOf(GoldFixture.MONTHS);
            assertThat(page.driver().findElement(By.id("status")).isDisplayed()).isFalse();
        }
        // The 503s were expected; Chromium logs failed fetches as SEVERE, so drop them before the console check.
        page.driver().manage().logs().get(LogType.BROWSER);
    }

    @Test
    void the_token_from_the_url_moves_to_session_storage_and_leaves_the_address_bar() {
        open("?from=2024-02&to=2024-03");

        assertThat(page.driver().getCurrentUrl()).endsWith("/?from=2024-02&to=2024-03").doesNotContain("token");
        assertThat(js("return window.sessionStorage.getItem('revlake.token');")).isEqualTo(TestServers.VIEWER);
        assertThat(texts(chart("mrr-trend").get("x"))).containsExactly("2024-02", "2024-03");
    }

    @Test
    void without_a_token_the_page_says_how_to_open_it_with_one() throws IOException {
        page.driver().get(page.base() + "favicon.svg"); // same origin, so its sessionStorage is the page's
        js("window.sessionStorage.clear();");
        page.driver().get(page.base().toString());
        awaitReady();

        assertThat(page.driver().findElement(By.tagName("body")).getAttribute("data-state")).isEqualTo("error");
        assertThat(text("#status")).startsWith("This dashboard needs an API token. Open it as " + page.base() + "?token=VIEWER_TOKEN")
                .contains("./revlake serve");
        screenshot("dashboard-no-token.png");
        page.driver().manage().logs().get(LogType.BROWSER); // the expected 401 is logged as SEVERE by Chromium
    }

    // ---- helpers ----

    /** Opens the page as a user who follows the URL `revlake serve` prints: with the viewer token. */
    private void open(String query) {
        page.driver().get(page.base() + query + (query.isEmpty() ? "?" : "&") + "token=" + TestServers.VIEWER);
        awaitReady();
    }

    private void awaitReady() {
        new WebDriverWait(page.driver(), Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("body[data-ready=true]")).size() == 1);
    }

    private void awaitRange(String from, String to) {
        new WebDriverWait(page.driver(), Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(js(
                "return document.body.dataset.ready === 'true' && !!window.revlake && window.revlake.from === arguments[0]"
                        + " && window.revlake.to === arguments[1];", from, to)));
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) page.driver()).executeScript(script, args);
    }

    private JsonNode chart(String id) {
        Object json = js(CHART_OPTION, id);
        assertThat(json).as("ECharts instance on #" + id).isNotNull();
        return parse((String) json);
    }

    private JsonNode exposedSummary() {
        return parse((String) js("return JSON.stringify(window.revlake.summary);"));
    }

    private String text(String css) {
        return page.driver().findElement(By.cssSelector(css)).getText();
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) page.driver()).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    private static JsonNode series(JsonNode chart, String id) {
        for (JsonNode s : chart.get("series")) {
            if (s.get("id").asText().equals(id)) {
                return s;
            }
        }
        throw new AssertionError("no series " + id + " in " + chart);
    }

    /** Plotted values equal the API's, compared as exact decimals (1234.5 plotted = 1234.50 served). */
    private static void assertSeriesEquals(JsonNode series, JsonNode apiRows, String column) {
        List<java.math.BigDecimal> expected = new ArrayList<>();
        apiRows.forEach(r -> expected.add(r.get(column).decimalValue()));
        assertThat(decimals(series.get("data"))).as("series " + series.get("id").asText())
                .usingElementComparator(java.math.BigDecimal::compareTo)
                .containsExactlyElementsOf(expected);
    }

    /** JSON as plain values with every number as a normalised exact decimal (JS writes 1645.10 as 1645.1). */
    private static Object numeric(JsonNode node) {
        if (node.isNumber()) {
            return node.decimalValue().stripTrailingZeros().toPlainString();
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(numeric(n)));
            return list;
        }
        if (node.isObject()) {
            java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), numeric(e.getValue())));
            return map;
        }
        return node.isNull() ? "null" : node.asText();
    }

    private static List<java.math.BigDecimal> decimals(JsonNode array) {
        List<java.math.BigDecimal> values = new ArrayList<>();
        array.forEach(v -> values.add(v.decimalValue()));
        return values;
    }

    private static java.math.BigDecimal dec(String text) {
        return new java.math.BigDecimal(text);
    }

    private static List<String> months(JsonNode rows) {
        List<String> months = new ArrayList<>();
        rows.forEach(r -> months.add(r.get("month").asText()));
        return months;
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
