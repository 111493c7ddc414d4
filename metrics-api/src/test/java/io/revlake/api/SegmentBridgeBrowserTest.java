package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The MRR page's bridge filtered to one segment ({@code /?dimension=segment&value=enterprise}) shows the Entering bar
 * when it is not zero, and the company bridge shows neither Entering nor Leaving (data of {@link SegmentBridgeApiTest}).
 */
class SegmentBridgeBrowserTest {
    private static final String SERIES = """
            var chart = window.echarts && echarts.getInstanceByDom(document.getElementById('mrr-bridge'));
            if (!chart) { return null; }
            var o = chart.getOption();
            return JSON.stringify({x: o.xAxis[0].data, series: o.series.map(function (s) { return {id: s.id, data: s.data}; })});
            """;

    @RegisterExtension
    static final DashboardPage page = new DashboardPage(SegmentBridgeApiTest::warehouse, 1366, 1000);

    @Test
    void a_filtered_bridge_shows_entering_when_it_is_not_zero() throws Exception {
        JsonNode bridge = open("?dimension=segment&value=enterprise&from=2024-01&to=2024-04&");
        assertThat(texts(bridge.get("x"))).containsExactly("2024-01", "2024-02");
        assertThat(ids(bridge)).contains("new", "expansion", "entering", "net").doesNotContain("leaving");
        assertThat(data(bridge, "entering")).containsExactly("0", "100");
        assertThat(data(bridge, "net")).containsExactly("300", "150");
        assertThat(page.driver().findElement(By.id("subtitle")).getText()).contains("segment = enterprise");

        JsonNode smb = open("?dimension=segment&value=smb&from=2024-01&to=2024-04&");
        assertThat(ids(smb)).contains("leaving").doesNotContain("entering");
        assertThat(data(smb, "leaving")).containsExactly("0", "-100");
    }

    @Test
    void the_company_bridge_has_no_entering_or_leaving() throws Exception {
        JsonNode bridge = open("?");
        assertThat(ids(bridge)).containsExactly("new", "reactivation", "expansion", "contraction", "churn", "fx",
                "net");
    }

    private JsonNode open(String query) throws Exception {
        page.driver().get(page.base() + query + "token=" + TestServers.VIEWER);
        new WebDriverWait(page.driver(), Duration.ofSeconds(20))
                .until(d -> d.findElements(By.cssSelector("body[data-ready=true]")).size() == 1);
        Object json = ((JavascriptExecutor) page.driver()).executeScript(SERIES);
        assertThat(json).as("ECharts instance on #mrr-bridge").isNotNull();
        return Http.JSON.readTree((String) json);
    }

    private static List<String> ids(JsonNode chart) {
        List<String> out = new ArrayList<>();
        chart.get("series").forEach(s -> out.add(s.get("id").asText()));
        return out;
    }

    private static List<String> data(JsonNode chart, String id) {
        List<String> out = new ArrayList<>();
        chart.get("series").forEach(s -> {
            if (s.get("id").asText().equals(id)) {
                s.get("data").forEach(v -> out.add(v.decimalValue().stripTrailingZeros().toPlainString()));
            }
        });
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
