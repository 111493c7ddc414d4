package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The metric catalog and series over the hand-made tables of {@link GoldFixture}. Expected values are worked out by
 * hand from the fixture's table (its Javadoc); customers by currency: EUR = c-002, USD = c-001, c-003, c-004.
 */
class MetricsApiTest {
    private static final List<String> REQUIRED = List.of("mrr", "arr", "nrr", "grr", "nrr_12m", "logo_churn_rate",
            "gross_mrr_churn_rate", "net_mrr_churn_rate", "quick_ratio", "arpa", "arpu", "asp", "paying_customers",
            "clv_formula", "cac", "cac_payback_months", "ltv_cac", "dso_simple", "dso_countback", "deferred_revenue",
            "rpo", "crpo");
    private static ApiServer server;
    private static URI base;

    @BeforeAll
    static void start() {
        server = TestServers.start(GoldFixture.shared());
        base = URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void the_catalog_lists_every_metric_with_its_definition_unit_kind_dimensions_policy_and_source() {
        Http.Response response = Http.get(base, "api/v1/metrics", TestServers.VIEWER);

        assertThat(response.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("metrics").forEach(m -> ids.add(m.get("id").asText()));
        assertThat(ids).containsAll(REQUIRED).doesNotHaveDuplicates();
        for (JsonNode m : response.json().get("metrics")) {
            assertThat(m.get("name").asText()).as(m.get("id").asText()).isNotBlank();
            assertThat(m.get("definition").asText()).isNotBlank();
            assertThat(m.get("unit").asText()).isIn("money", "count", "ratio", "percent", "days", "months");
            assertThat(m.get("kind").asText()).isIn("balance", "flow", "ratio");
            assertThat(m.get("grain").asText()).isEqualTo("month");
            assertThat(m.get("source_table").asText()).startsWith("gold.");
            assertThat(m.get("policy").isObject()).isTrue();
            assertThat(m.get("dimensions").isArray()).isTrue();
            assertThat(m.get("available").asBoolean()).isTrue();
        }
    }

    @Test
    void one_metric_is_described_by_its_id() {
        JsonNode nrr = Http.get(base, "api/v1/metrics/nrr", TestServers.VIEWER).json();

        assertThat(nrr.get("kind").asText()).isEqualTo("ratio");
        assertThat(nrr.get("unit").asText()).isEqualTo("ratio");
        assertThat(nrr.get("source_table").asText()).isEqualTo("gold.mrr_summary");
        assertThat(texts(nrr.get("grouped_source_tables"))).containsExactly("gold.mrr_customer_month", "gold.mrr_movements");
        assertThat(texts(nrr.get("dimensions"))).containsExactly("segment", "region", "plan", "channel", "currency");
        JsonNode mrr = Http.get(base, "api/v1/metrics/mrr", TestServers.VIEWER).json();
        assertThat(mrr.get("kind").asText()).isEqualTo("balance");
        assertThat(mrr.get("currency").asText()).isEqualTo("USD");
        assertThat(Http.get(base, "api/v1/metrics/rpo", TestServers.VIEWER).json().get("source_table").asText())
                .isEqualTo("gold.rpo_month");
    }

    @Test
    void monthly_series_from_the_summary_equal_the_gold_columns() {
        JsonNode summary = Http.get(base, "api/v1/mrr/summary").json().get("rows");
        for (String metric : List.of("mrr", "arr", "paying_customers", "arpa", "nrr", "grr", "logo_churn_rate",
                "gross_mrr_churn_rate", "net_mrr_churn_rate")) {
            JsonNode rows = series(metric, "");
            assertThat(rows).as(metric).hasSize(4);
            for (int i = 0; i < 4; i++) {
                assertSame(metric + " " + rows.get(i).get("period").asText(), rows.get(i).get("value"),
                        summary.get(i).get(metric));
            }
        }
    }

    @Test
    void balances_take_the_period_end_and_flows_add_up_over_the_year() {
        JsonNode mrr = series("mrr", "grain=year").get(0);
        assertThat(mrr.get("period").asText()).isEqualTo("2024");
        assertThat(mrr.get("value").decimalValue()).isEqualByComparingTo("1694.57");
        assertThat(mrr.get("period_start").asText()).isEqualTo("2024-01");
        assertThat(mrr.get("period_end").asText()).isEqualTo("2024-04");
        assertThat(mrr.get("months").asInt()).isEqualTo(4);

        assertThat(series("new_mrr", "grain=year").get(0).get("value").decimalValue()).isEqualByComparingTo("1595.15");
        assertThat(series("new_customers", "grain=year").get(0).get("value").asLong()).isEqualTo(4);
        assertThat(series("paying_customers", "grain=year").get(0).get("value").asLong()).isEqualTo(4);
        // ASP over the year = 1595.15 / 4 new customers, to the cent.
        assertThat(series("asp", "grain=year").get(0).get("value").decimalValue()).isEqualByComparingTo("398.79");

        JsonNode quarters = series("mrr", "grain=quarter");
        assertThat(periods(quarters)).containsExactly("2024-Q1", "2024-Q2");
        assertThat(quarters.get(0).get("value").decimalValue()).isEqualByComparingTo("1394.50");
        assertThat(quarters.get(1).get("value").decimalValue()).isEqualByComparingTo("1694.57");
    }

    @Test
    void ratios_over_a_period_are_recomputed_from_their_parts_never_averaged() {
        // Feb–Mar as one period: start MRR = Jan 350.65; expansion 49.95, contraction -0.05, churn -250.55.
        JsonNode nrr = series("nrr", "grain=quarter&from=2024-02&to=2024-03").get(0);
        assertThat(nrr.get("period").asText()).isEqualTo("2024-Q1");
        assertThat(nrr.get("period_start").asText()).isEqualTo("2024-02");
        assertThat(nrr.get("value").doubleValue()).isCloseTo(150.00 / 350.65, within(1e-12));
        // The average of the monthly NRRs would be about 0.995.
        assertThat(series("grr", "grain=quarter&from=2024-02&to=2024-03").get(0).get("value").doubleValue())
                .isCloseTo(100.05 / 350.65, within(1e-12));
        // One churned customer over the 2 paying at the start (monthly rates: 0 and 0.25).
        assertThat(series("logo_churn_rate", "grain=quarter&from=2024-02&to=2024-03").get(0).get("value").doubleValue())
                .isEqualTo(0.5);
        assertThat(series("quick_ratio", "grain=quarter&from=2024-02&to=2024-03").get(0).get("value").doubleValue())
                .isCloseTo((1244.50 + 49.95) / 250.60, within(1e-12));
        // The first quarter has no MRR before it: NRR undefined (null), never infinity or 0.
        assertThat(series("nrr", "grain=quarter").get(0).get("value").isNull()).isTrue();
    }

    @Test
    void grouped_series_come_from_customer_rows_and_add_up_to_the_total() {
        JsonNode rows = series("mrr", "group_by=currency");
        assertThat(rows).hasSize(8);
        assertThat(rows.get(0).get("currency").asText()).isEqualTo("EUR");
        assertThat(decimals(rows, "EUR")).containsExactly(dec("250.55"), dec("250.55"), dec("0.00"), dec("300.07"));
        assertThat(decimals(rows, "USD")).containsExactly(dec("100.10"), dec("1394.55"), dec("1394.50"), dec("1394.50"));
        JsonNode total = series("mrr", "");
        for (int i = 0; i < 4; i++) {
            assertThat(decimals(rows, "EUR").get(i).add(decimals(rows, "USD").get(i)))
                    .isEqualByComparingTo(total.get(i).get("value").decimalValue());
        }
        JsonNode nrr = series("nrr", "group_by=currency&from=2024-03&to=2024-03");
        assertThat(nrr.get(0).get("value").doubleValue()).as("EUR churned").isEqualTo(0.0);
        assertThat(nrr.get(1).get("value").doubleValue()).isCloseTo(1394.50 / 1394.55, within(1e-12));
    }

    @Test
    void customer_level_recomputation_agrees_with_the_gold_summary() {
        for (String metric : List.of("mrr", "nrr", "grr", "logo_churn_rate", "net_mrr_churn_rate", "arpa",
                "paying_customers", "asp")) {
            for (String grain : List.of("month", "quarter", "year")) {
                JsonNode total = series(metric, "grain=" + grain);
                JsonNode everyone = series(metric, "grain=" + grain + "&filter=currency:EUR%7CUSD");
                assertThat(everyone).as(metric + " " + grain).hasSize(total.size());
                for (int i = 0; i < total.size(); i++) {
                    assertSame(metric + " " + grain + " " + total.get(i).get("period").asText(),
                            everyone.get(i).get("value"), total.get(i).get("value"));
                }
            }
        }
    }

    @Test
    void filters_keep_only_matching_customers_and_constant_currency_is_available_for_mrr() {
        assertThat(decimals(series("mrr", "filter=currency:EUR"), null))
                .containsExactly(dec("250.55"), dec("250.55"), dec("0.00"), dec("300.07"));
        JsonNode constant = Http.get(base, "api/v1/metrics/mrr/series?from=2024-04&currency=constant").json();
        assertThat(constant.get("currency_basis").asText()).isEqualTo("constant");
        assertThat(constant.get("rows").get(0).get("value").decimalValue()).isEqualByComparingTo("1694.50");
        assertThat(constant.get("versions").get("gold.mrr_summary").asLong()).isZero();
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "api/v1/metrics/mrr/series?grain=week                  | 400 | grain     | month, quarter, year",
            "api/v1/metrics/mrr/series?group_by=country            | 400 | group_by  | segment, region, plan, channel, currency",
            "api/v1/metrics/mrr/series?filter=segment:gold         | 400 | filter    | segment:(none), segment:enterprise, segment:mid-market, segment:smb",
            "api/v1/metrics/mrr/series?filter=segment              | 400 | filter    | dimension:value",
            "api/v1/metrics/arpu/series?group_by=segment           | 400 | group_by  | ''",
            "api/v1/metrics/nrr/series?currency=constant           | 400 | currency  | reporting",
            "api/v1/metrics/mrr/series?from=2024-05&to=2024-01     | 400 | from      | a month not after to",
            "api/v1/metrics/mrr/series?as_of=latest                | 400 | as_of     | whole number",
            "api/v1/metrics/mrr/series?format=xlsx                 | 400 | format    | json, csv",
    })
    void bad_parameters_get_a_400_naming_the_accepted_values(String path, int status, String parameter, String accepted) {
        Http.Response response = Http.get(base, path);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.json().get("error").asText()).isEqualTo("invalid_parameter");
        assertThat(response.json().get("parameter").asText()).isEqualTo(parameter);
        assertThat(response.json().get("expected").asText()).contains(accepted == null ? "" : accepted);
        assertThat(response.json().get("message").asText()).contains(parameter);
    }

