package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

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

/** The JSON API over the hand-made gold tables of {@link GoldFixture}, through a real server. */
class MrrApiTest {
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
    void summary_without_a_range_returns_every_month_oldest_first_with_every_catalog_column() {
        Http.Response response = Http.get(base, "api/v1/mrr/summary");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(body.get("from").asText()).isEqualTo("2024-01");
        assertThat(body.get("to").asText()).isEqualTo("2024-04");
        assertThat(body.get("currency").asText()).isEqualTo("USD");
        assertThat(months(body)).containsExactly("2024-01", "2024-02", "2024-03", "2024-04");
        List<String> fields = new ArrayList<>();
        body.get("rows").get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).isEqualTo(io.revlake.catalog.Tables.MRR_SUMMARY.columnNames());
    }

    @Test
    void summary_money_is_exactly_the_stored_cents() {
        Http.Response response = Http.get(base, "api/v1/mrr/summary");
        JsonNode april = response.json().get("rows").get(3);

        assertThat(april.get("mrr").decimalValue()).isEqualByComparingTo("1694.57");
        assertThat(april.get("arr").decimalValue()).isEqualByComparingTo("20334.84");
        assertThat(april.get("mrr_constant_currency").decimalValue()).isEqualByComparingTo("1694.50");
        assertThat(april.get("reactivation").decimalValue()).isEqualByComparingTo("300.00");
        assertThat(april.get("fx").decimalValue()).isEqualByComparingTo("0.07");
        assertThat(april.get("arpa").decimalValue()).isEqualByComparingTo("423.64");
        assertThat(april.get("paying_customers").asLong()).isEqualTo(4);
        // Written with their scale, never through a double: no 1694.5699999 or 1.2345E3.
        assertThat(response.body()).contains("\"mrr\":1694.57", "\"mrr\":1645.10", "\"contraction\":-0.05",
                "\"churn\":-250.55", "\"arr\":19741.20");
        assertThat(response.body()).doesNotContainPattern("\\d{4,}\\.\\d*999999|\\d{4,}\\.\\d*000001|E[+-]?\\d");
    }

    @Test
    void summary_bridge_identity_holds_in_every_month_of_the_response() {
        JsonNode rows = Http.get(base, "api/v1/mrr/summary").json().get("rows");
        BigDecimal previous = BigDecimal.ZERO;
        for (JsonNode row : rows) {
            BigDecimal movements = BigDecimal.ZERO;
            for (String m : List.of("new", "reactivation", "expansion", "contraction", "churn", "fx")) {
                movements = movements.add(row.get(m).decimalValue());
            }
            assertThat(previous.add(movements)).as(row.get("month").asText()).isEqualByComparingTo(row.get("mrr").decimalValue());
            previous = row.get("mrr").decimalValue();
        }
    }

    @Test
    void summary_ratios_are_numbers_and_null_when_undefined() {
        JsonNode rows = Http.get(base, "api/v1/mrr/summary").json().get("rows");

        assertThat(rows.get(0).get("nrr").isNull()).as("no previous month in 2024-01").isTrue();
        assertThat(rows.get(0).get("logo_churn_rate").isNull()).isTrue();
        assertThat(rows.get(1).get("nrr").doubleValue()).isCloseTo(400.60 / 350.65, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(rows.get(2).get("logo_churn_rate").doubleValue()).isEqualTo(0.25);
    }

    @Test
    void summary_with_a_range_returns_only_the_months_inside_it_inclusive() {
        JsonNode body = Http.get(base, "api/v1/mrr/summary?from=2024-02&to=2024-03").json();

        assertThat(body.get("from").asText()).isEqualTo("2024-02");
        assertThat(body.get("to").asText()).isEqualTo("2024-03");
        assertThat(months(body)).containsExactly("2024-02", "2024-03");
    }

    @Test
    void summary_with_one_open_end_and_a_range_outside_the_data() {
        assertThat(months(Http.get(base, "api/v1/mrr/summary?from=2024-03").json())).containsExactly("2024-03", "2024-04");
        assertThat(months(Http.get(base, "api/v1/mrr/summary?to=2024-01").json())).containsExactly("2024-01");
        JsonNode none = Http.get(base, "api/v1/mrr/summary?from=2030-01&to=2030-12").json();
        assertThat(none.get("rows")).isEmpty();
        assertThat(none.get("from").asText()).isEqualTo("2030-01");
        assertThat(Http.get(base, "api/v1/mrr/summary?from=2024-04&to=2024-04").json().get("rows")).hasSize(1);
    }

    @Test
    void movements_of_a_month_are_sorted_by_movement_then_largest_amount_with_totals_per_movement() {
        Http.Response response = Http.get(base, "api/v1/mrr/movements?month=2024-02");

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("month").asText()).isEqualTo("2024-02");
        assertThat(body.get("movement").isNull()).isTrue();
        JsonNode rows = body.get("rows");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("customer_id").asText()).isEqualTo("c-003");
        assertThat(rows.get(0).get("movement").asText()).isEqualTo("new");
        assertThat(rows.get(0).get("amount").decimalValue()).isEqualByComparingTo("1234.50");
        assertThat(rows.get(0).get("segment").asText()).isEqualTo("enterprise");
        assertThat(rows.get(0).get("region").asText()).isEqualTo("apac");
        assertThat(rows.get(0).get("currency").asText()).isEqualTo("USD");
        assertThat(rows.get(1).get("customer_id").asText()).isEqualTo("c-004");
        assertThat(rows.get(1).get("segment").isNull()).as("missing segment is null").isTrue();
        assertThat(rows.get(2).get("movement").asText()).isEqualTo("expansion");
        JsonNode totals = body.get("totals");
        assertThat(iterate(totals.fieldNames()))
                .containsExactly("new", "reactivation", "expansion", "contraction", "churn", "fx");
        assertThat(totals.get("new").decimalValue()).isEqualByComparingTo("1244.50");
        assertThat(totals.get("expansion").decimalValue()).isEqualByComparingTo("49.95");
        assertThat(totals.get("churn").decimalValue()).isEqualByComparingTo("0");
        assertThat(response.body()).contains("\"new\":1244.50");
    }

    @Test
    void movement_totals_match_the_summary_of_the_same_month() {
        JsonNode summary = Http.get(base, "api/v1/mrr/summary").json().get("rows");
        for (JsonNode month : summary) {
            JsonNode totals = Http.get(base, "api/v1/mrr/movements?month=" + month.get("month").asText()).json().get("totals");
            for (String m : List.of("new", "reactivation", "expansion", "contraction", "churn", "fx")) {
                assertThat(totals.get(m).decimalValue()).as(month.get("month").asText() + " " + m)
                        .isEqualByComparingTo(month.get(m).decimalValue());
            }
        }
    }

    @Test
    void movements_filtered_by_movement_return_only_that_movement_and_its_total() {
        JsonNode body = Http.get(base, "api/v1/mrr/movements?month=2024-03&movement=churn").json();

        assertThat(body.get("movement").asText()).isEqualTo("churn");
        assertThat(body.get("rows")).hasSize(1);
        assertThat(body.get("rows").get(0).get("customer_id").asText()).isEqualTo("c-002");
        assertThat(body.get("rows").get(0).get("amount").decimalValue()).isEqualByComparingTo("-250.55");
        assertThat(iterate(body.get("totals").fieldNames())).containsExactly("churn");
        assertThat(body.get("totals").get("churn").decimalValue()).isEqualByComparingTo("-250.55");
    }

    @Test
    void movements_of_a_month_without_any_have_zero_totals_and_no_rows() {
        JsonNode body = Http.get(base, "api/v1/mrr/movements?month=2023-12&movement=fx").json();

        assertThat(body.get("rows")).isEmpty();
        assertThat(body.get("totals").get("fx").decimalValue()).isEqualByComparingTo("0");
    }

    @ParameterizedTest(name = "{0} -> 400 naming {1}")
    @CsvSource(delimiter = '|', value = {
            "api/v1/mrr/summary?from=2024-13               | from     | 2024-13 | invalid_parameter",
            "api/v1/mrr/summary?to=2024-3                  | to       | 2024-3  | invalid_parameter",
            "api/v1/mrr/summary?from=March                 | from     | March   | invalid_parameter",
            "api/v1/mrr/summary?from=2024-01-01            | from     | 2024-01-01 | invalid_parameter",
            "api/v1/mrr/summary?from=2024-05&to=2024-03    | from     | 2024-05 | invalid_parameter",
            "api/v1/mrr/movements                          | month    |         | missing_parameter",
            "api/v1/mrr/movements?month=                   | month    |         | missing_parameter",
            "api/v1/mrr/movements?month=24-01              | month    | 24-01   | invalid_parameter",
            "api/v1/mrr/movements?month=2024-02&movement=upsell | movement | upsell | invalid_parameter",
    })
    void invalid_parameters_get_a_400_naming_the_parameter_value_and_expected_form(
            String path, String parameter, String value, String error) {
        Http.Response response = Http.get(base, path);

        assertThat(response.status()).isEqualTo(400);
        JsonNode body = response.json();
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("parameter").asText()).isEqualTo(parameter);
        if (value != null) {
            assertThat(body.get("value").asText()).isEqualTo(value);
        }
        assertThat(body.get("expected").asText()).isNotBlank();
        assertThat(body.get("message").asText()).contains(parameter);
        assertThat(response.body()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void a_bad_month_says_the_expected_format() {
        JsonNode body = Http.get(base, "api/v1/mrr/summary?from=2024-13").json();

        assertThat(body.get("expected").asText()).isEqualTo("YYYY-MM, e.g. 2024-03");
        assertThat(body.get("message").asText()).isEqualTo("from must be a month written YYYY-MM, e.g. 2024-03; got '2024-13'");
    }

    @Test
    void a_reversed_range_says_which_end_is_wrong() {
        JsonNode body = Http.get(base, "api/v1/mrr/summary?from=2024-05&to=2024-03").json();

        assertThat(body.get("message").asText()).isEqualTo(
                "from 2024-05 is after to 2024-03; the range is inclusive and from must not be after to");
    }

    @Test
    void an_unknown_movement_lists_the_accepted_ones() {
        JsonNode body = Http.get(base, "api/v1/mrr/movements?month=2024-02&movement=upsell").json();

        assertThat(iterate(body.get("accepted").elements()).stream().map(JsonNode::asText))
                .containsExactly("new", "reactivation", "expansion", "contraction", "churn", "fx");
        assertThat(body.get("expected").asText()).isEqualTo("one of new, reactivation, expansion, contraction, churn, fx");
    }

    @Test
    void movement_names_are_accepted_in_any_case() {
        JsonNode body = Http.get(base, "api/v1/mrr/movements?month=2024-04&movement=FX").json();

        assertThat(body.get("movement").asText()).isEqualTo("fx");
        assertThat(body.get("rows")).hasSize(1);
    }

    @Test
    void health_lists_every_gold_table_with_its_version_and_rows() {
        Http.Response response = Http.get(base, "health");

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("status").asText()).isEqualTo("ok");
        JsonNode tables = body.get("tables");
        assertThat(tables.get("mrr_summary").get("version").asLong()).isZero();
        assertThat(tables.get("mrr_summary").get("rows").asInt()).isEqualTo(GoldFixture.summary().size());
        assertThat(tables.get("mrr_movements").get("rows").asInt()).isEqualTo(GoldFixture.movements().size());
        assertThat(tables.get("mrr_customer_month").get("rows").asInt()).isEqualTo(GoldFixture.customerMonths().size());
        assertThat(tables.get("mrr_customer_month").get("available").asBoolean()).isTrue();
    }

    @Test
    void unknown_api_paths_get_a_json_404_listing_the_endpoints() {
        Http.Response response = Http.get(base, "api/v1/mrr/nothing?x=1");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("error").asText()).isEqualTo("not_found");
        assertThat(response.json().get("message").asText()).contains("/api/v1/mrr/summary");
    }

    @Test
    void the_dashboard_and_echarts_are_served_from_the_classpath_with_a_same_origin_policy() {
        Http.Response page = Http.get(base, "");
        Http.Response echarts = Http.get(base, "webjars/echarts/5.3.1/dist/echarts.min.js");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("id=\"mrr-trend\"", "id=\"mrr-bridge\"", "/webjars/echarts/5.3.1/dist/echarts.min.js");
        assertThat(page.body()).doesNotContain("cdn", "https://");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(echarts.status()).isEqualTo(200);
        assertThat(echarts.body()).contains("echarts");
        assertThat(Http.get(base, "app.js").status()).isEqualTo(200);
        assertThat(Http.get(base, "app.css").status()).isEqualTo(200);
    }

    @Test
    void api_responses_are_revalidated_every_time_and_never_shared() {
        assertThat(Http.get(base, "api/v1/mrr/summary").header("Cache-Control")).isEqualTo("private, no-cache");
    }

    private static List<String> months(JsonNode body) {
        List<String> months = new ArrayList<>();
        body.get("rows").forEach(r -> months.add(r.get("month").asText()));
        return months;
    }

    private static <T> List<T> iterate(java.util.Iterator<T> it) {
        List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
