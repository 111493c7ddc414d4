package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.revlake.catalog.Tables;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Time travel ({@code as_of}) and finance metrics, on a copy of the fixture where gold.mrr_summary has a second
 * version and gold.dso_month / gold.rpo_month have rows.
 */
class HistoryAndFinanceTest {
    private static ApiServer server;
    private static URI base;

    @BeforeAll
    static void start() {
        Path warehouse = GoldFixture.copyOfShared("history");
        // Version 1 of mrr_summary: April restated from 1694.57 to 1700.00.
        List<Map<String, Object>> restated = new ArrayList<>(GoldFixture.summary());
        Map<String, Object> april = new LinkedHashMap<>(restated.get(3));
        april.put("mrr", new BigDecimal("1700.00"));
        restated.set(3, april);
        GoldFixture.write(warehouse, Tables.MRR_SUMMARY, restated);
        // Three months of DSO inputs, worked by hand below.
        GoldFixture.write(warehouse, Tables.DSO_MONTH, List.of(
                dso("2024-01", 31, "0.00", "1000.00", "600.00", "500.00", 36.0),
                dso("2024-02", 29, "600.00", "2000.00", "900.00", "700.00", 20.0),
                dso("2024-03", 31, "900.00", "1500.00", "1200.00", "800.00", 45.0)));
        GoldFixture.write(warehouse, Tables.RPO_MONTH, List.of(
                rpo("2024-03", "USD", "1000.00", "400.00"), rpo("2024-03", "EUR", "550.00", "110.00"),
                rpo("2024-02", "USD", "900.00", "300.00")));
        server = TestServers.start(warehouse);
        base = URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void as_of_serves_an_earlier_delta_version_and_the_default_is_the_latest() {
        assertThat(april("api/v1/mrr/summary?from=2024-04")).isEqualByComparingTo("1700.00");
        assertThat(april("api/v1/mrr/summary?from=2024-04&as_of=0")).isEqualByComparingTo("1694.57");
        assertThat(april("api/v1/mrr/summary?from=2024-04&as_of=1")).isEqualByComparingTo("1700.00");

        JsonNode series = Http.get(base, "api/v1/metrics/mrr/series?from=2024-04&as_of=0").json();
        assertThat(series.get("versions").get("gold.mrr_summary").asLong()).isZero();
        assertThat(series.get("rows").get(0).get("value").decimalValue()).isEqualByComparingTo("1694.57");
        assertThat(Http.get(base, "api/v1/metrics/mrr/series?from=2024-04").json().get("versions")
                .get("gold.mrr_summary").asLong()).isEqualTo(1);
    }

    @Test
    void an_as_of_version_that_does_not_exist_is_a_400_naming_the_versions() {
        Http.Response response = Http.get(base, "api/v1/mrr/summary?as_of=7");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("parameter").asText()).isEqualTo("as_of");
        assertThat(response.json().get("expected").asText()).isEqualTo("a Delta version from 0 to 1");
        assertThat(response.json().get("message").asText())
                .isEqualTo("as_of 7 cannot be served for gold.mrr_summary: the latest version is 1");
    }

    @Test
    void dso_over_a_quarter_is_recomputed_from_ar_billings_and_days() {
        JsonNode months = rows("dso_simple", "");
        assertThat(months.get(0).get("value").doubleValue()).isCloseTo(600.0 / 1000 * 31, within(1e-9));
        // Q1: AR at the end of March ÷ Q1 billings × Q1 days = 1200 / 4500 × 91 (not the mean of the months).
        JsonNode quarter = rows("dso_simple", "grain=quarter").get(0);
        assertThat(quarter.get("value").doubleValue()).isCloseTo(1200.0 / 4500 * 91, within(1e-9));
        assertThat(rows("dso_countback", "grain=quarter").get(0).get("value").doubleValue()).isEqualTo(45.0);
        // CEI Q1 = (AR start 0 + billings 4500 − AR end 1200) ÷ (0 + 4500 − current AR end 800) × 100.
        assertThat(rows("cei", "grain=quarter").get(0).get("value").doubleValue())
                .isCloseTo(3300.0 / 3700 * 100, within(1e-9));
        assertThat(rows("billings", "grain=quarter").get(0).get("value").decimalValue()).isEqualByComparingTo("4500.00");
        assertThat(rows("accounts_receivable", "grain=quarter").get(0).get("value").decimalValue())
                .isEqualByComparingTo("1200.00");
    }

    @Test
    void rpo_is_a_balance_summed_over_currencies_and_can_be_grouped_by_currency() {
        JsonNode months = rows("rpo", "");
        assertThat(months.get(0).get("value").decimalValue()).isEqualByComparingTo("900.00");
        assertThat(months.get(1).get("value").decimalValue()).isEqualByComparingTo("1550.00");
        assertThat(rows("crpo", "grain=year").get(0).get("value").decimalValue()).isEqualByComparingTo("510.00");
        JsonNode byCurrency = rows("rpo", "group_by=currency&from=2024-03");
        assertThat(byCurrency).hasSize(2);
        assertThat(byCurrency.get(0).get("currency").asText()).isEqualTo("EUR");
        assertThat(byCurrency.get(0).get("value").decimalValue()).isEqualByComparingTo("550.00");
    }

    private static BigDecimal april(String path) {
        Http.Response response = Http.get(base, path);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("rows").get(0).get("mrr").decimalValue();
    }

    private static JsonNode rows(String metric, String query) {
        Http.Response response = Http.get(base, "api/v1/metrics/" + metric + "/series?" + query, TestServers.VIEWER);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("rows");
    }

    private static Map<String, Object> dso(String month, long days, String arStart, String billings, String arEnd,
                                           String currentArEnd, double countback) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("month", month);
        row.put("days", days);
        row.put("ar_start", new BigDecimal(arStart));
        row.put("billings", new BigDecimal(billings));
        row.put("ar_end", new BigDecimal(arEnd));
        row.put("current_ar_end", new BigDecimal(currentArEnd));
        row.put("dso_countback", countback);
        return row;
    }

    private static Map<String, Object> rpo(String month, String currency, String rpoReporting, String crpoReporting) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("month", month);
        row.put("currency", currency);
        row.put("rpo_reporting", new BigDecimal(rpoReporting));
        row.put("crpo_reporting", new BigDecimal(crpoReporting));
        return row;
    }
}
