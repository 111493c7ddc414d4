package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.YearMonth;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The finance dashboard, the customer 360 page and the drill-down from the MRR bridge, in headless Chromium against a
 * real server on a generated company: every chart plots the API's numbers, filters live in the URL, a click on a
 * bridge bar lists the customers that sum to it, and the console stays clean.
 */
class FinanceDashboardBrowserTest {
    private static final Path SCREENSHOTS = Path.of(System.getProperty("revlake.screenshots", "target/screenshots"));

    /** What a chart plotted, read from its ECharts instance; object data points are reduced to their value. */
    private static final String CHART = """
            var el = document.getElementById(arguments[0]);
            var chart = window.echarts && echarts.getInstanceByDom(el);
            if (!chart) { return null; }
            var o = chart.getOption();
            var canvas = el.querySelector('canvas');
            var inked = 0;
            if (canvas) {
              var px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
              for (var i = 3; i < px.length; i += 4) { if (px[i] !== 0) { inked++; } }
            }
            return JSON.stringify({
              x: o.xAxis && o.xAxis[0] ? o.xAxis[0].data : null,
              y: o.yAxis && o.yAxis[0] ? o.yAxis[0].data : null,
              series: o.series.map(function (s) { return {id: s.id, type: s.type, stack: s.stack || null,
                data: s.data.map(function (d) { return d !== null && typeof d === 'object' && !Array.isArray(d) ? d.value : d; })}; }),
              inked: inked
            });
            """;

    @RegisterExtension
    static final DashboardPage page = new DashboardPage(() -> GeneratedWarehouse.get().warehouse, 1366, 1000);

    @BeforeEach
    void desktopWindow() {
        page.driver().manage().window().setSize(new Dimension(1366, 1000));
    }

    @Test
    void every_finance_chart_plots_the_api_numbers() throws IOException {
        open("finance.html", TestServers.VIEWER);
        String to = YearMonth.from(GeneratedWarehouse.AS_OF).toString();
        String from = YearMonth.from(GeneratedWarehouse.AS_OF).minusMonths(11).toString();
        assertThat(page.driver().getCurrentUrl()).contains("from=" + from, "to=" + to).doesNotContain("token");
        String range = "from=" + from + "&to=" + to;

        JsonNode dso = api("api/v1/finance/dso?" + range).get("rows");
        JsonNode dsoChart = chart("dso");
        assertThat(texts(dsoChart.get("x"))).containsExactlyElementsOf(texts(dso, "month")).hasSize(12);
        assertThat(values(series(dsoChart, "dso_countback"))).containsExactlyElementsOf(doubles(dso, "dso_countback"));
        assertThat(values(series(dsoChart, "dso_simple"))).containsExactlyElementsOf(doubles(dso, "dso_simple"));

        JsonNode history = api("api/v1/finance/ar-aging/history");
        JsonNode agingChart = chart("aging-history");
        List<String> dates = texts(agingChart.get("x"));
        assertThat(dates).hasSize(12).allMatch(d -> d.compareTo(from) >= 0);
        assertThat(dates.get(dates.size() - 1)).isEqualTo(GeneratedWarehouse.AS_OF.toString());
        for (JsonNode bucket : history.get("buckets")) {
            List<BigDecimal> expected = new ArrayList<>();
            for (String date : dates) {
                for (JsonNode r : history.get("rows")) {
                    if (r.get("as_of").asText().equals(date) && r.get("bucket").asText().equals(bucket.asText())) {
                        expected.add(r.get("open_amount_reporting").decimalValue());
                    }
                }
            }
            assertDecimals(series(agingChart, bucket.asText()), expected);
            assertThat(series(agingChart, bucket.asText()).get("stack").asText()).isEqualTo("aging");
        }

        JsonNode aging = api("api/v1/finance/ar-aging?as_of=" + GeneratedWarehouse.AS_OF);
        List<BigDecimal> buckets = new ArrayList<>();
        aging.get("buckets").forEach(b -> buckets.add(b.get("open_amount_reporting").decimalValue()));
        assertDecimals(series(chart("aging-asof"), "open_amount_reporting"), buckets);
        assertThat(text("#kpi-ar [data-field=value]")).isEqualTo(wholeDollars(aging.get("total").decimalValue()));

        JsonNode rpo = api("api/v1/finance/rpo?" + range).get("rows");
        assertDecimals(series(chart("rpo"), "rpo"), decimals(rpo, "rpo_reporting"));
        assertDecimals(series(chart("rpo"), "crpo"), decimals(rpo, "crpo_reporting"));
        assertDecimals(series(chart("rpo"), "backlog"), decimals(rpo, "backlog_reporting"));

        JsonNode deferred = api("api/v1/finance/deferred-revenue?" + range).get("rows");
        assertDecimals(series(chart("deferred"), "closing"), decimals(deferred, "closing"));
        assertDecimals(series(chart("deferred"), "billings"), decimals(deferred, "billings"));
        assertThat(page.driver().findElements(By.cssSelector("#deferred-table tbody tr"))).hasSize(deferred.size());

        JsonNode waterfall = api("api/v1/finance/waterfall?rows=billing&" + range);
        JsonNode heat = chart("waterfall");
        assertThat(texts(heat.get("x"))).containsExactlyElementsOf(texts(waterfall.get("columns")));
        assertThat(texts(heat.get("y"))).containsExactlyElementsOf(texts(waterfall.get("row_totals"), "row_month"));
        BigDecimal plotted = BigDecimal.ZERO;
        for (JsonNode cell : series(heat, "waterfall").get("data")) {
            plotted = plotted.add(cell.get(2).decimalValue());
        }
        BigDecimal served = BigDecimal.ZERO;
        for (JsonNode t : waterfall.get("row_totals")) {
            served = served.add(t.get("total").decimalValue());
        }
        assertThat(plotted).isEqualByComparingTo(served);
        assertThat(series(heat, "waterfall").get("data").size()).isEqualTo(waterfall.get("rows").size());

        for (String id : List.of("aging-history", "aging-asof", "dso", "rpo", "deferred", "waterfall")) {
            assertThat(chart(id).get("inked").asInt()).as("pixels drawn on #" + id).isGreaterThan(1000);
        }
        page.driver().manage().window().setSize(new Dimension(1366, 2600));
        sleep(800);
        screenshot("finance.png");
    }