    @Test
    void an_unknown_metric_is_a_404_listing_the_metrics() {
        Http.Response response = Http.get(base, "api/v1/metrics/mrrr/series");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("message").asText()).startsWith("No metric 'mrrr'. Metrics: mrr, arr,");
        assertThat(texts(response.json().get("accepted"))).containsAll(REQUIRED);
        assertThat(Http.get(base, "api/v1/metrics/mrrr").status()).isEqualTo(404);
    }

    @Test
    void csv_exports_carry_the_same_rows_as_json() {
        JsonNode json = series("mrr", "group_by=currency&grain=quarter");
        Http.Response csv = Http.get(base, "api/v1/metrics/mrr/series?group_by=currency&grain=quarter&format=csv");
        Http.Response accept = Http.get(base, "api/v1/metrics/mrr/series?group_by=currency&grain=quarter",
                TestServers.ANALYST, "Accept", "text/csv");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).isEqualTo("attachment; filename=\"mrr-quarter.csv\"");
        assertThat(accept.body()).isEqualTo(csv.body());
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).isEqualTo("period,currency,value,period_start,period_end,months");
        assertThat(lines).hasSize(json.size() + 1);
        for (int i = 0; i < json.size(); i++) {
            JsonNode r = json.get(i);
            assertThat(lines.get(i + 1)).isEqualTo(String.join(",", r.get("period").asText(), r.get("currency").asText(),
                    r.get("value").decimalValue().toPlainString(), r.get("period_start").asText(),
                    r.get("period_end").asText(), r.get("months").asText()));
        }
        assertThat(csv.body()).contains("\r\n");
    }

    @Test
    void csv_of_every_tabular_endpoint_keeps_negative_amounts_as_numbers() {
        String movements = Http.get(base, "api/v1/mrr/movements?month=2024-03&format=csv").body();
        assertThat(movements.lines().findFirst().orElseThrow()).isEqualTo("customer_id,movement,amount,currency,segment,region,channel,plan");
        assertThat(movements).contains("c-002,churn,-250.55,EUR,mid-market,na,sales").doesNotContain("'-");
        assertThat(Http.get(base, "api/v1/mrr/summary?format=csv").body().lines().count()).isEqualTo(5);
        assertThat(Http.get(base, "api/v1/metrics?format=csv").body()).startsWith("id,name,definition,unit,");
        assertThat(Http.get(base, "api/v1/customers?format=csv").body().lines().count()).isEqualTo(5);
        assertThat(Http.get(base, "health?format=csv").body()).startsWith("table,available,version,rows");
    }

    @Test
    void customers_lists_the_latest_month_largest_mrr_first() {
        JsonNode body = Http.get(base, "api/v1/customers").json();

        assertThat(body.get("month").asText()).isEqualTo("2024-04");
        List<String> ids = new ArrayList<>();
        body.get("rows").forEach(r -> ids.add(r.get("customer_id").asText()));
        assertThat(ids).containsExactly("c-003", "c-002", "c-001", "c-004");
        assertThat(body.get("rows").get(1).get("mrr").decimalValue()).isEqualByComparingTo("300.07");
    }

    @Test
    void customers_are_paged_with_offset_and_limit_in_the_same_order() {
        JsonNode page = Http.get(base, "api/v1/customers?offset=1&limit=2").json();
        assertThat(page.get("total").asInt()).isEqualTo(4);
        assertThat(page.get("offset").asInt()).isEqualTo(1);
        List<String> ids = new ArrayList<>();
        page.get("rows").forEach(r -> ids.add(r.get("customer_id").asText()));
        assertThat(ids).containsExactly("c-002", "c-001");
        assertThat(Http.get(base, "api/v1/customers?offset=9&limit=2").json().get("rows")).isEmpty();
        assertThat(Http.get(base, "api/v1/customers?offset=2&format=csv").body().lines().count()).isEqualTo(3);
        Http.Response bad = Http.get(base, "api/v1/customers?limit=0");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("parameter").asText()).isEqualTo("limit");
        assertThat(Http.get(base, "api/v1/customers?offset=-1").status()).isEqualTo(400);
    }

    // ---- helpers ----

    private static JsonNode series(String metric, String query) {
        Http.Response response = Http.get(base, "api/v1/metrics/" + metric + "/series" + (query.isEmpty() ? "" : "?" + query),
                TestServers.VIEWER);
        assertThat(response.status()).as(metric + " " + query + ": " + response.body()).isEqualTo(200);
        return response.json().get("rows");
    }

    private static void assertSame(String what, JsonNode actual, JsonNode expected) {
        if (expected.isNull()) {
            assertThat(actual.isNull()).as(what + " is null").isTrue();
        } else if (expected.isIntegralNumber() || expected.isBigDecimal() && expected.decimalValue().scale() <= 2) {
            assertThat(actual.decimalValue()).as(what).isEqualByComparingTo(expected.decimalValue());
        } else {
            assertThat(actual.doubleValue()).as(what).isCloseTo(expected.doubleValue(), within(1e-12));
        }
    }

    private static List<BigDecimal> decimals(JsonNode rows, String currency) {
        List<BigDecimal> values = new ArrayList<>();
        rows.forEach(r -> {
            if (currency == null || r.get("currency").asText().equals(currency)) {
                values.add(r.get("value").decimalValue());
            }
        });
        return values;
    }

    private static List<String> periods(JsonNode rows) {
        List<String> values = new ArrayList<>();
        rows.forEach(r -> values.add(r.get("period").asText()));
        return values;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static BigDecimal dec(String text) {
        return new BigDecimal(text);
    }
}
