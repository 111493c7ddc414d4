package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The filtered bridge ({@code /api/v1/mrr/summary?dimension=segment&value=…}) over hand-made
 * gold.mrr_dimension_month rows: c1 (100.00) moves from smb to enterprise in February and expands by 50.00 there;
 * c2 pays 300.00 in enterprise throughout.
 * <pre>
 * segment     month    start  new     expansion entering leaving end
 * smb         2024-01    0.00 100.00   0.00       0.00     0.00  100.00
 * smb         2024-02  100.00   0.00   0.00       0.00  -100.00    0.00
 * enterprise  2024-01    0.00 300.00   0.00       0.00     0.00  300.00
 * enterprise  2024-02  300.00   0.00  50.00     100.00     0.00  450.00
 * </pre>
 */
class SegmentBridgeApiTest {
    private static ApiServer server;
    private static URI base;

    private static Path warehouse;

    /** The shared fixture plus the rows above, written once per test JVM. Do not modify it. */
    static synchronized Path warehouse() {
        if (warehouse == null) {
            Path w = GoldFixture.copyOfShared("segment-bridge");
            GoldFixture.write(w, Tables.MRR_DIMENSION_MONTH, List.of(
                    row("smb", "2024-01", "100.00", 1, Map.of("new", "100.00")),
                    row("smb", "2024-02", "0.00", 0, Map.of("leaving", "-100.00")),
                    row("enterprise", "2024-01", "300.00", 1, Map.of("new", "300.00")),
                    row("enterprise", "2024-02", "450.00", 2, Map.of("expansion", "50.00", "entering", "100.00"))));
            // The same two customers at customer grain, for the metric series.
            GoldFixture.write(w, Tables.MRR_CUSTOMER_MONTH, List.of(
                    customerMonth("2024-01", "c1", "100.00", "smb"), customerMonth("2024-02", "c1", "150.00", "enterprise"),
                    customerMonth("2024-01", "c2", "300.00", "enterprise"),
                    customerMonth("2024-02", "c2", "300.00", "enterprise")));
            GoldFixture.write(w, Tables.MRR_MOVEMENTS, List.of(
                    movement("2024-01", "c1", "new", "100.00", "smb"), movement("2024-01", "c2", "new", "300.00", "enterprise"),
                    movement("2024-02", "c1", "leaving", "-100.00", "smb"),
                    movement("2024-02", "c1", "entering", "100.00", "enterprise"),
                    movement("2024-02", "c1", "expansion", "50.00", "enterprise")));
            warehouse = w;
        }
        return warehouse;
    }

    @BeforeAll
    static void start() {
        server = TestServers.start(warehouse());
        base = URI.create("http://127.0.0.1:" + server.port() + "/");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Map<String, Object> row(String segment, String month, String mrr, long paying, Map<String, String> moves) {
        Map<String, Object> row = new LinkedHashMap<>(Map.of("month", month, "dimension", "segment", "value", segment,
                "mrr", new BigDecimal(mrr), "mrr_constant_currency", new BigDecimal(mrr),
                "arr", new BigDecimal(mrr).multiply(BigDecimal.valueOf(12)), "paying_customers", paying));
        moves.forEach((k, v) -> row.put(k, new BigDecimal(v)));
        return row;
    }

    @Test
    void a_filtered_bridge_has_entering_and_leaving_rows_and_adds_up() {
        JsonNode body = Http.get(base, "api/v1/mrr/summary?dimension=segment&value=enterprise").json();
        JsonNode rows = body.get("rows");
        assertThat(rows).hasSize(2);
        List<String> fields = new ArrayList<>();
        rows.get(0).fieldNames().forEachRemaining(fields::add);
        assertThat(fields).isEqualTo(Tables.MRR_DIMENSION_MONTH.columnNames());
        assertThat(rows.get(1).get("entering").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(rows.get(1).get("leaving").decimalValue()).isEqualByComparingTo("0.00");
        assertThat(rows.get(1).get("expansion").decimalValue()).isEqualByComparingTo("50.00");
        for (String segment : List.of("enterprise", "smb")) {
            BigDecimal start = BigDecimal.ZERO;
            for (JsonNode r : Http.get(base, "api/v1/mrr/summary?dimension=segment&value=" + segment).json()
                    .get("rows")) {
                BigDecimal end = start;
                for (String m : List.of("new", "reactivation", "expansion", "contraction", "churn", "fx", "entering",
                        "leaving")) {
                    end = end.add(r.get(m).decimalValue());
                }
                assertThat(end).as(segment + " " + r.get("month")).isEqualByComparingTo(r.get("mrr").decimalValue());
                start = r.get("mrr").decimalValue();
            }
        }
        JsonNode smb = Http.get(base, "api/v1/mrr/summary?dimension=segment&value=smb&from=2024-02").json()
                .get("rows");
        assertThat(smb).hasSize(1);
        assertThat(smb.get(0).get("leaving").decimalValue()).isEqualByComparingTo("-100.00");
    }

    static Map<String, Object> customerMonth(String month, String customer, String mrr, String segment) {
        return new LinkedHashMap<>(Map.of("month", month, "customer_id", customer, "mrr", new BigDecimal(mrr),
                "mrr_constant_currency", new BigDecimal(mrr), "currency", "USD", "mrr_source_currency",
                new BigDecimal(mrr), "fx_rate", BigDecimal.ONE, "active_items", 1L, "segment", segment, "region", "emea"));
    }

    static Map<String, Object> movement(String month, String customer, String movement, String amount, String segment) {
        return new LinkedHashMap<>(Map.of("month", month, "customer_id", customer, "movement", movement, "amount",
                new BigDecimal(amount), "currency", "USD", "segment", segment, "region", "emea"));
    }

    @Test
    void net_new_mrr_of_a_filtered_series_includes_entering_and_leaving_and_equals_the_mrr_change() {
        assertThat(value("net_new_mrr", "filter=segment:enterprise")).isEqualByComparingTo("150.00");
        assertThat(value("mrr", "filter=segment:enterprise")).isEqualByComparingTo("450.00");
        assertThat(value("net_new_mrr", "filter=segment:smb")).isEqualByComparingTo("-100.00");
        // Only the segment changed: in the region the pair cancels and net new is the expansion.
        assertThat(value("net_new_mrr", "filter=region:emea")).isEqualByComparingTo("50.00");
    }

    private static BigDecimal value(String metric, String query) {
        JsonNode rows = Http.get(base, "api/v1/metrics/" + metric + "/series?from=2024-02&to=2024-02&" + query).json()
                .get("rows");
        assertThat(rows).as(metric + " " + query).hasSize(1);
        return rows.get(0).get("value").decimalValue();
    }

    @Test
    void the_company_bridge_has_no_entering_or_leaving() {
        JsonNode rows = Http.get(base, "api/v1/mrr/summary").json().get("rows");
        assertThat(rows.get(0).has("entering")).isFalse();
        assertThat(rows.get(0).has("leaving")).isFalse();
    }

    @Test
    void an_unknown_value_or_a_value_without_a_dimension_is_a_bad_request() {
        Http.Response unknown = Http.get(base, "api/v1/mrr/summary?dimension=segment&value=nope");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("enterprise", "smb");
        assertThat(Http.get(base, "api/v1/mrr/summary?value=smb").status()).isEqualTo(400);
        assertThat(Http.get(base, "api/v1/mrr/summary?dimension=segment").status()).isEqualTo(400);
        assertThat(Http.get(base, "api/v1/mrr/summary?dimension=planet&value=mars").status()).isEqualTo(400);
    }
}