    @Test
    void the_aging_date_and_the_waterfall_rows_are_filters_in_the_url() {
        open("finance.html", TestServers.VIEWER);
        String date = YearMonth.from(GeneratedWarehouse.AS_OF).minusMonths(3).atEndOfMonth().toString();
        new Select(page.driver().findElement(By.id("aging-date"))).selectByValue(date);
        assertThat(page.driver().getCurrentUrl()).contains("aging=" + date);
        JsonNode aging = api("api/v1/finance/ar-aging?as_of=" + date);
        List<BigDecimal> buckets = new ArrayList<>();
        aging.get("buckets").forEach(b -> buckets.add(b.get("open_amount_reporting").decimalValue()));
        assertDecimals(series(chart("aging-asof"), "open_amount_reporting"), buckets);

        page.driver().findElement(By.cssSelector("[data-rows=booking]")).click();
        new WebDriverWait(page.driver(), Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(js(
                "return document.body.dataset.ready === 'true' && window.revlake.waterfall"
                        + " && window.revlake.waterfall.rows_by === 'booking';")));
        assertThat(page.driver().getCurrentUrl()).contains("rows=booking", "aging=" + date);

        page.driver().get(page.driver().getCurrentUrl());
        awaitReady();
        assertThat(js("return window.revlake.waterfall.rows_by;")).isEqualTo("booking");
        assertThat(js("return window.revlake.agingDate;")).isEqualTo(date);
    }

    @Test
    void the_customer_page_shows_one_customer_from_the_api() throws IOException {
        String month = YearMonth.from(GeneratedWarehouse.AS_OF).toString();
        JsonNode listed = Http.get(page.base(), "api/v1/customers?month=" + month).json().get("rows").get(0);
        String id = listed.get("customer_id").asText();

        page.driver().get(page.base() + "customers.html?token=" + TestServers.ANALYST);
        awaitReady();
        page.driver().findElement(By.cssSelector("#customers tbody tr[data-customer='" + id + "'] a")).click();
        awaitReady();
        assertThat(page.driver().getCurrentUrl()).endsWith("/customer.html?id=" + id);

        JsonNode answer = Http.get(page.base(), "api/v1/customers/" + id).json();
        JsonNode mrr = chart("customer-mrr");
        assertThat(texts(mrr.get("x"))).containsExactlyElementsOf(texts(answer.get("sections").get("mrr"), "month"));
        assertDecimals(series(mrr, "mrr"), decimals(answer.get("sections").get("mrr"), "mrr"));
        assertThat(text("#title")).isEqualTo("Customer " + id);
        assertThat(page.driver().findElements(By.cssSelector("#movements tbody tr")))
                .hasSize(answer.get("sections").get("movements").size());
        assertThat(chart("customer-schedule").get("inked").asInt()).isGreaterThan(1000);
        sleep(500);
        screenshot("customer.png");
    }

    @Test
    void clicking_a_bridge_bar_lists_the_customers_that_sum_to_it() throws IOException {
        page.driver().get(page.base() + "?token=" + TestServers.ANALYST);
        awaitReady();
        JsonNode bridge = chart("mrr-bridge");
        List<String> months = texts(bridge.get("x"));
        int index = months.size() - 1;
        JsonNode newSeries = series(bridge, "new");
        while (index > 0 && newSeries.get("data").get(index).decimalValue().signum() == 0) {
            index--;
        }
        String month = months.get(index);
        BigDecimal cell = newSeries.get("data").get(index).decimalValue();
        assertThat(cell.signum()).isPositive();

        // A real click on the middle of the 'new' bar of that month, once the bars have grown (300 ms animation).
        js("document.getElementById('mrr-bridge').scrollIntoView({block: 'center'});");
        sleep(800);
        @SuppressWarnings("unchecked")
        List<Number> px = (List<Number>) js("var c = echarts.getInstanceByDom(document.getElementById('mrr-bridge'));"
                + " return c.convertToPixel({seriesId: 'new'}, [arguments[0], arguments[1] / 2]);", index, cell.doubleValue());
        WebElement box = page.driver().findElement(By.id("mrr-bridge"));
        new Actions(page.driver()).moveToElement(box, px.get(0).intValue() - box.getSize().getWidth() / 2,
                px.get(1).intValue() - box.getSize().getHeight() / 2).click().perform();
        try {
            new WebDriverWait(page.driver(), Duration.ofSeconds(10)).until(d -> Boolean.TRUE.equals(js(
                    "return !!window.revlake.drill && window.revlake.drill.ready === true;")));
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("mrr-drilldown-missed.png");
            throw new AssertionError("the click at " + px + " in a " + box.getSize() + " chart opened no drill-down", e);
        }

        JsonNode drill = parse((String) js("return JSON.stringify(window.revlake.drill);"));
        assertThat(drill.get("metric").asText()).isEqualTo("new");
        assertThat(drill.get("month").asText()).isEqualTo(month);
        assertThat(drill.get("ties").asBoolean()).isTrue();
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode r : drill.get("rows")) {
            sum = sum.add(r.get("amount").decimalValue());
        }
        assertThat(sum).as("Σ customers = the bar").isEqualByComparingTo(cell);
        List<WebElement> rows = page.driver().findElements(By.cssSelector("#drill-table tbody tr"));
        assertThat(rows).hasSize(drill.get("rows").size());
        assertThat(rows.get(0).findElement(By.tagName("a")).getAttribute("href"))
                .endsWith("/customer.html?id=" + drill.get("rows").get(0).get("customer_id").asText());
        screenshot("mrr-drilldown.png");
    }

    @Test
    void clicking_an_ar_aging_bar_lists_the_open_invoices_that_sum_to_it() throws IOException {
        open("finance.html", TestServers.ANALYST);
        JsonNode aging = chart("aging-history");
        List<String> dates = texts(aging.get("x"));
        int index = dates.size() - 1;
        String date = dates.get(index);
        // The largest bucket of the last month end that is not current, so the rows are past-due invoices.
        String bucket = null;
        BigDecimal bar = BigDecimal.ZERO;
        for (JsonNode s : aging.get("series")) {
            JsonNode v = s.get("data").get(index);
            if (!s.get("id").asText().equals("current") && !v.isNull() && v.decimalValue().compareTo(bar) > 0) {
                bucket = s.get("id").asText();
                bar = v.decimalValue();
            }
        }
        assertThat(bucket).as("a past-due bucket with open AR at " + date).isNotNull();

        // A real click in the middle of that bar segment (stacked: its middle is its own page.base() + half its height).
        js("document.getElementById('aging-history').scrollIntoView({block: 'center'});");
        sleep(800);
        @SuppressWarnings("unchecked")
        List<Number> px = (List<Number>) js("var c = echarts.getInstanceByDom(document.getElementById('aging-history'));"
                + " var o = c.getOption(); var below = 0;"
                + " for (var i = 0; i < o.series.length && o.series[i].id !== arguments[1]; i++) {"
                + "   below += Number(o.series[i].data[arguments[0]] || 0); }"
                + " return c.convertToPixel({seriesId: arguments[1]}, [arguments[0], below + Number(o.series[i].data[arguments[0]]) / 2]);",
                index, bucket);
        WebElement box = page.driver().findElement(By.id("aging-history"));
        new Actions(page.driver()).moveToElement(box, px.get(0).intValue() - box.getSize().getWidth() / 2,
                px.get(1).intValue() - box.getSize().getHeight() / 2).click().perform();
        try {
            new WebDriverWait(page.driver(), Duration.ofSeconds(10)).until(d -> Boolean.TRUE.equals(js(
                    "return !!window.revlake.drill && window.revlake.drill.ready === true;")));
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot("ar-drilldown-missed.png");
            throw new AssertionError("the click at " + px + " in a " + box.getSize() + " chart opened no drill-down", e);
        }

        JsonNode drill = parse((String) js("return JSON.stringify(window.revlake.drill);"));
        assertThat(drill.has("error")).as(String.valueOf(drill.get("error"))).isFalse();
        assertThat(drill.get("date").asText()).isEqualTo(date);
        assertThat(drill.get("bucket").asText()).isEqualTo(bucket);
        assertThat(drill.get("ties").asBoolean()).isTrue();
        BigDecimal sum = BigDecimal.ZERO;
        List<String> invoices = new ArrayList<>();
        for (JsonNode r : drill.get("rows")) {
            assertThat(r.get("bucket").asText()).isEqualTo(bucket);
            assertThat(r.get("days_past_due").asInt()).isPositive();
            sum = sum.add(r.get("amount").decimalValue());
            invoices.add(r.get("invoice_id").asText());
        }
        assertThat(sum).as("Σ invoices = the bar").isEqualByComparingTo(bar);
        // The same invoices as the API's explanation of AR that month, restricted to the bucket.
        JsonNode explained = Http.get(page.base(), "api/v1/explain?metric=accounts_receivable&month=" + date.substring(0, 7),
                TestServers.ANALYST).json();
        List<String> expected = new ArrayList<>();
        for (JsonNode r : explained.get("rows")) {
            if (r.get("bucket").asText().equals(bucket)) {
                expected.add(r.get("invoice_id").asText());
            }
        }
        assertThat(invoices).containsExactlyElementsOf(expected).isNotEmpty();
        List<WebElement> rows = page.driver().findElements(By.cssSelector("#ar-drill-table tbody tr"));
        assertThat(rows).hasSize(invoices.size());
        assertThat(rows.get(0).getAttribute("data-invoice")).isEqualTo(invoices.get(0));
        assertThat(rows.get(0).findElement(By.tagName("a")).getAttribute("href"))
                .endsWith("/customer.html?id=" + drill.get("rows").get(0).get("customer_id").asText());
        screenshot("ar-drilldown.png");

        // A DSO point lists all of that month end's open AR: the whole stacked bar.
        BigDecimal stacked = BigDecimal.ZERO;
        for (JsonNode s : aging.get("series")) {
            JsonNode v = s.get("data").get(index);
            stacked = v.isNull() ? stacked : stacked.add(v.decimalValue());
        }
        js("var c = echarts.getInstanceByDom(document.getElementById('dso'));"
                + " c.trigger('click', {componentType: 'series', seriesId: 'dso_countback', name: arguments[0]});",
                date.substring(0, 7));
        new WebDriverWait(page.driver(), Duration.ofSeconds(10)).until(d -> Boolean.TRUE.equals(js(
                "return window.revlake.drill.ready === true && window.revlake.drill.bucket === null;")));
        JsonNode whole = parse((String) js("return JSON.stringify(window.revlake.drill);"));
        assertThat(whole.get("ties").asBoolean()).isTrue();
        assertThat(whole.get("rows").size()).isEqualTo(explained.get("rows").size());
        assertThat(whole.get("total").decimalValue()).isEqualByComparingTo(stacked);
    }

    @Test
    void a_viewer_who_clicks_a_bar_is_told_the_drill_down_needs_an_analyst_token() {
        page.driver().get(page.base() + "?token=" + TestServers.VIEWER);
        awaitReady();
        js("var c = echarts.getInstanceByDom(document.getElementById('mrr-bridge'));"
                + " c.trigger('click', {componentType: 'series', seriesId: 'churn', name: c.getOption().xAxis[0].data[0]});");
        new WebDriverWait(page.driver(), Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(js(
                "return !!window.revlake.drill && window.revlake.drill.ready === true;")));
        assertThat(text("#drill-note")).contains("analyst token");
        assertThat(page.driver().findElements(By.cssSelector("#drill-table tbody tr"))).isEmpty();
        page.driver().manage().logs().get(LogType.BROWSER); // the expected 403 is logged as SEVERE by Chromium
    }

    // ---- helpers ----

    private void open(String path, String token) {
        page.driver().get(page.base() + path + "?token=" + token);
        awaitReady();
        assertThat(page.driver().findElement(By.tagName("body")).getAttribute("data-state")).as(text("#status")).isEqualTo("ready");
    }

    private void awaitReady() {
        new WebDriverWait(page.driver(), Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("body[data-ready=true]")).size() == 1);
    }

    private static JsonNode api(String path) {
        Http.Response response = Http.get(page.base(), path);
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
        return response.json();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) page.driver()).executeScript(script, args);
    }

    private JsonNode chart(String id) {
        Object json = js(CHART, id);
        assertThat(json).as("ECharts instance on #" + id).isNotNull();
        return parse((String) json);
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

    private static void assertDecimals(JsonNode series, List<BigDecimal> expected) {
        List<BigDecimal> plotted = new ArrayList<>();
        series.get("data").forEach(v -> plotted.add(v.isNull() ? null : v.decimalValue()));
        assertThat(plotted).as("series " + series.get("id").asText()).usingElementComparator(
                (a, b) -> a == null || b == null ? (a == b ? 0 : 1) : a.compareTo(b)).containsExactlyElementsOf(expected);
    }

    private static List<BigDecimal> decimals(JsonNode rows, String field) {
        List<BigDecimal> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.get(field).isNull() ? null : r.get(field).decimalValue()));
        return out;
    }

    private static List<Double> doubles(JsonNode rows, String field) {
        List<Double> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.get(field).isNull() ? null : r.get(field).doubleValue()));
        return out;
    }

    private static List<Double> values(JsonNode series) {
        List<Double> out = new ArrayList<>();
        series.get("data").forEach(v -> out.add(v.isNull() ? null : v.doubleValue()));
        return out;
    }

    private static String wholeDollars(BigDecimal amount) {
        return java.text.NumberFormat.getCurrencyInstance(java.util.Locale.US) instanceof java.text.DecimalFormat f
                ? withoutCents(f, amount) : amount.toPlainString();
    }

    private static String withoutCents(java.text.DecimalFormat f, BigDecimal amount) {
        f.setMaximumFractionDigits(0);
        f.setMinimumFractionDigits(0);
        f.setRoundingMode(java.math.RoundingMode.HALF_EVEN);
        return f.format(amount);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.get(field).asText()));
        return out;
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
