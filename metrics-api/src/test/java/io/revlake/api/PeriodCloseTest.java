package io.revlake.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.revlake.api.close.CloseMain;
import io.revlake.api.close.CloseRefusedException;
import io.revlake.api.close.CloseService;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.spark.SparkSessions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Period close on real Delta tables and a real server. The fixture (see {@link GoldFixture}) is closed at 2024-03 by
 * the admin endpoint; then late data arrives as new versions of the three MRR tables:
 *
 * <p>c-004 (USD) really paid 12.00 from March, not 10.00. Worked by hand:
 * <pre>
 * mrr_customer_month 2024-03 c-004   mrr, mrr_constant_currency, mrr_source_currency  10.00 → 12.00 (+2.00)
 * mrr_movements      2024-03 c-004   expansion                                        (none) → 2.00 (+2.00)
 * mrr_summary        2024-03         mrr, mrr_constant_currency   1394.50 → 1396.50 (+2.00)
 *                                    arr                          16734.00 → 16758.00 (+24.00)
 *                                    expansion                    0.00 → 2.00
 *                                    net_mrr_churn_rate           250.60/1645.10 → 248.60/1645.10 (−2/1645.10)
 *                                    nrr                          1394.50/1645.10 → 1396.50/1645.10 (+2/1645.10)
 *                                    arpa                         464.83 → 465.50 (1396.50 / 3, half-up; +0.67)
 * 2024-04 changes too (c-004 12.00, MRR 1696.57) but is after the closed period, so it is not a restatement of it.
 * </pre>
 */
class PeriodCloseTest {
    private static Path warehouse;
    private static ApiServer server;
    private static URI base;
    private static JsonNode closed;

    @BeforeAll
    static void closeThenLateData() {
        warehouse = GoldFixture.copyOfShared("close");
        server = TestServers.start(warehouse, java.time.Duration.ofHours(1)); // reloads only when told below
        base = URI.create("http://127.0.0.1:" + server.port() + "/");

        Http.Response close = Http.send("POST", base, "api/v1/admin/close?period=2024-03&by=jane&note=Q1%20sign-off",
                TestServers.ADMIN);
        assertThat(close.status()).as(close.body()).isEqualTo(200);
        closed = close.json();

        writeLateData();
        Http.Response reload = Http.send("POST", base, "api/v1/admin/reload", TestServers.ADMIN);
        assertThat(reload.json().get("changed").asBoolean()).isTrue();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void a_close_records_the_version_of_every_gold_table_who_when_and_the_checks_and_spark_reads_it() {
        assertThat(closed.get("period").asText()).isEqualTo("2024-03");
        assertThat(closed.get("closed_by").asText()).isEqualTo("jane (admin token)");
        assertThat(closed.get("note").asText()).isEqualTo("Q1 sign-off");
        List<String> frozen = new ArrayList<>();
        closed.get("versions").fieldNames().forEachRemaining(frozen::add);
        assertThat(frozen).containsExactlyElementsOf(Tables.GOLD.stream().map(TableDef::qualifiedName).toList());
        closed.get("versions").forEach(v -> assertThat(v.asLong()).isZero());
        List<String> checks = new ArrayList<>();
        closed.get("checks").forEach(c -> checks.add(c.get("name").asText() + " " + c.get("status").asText()));
        assertThat(checks).containsExactly("period_in_gold passed", "mrr_bridge passed", "arr_is_12_mrr passed",
                "customer_mrr_sums_to_summary passed", "movements_sum_to_summary passed",
                "deferred_revenue_roll_forward skipped", "rpo_identity skipped");

        // The row is in a plain Delta table any engine reads: here Spark, as ./revlake export does.
        List<Row> rows = SparkSessions.shared().read().format("delta")
                .load(Tables.PERIOD_CLOSE.location(warehouse).toString()).collectAsList();
        assertThat(rows).hasSize(1);
        Row row = rows.get(0);
        assertThat(row.getAs("period").toString()).isEqualTo("2024-03");
        assertThat(row.getAs("closed_by").toString()).isEqualTo("jane (admin token)");
        assertThat(row.getAs("versions").toString()).startsWith("{\"gold.mrr_customer_month\":0,");
        assertThat(((java.sql.Timestamp) row.getAs("closed_at")).toInstant())
                .isEqualTo(Instant.parse(closed.get("closed_at").asText()));

        JsonNode list = Http.get(base, "api/v1/close", TestServers.VIEWER).json().get("closes");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("period").asText()).isEqualTo("2024-03");
        assertThat(list.get(0).get("versions").get("gold.mrr_summary").asLong()).isZero();
    }

    @Test
    void as_of_close_answers_every_endpoint_with_the_figures_as_closed_after_late_data() {
        assertThat(summary("2024-03", "").get("mrr").decimalValue()).isEqualByComparingTo("1396.50");
        JsonNode asClosed = summary("2024-03", "&as_of=close:2024-03");
        assertThat(asClosed.get("mrr").decimalValue()).isEqualByComparingTo("1394.50");
        assertThat(asClosed.get("arpa").decimalValue()).isEqualByComparingTo("464.83");

        JsonNode series = ok("api/v1/metrics/mrr/series?from=2024-03&to=2024-04&as_of=close:2024-03");
        assertThat(series.get("versions").get("gold.mrr_summary").asLong()).isZero();
        assertThat(series.get("rows").get(0).get("value").decimalValue()).isEqualByComparingTo("1394.50");
        assertThat(series.get("rows").get(1).get("value").decimalValue()).isEqualByComparingTo("1694.57");
        assertThat(ok("api/v1/metrics/mrr/series?from=2024-03&to=2024-03").get("versions").get("gold.mrr_summary")
                .asLong()).isEqualTo(1);

        assertThat(customerMrr("")).isEqualByComparingTo("12.00");
        assertThat(customerMrr("&as_of=close:2024-03")).isEqualByComparingTo("10.00");
        assertThat(ok("api/v1/mrr/movements?month=2024-03&movement=expansion").get("rows")).hasSize(1);
        assertThat(ok("api/v1/mrr/movements?month=2024-03&movement=expansion&as_of=close:2024-03").get("rows"))
                .isEmpty();
        // Grouped series read mrr_customer_month: frozen too.
        JsonNode usd = ok("api/v1/metrics/mrr/series?from=2024-03&to=2024-03&filter=currency:USD&as_of=close:2024-03");
        assertThat(usd.get("rows").get(0).get("value").decimalValue()).isEqualByComparingTo("1394.50");
    }

    @Test
    void the_restatement_report_lists_exactly_the_changed_figures_of_the_closed_months_with_their_differences() {
        JsonNode report = ok("api/v1/close/2024-03/restatements");

        assertThat(report.get("versions_at_close").get("gold.mrr_summary").asLong()).isZero();
        assertThat(report.get("versions_now").get("gold.mrr_summary").asLong()).isEqualTo(1);
        List<String> lines = new ArrayList<>();
        for (JsonNode r : report.get("rows")) {
            String metric = r.get("metric").asText();
            if (metric.equals("net_mrr_churn_rate") || metric.equals("nrr")) { // doubles: checked below
                lines.add(r.get("table").asText() + " " + r.get("month").asText() + " " + r.get("metric").asText()
                        + " " + r.get("change").asText());
                continue;
            }
            lines.add(String.join(" ", r.get("table").asText(), r.get("month").asText(), r.get("key").asText(),
                    r.get("metric").asText(), text(r.get("value_at_close")), text(r.get("value_now")),
                    text(r.get("difference")), r.get("change").asText()));
        }
        assertThat(lines).containsExactly(
                "gold.mrr_customer_month 2024-03 customer_id=c-004 mrr 10.00 12.00 2.00 changed",
                "gold.mrr_customer_month 2024-03 customer_id=c-004 mrr_constant_currency 10.00 12.00 2.00 changed",
                "gold.mrr_customer_month 2024-03 customer_id=c-004 mrr_source_currency 10.00 12.00 2.00 changed",
                "gold.mrr_movements 2024-03 customer_id=c-004;movement=expansion amount null 2.00 2.00 added",
                "gold.mrr_summary 2024-03  mrr 1394.50 1396.50 2.00 changed",
                "gold.mrr_summary 2024-03  mrr_constant_currency 1394.50 1396.50 2.00 changed",
                "gold.mrr_summary 2024-03  arr 16734.00 16758.00 24.00 changed",
                "gold.mrr_summary 2024-03  expansion 0.00 2.00 2.00 changed",
                "gold.mrr_summary 2024-03 net_mrr_churn_rate changed",
                "gold.mrr_summary 2024-03 nrr changed",
                "gold.mrr_summary 2024-03  arpa 464.83 465.50 0.67 changed");
        assertThat(report.get("restatements").asInt()).isEqualTo(11);
        JsonNode nrr = report.get("rows").get(9);
        assertThat(nrr.get("value_at_close").doubleValue()).isCloseTo(1394.50 / 1645.10, within(1e-12));
        assertThat(nrr.get("value_now").doubleValue()).isCloseTo(1396.50 / 1645.10, within(1e-12));
        assertThat(nrr.get("difference").doubleValue()).isCloseTo(2.00 / 1645.10, within(1e-12));
        assertThat(report.get("rows").get(8).get("difference").doubleValue()).isCloseTo(-2.00 / 1645.10, within(1e-12));

        Http.Response csv = Http.get(base, "api/v1/close/2024-03/restatements?format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().lines().toList()).hasSize(12)
                .startsWith("table,month,key,metric,value_at_close,value_now,difference,change")
                .contains("gold.mrr_movements,2024-03,customer_id=c-004;movement=expansion,amount,,2.00,2.00,added");
    }

    @Test
    void export_version_close_writes_the_table_as_the_close_froze_it() throws Exception {
        org.apache.spark.sql.SparkSession spark = SparkSessions.shared();
        Long version = io.revlake.transform.Exporter.resolveVersion(spark, Tables.MRR_SUMMARY, warehouse.toString(),
                "close:2024-03");
        assertThat(version).isZero();
        Path out = warehouse.resolve("mrr_summary-close.csv");
        io.revlake.transform.Exporter.export(spark, Tables.MRR_SUMMARY, warehouse.toString(), version, out);
        assertThat(Files.readAllLines(out)).anySatisfy(l -> assertThat(l).startsWith("2024-03,1394.50,"));
        Path latest = warehouse.resolve("mrr_summary-latest.csv");
        io.revlake.transform.Exporter.export(spark, Tables.MRR_SUMMARY, warehouse.toString(), null, latest);
        assertThat(Files.readAllLines(latest)).anySatisfy(l -> assertThat(l).startsWith("2024-03,1396.50,"));

        assertThatThrownBy(() -> io.revlake.transform.Exporter.resolveVersion(spark, Tables.MRR_SUMMARY,
                warehouse.toString(), "close:2024-02"))
                .hasMessage("--version close:2024-02: 2024-02 is not closed; closed periods: 2024-03");
        assertThatThrownBy(() -> io.revlake.transform.Exporter.resolveVersion(spark, Tables.TRANSFORM_RUNS,
                warehouse.toString(), "close:2024-03"))
                .hasMessageStartingWith("--version close:2024-03: the close of 2024-03 froze no version of"
                        + " ops.transform_runs; it froze gold.mrr_customer_month, gold.mrr_movements,");
    }

    @Test
    void closing_a_closed_period_again_is_refused_and_nothing_is_written() {
        Http.Response again = Http.send("POST", base, "api/v1/admin/close?period=2024-03&by=bob", TestServers.ADMIN);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").asText()).isEqualTo("period_already_closed");
        assertThat(again.json().get("message").asText()).startsWith("2024-03 is already closed (by jane (admin token)"
                + " at " + closed.get("closed_at").asText() + "); a period closes once.");
        assertThat(Http.get(base, "api/v1/close", TestServers.VIEWER).json().get("closes")).hasSize(1);
    }

    @Test
    void an_unclosed_or_malformed_period_is_refused_naming_the_closed_periods() {
        Http.Response open = Http.get(base, "api/v1/mrr/summary?as_of=close:2024-02");
        assertThat(open.status()).isEqualTo(404);
        assertThat(open.json().get("error").asText()).isEqualTo("period_not_closed");
        assertThat(open.json().get("parameter").asText()).isEqualTo("as_of");
        assertThat(open.json().get("accepted")).containsExactly(Http.JSON.getNodeFactory().textNode("close:2024-03"));
        assertThat(open.json().get("message").asText())
                .isEqualTo("2024-02 is not a closed period; closed periods: 2024-03 (GET /api/v1/close lists them)");

        Http.Response bad = Http.get(base, "api/v1/mrr/summary?as_of=close:2024-13");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("expected").asText()).isEqualTo("close:YYYY-MM, e.g. close:2024-03");

        Http.Response report = Http.get(base, "api/v1/close/2024-02/restatements");
        assertThat(report.status()).isEqualTo(404);
        assertThat(report.json().get("accepted")).containsExactly(Http.JSON.getNodeFactory().textNode("2024-03"));

        Http.Response viewer = Http.send("POST", base, "api/v1/admin/close?period=2024-04", TestServers.ANALYST);
        assertThat(viewer.status()).isEqualTo(403);
    }

    @Test
    void a_close_is_refused_while_an_identity_fails_and_every_failure_is_named() {
        Path broken = GoldFixture.copyOfShared("close-broken");
        // February's MRR typed over (ARR kept at 12 x): the bridge breaks twice and the customers no longer add up.
        List<Map<String, Object>> summary = new ArrayList<>(GoldFixture.summary());
        Map<String, Object> february = new LinkedHashMap<>(summary.get(1));
        february.put("mrr", new BigDecimal("1645.00"));
        february.put("arr", new BigDecimal("19740.00"));
        summary.set(1, february);
        GoldFixture.write(broken, Tables.MRR_SUMMARY, summary);
        // A deferred revenue month that does not roll: 0 + 1000.00 − 100.00 is 900.00, not 800.00.
        Map<String, Object> deferred = new LinkedHashMap<>();
        deferred.put("month", "2024-01");
        deferred.put("currency", "USD");
        deferred.put("billings", new BigDecimal("1000.00"));
        deferred.put("recognized", new BigDecimal("100.00"));
        deferred.put("closing", new BigDecimal("800.00"));
        GoldFixture.write(broken, Tables.DEFERRED_REVENUE, List.of(deferred));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CloseMain.execute(new String[] {"2024-03", "--warehouse", broken.toString(), "--by", "jane"},
                new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(code).isEqualTo(3);
        assertThat(out.toString().lines().toList()).containsExactly(
                "  FAILED mrr_bridge: 2024-02: start 350.65 + new 1244.50 + reactivation 0.00 + expansion 49.95"
                        + " + contraction 0.00 + churn 0.00 + fx 0.00 = 1645.10 but mrr is 1645.00",
                "  FAILED mrr_bridge: 2024-03: start 1645.00 + new 0.00 + reactivation 0.00 + expansion 0.00"
                        + " + contraction -0.05 + churn -250.55 + fx 0.00 = 1394.40 but mrr is 1394.50",
                "  FAILED customer_mrr_sums_to_summary: 2024-02: gold.mrr_customer_month sums to 1645.10 but"
                        + " gold.mrr_summary.mrr is 1645.00",
                "  FAILED deferred_revenue_roll_forward: 2024-01 USD: opening 0.00 - opening_unbilled 0.00 + billings"
                        + " 1000.00 - recognized 100.00 = 900.00 but closing 800.00 - closing_unbilled 0.00 = 800.00");
        assertThat(err.toString()).isEqualTo("revlake close: cannot close 2024-03: 4 failures in 3 accounting"
                + " identities on the gold tables (mrr_bridge, customer_mrr_sums_to_summary, deferred_revenue_roll_forward); fix"
                + " the data and run ./revlake transform, then close again\n");
        assertThat(Files.exists(Tables.PERIOD_CLOSE.location(broken))).as("nothing recorded").isFalse();
    }

    @Test
    void a_customer_moving_segment_does_not_stop_a_close_but_an_unpaired_move_does() {
        // March: c-003 moves from enterprise to mid-market while paying 1234.50, a leaving/entering pair that the
        // company bridge (gold.mrr_summary) does not show.
        Path moved = GoldFixture.copyOfShared("close-moved");
        List<Map<String, Object>> movements = new ArrayList<>(GoldFixture.movements());
        movements.add(GoldFixture.movement("2024-03", "c-003", "leaving", "-1234.50", "USD", "enterprise", "apac",
                "partner"));
        movements.add(GoldFixture.movement("2024-03", "c-003", "entering", "1234.50", "USD", "mid-market", "apac",
                "partner"));
        GoldFixture.write(moved, Tables.MRR_MOVEMENTS, movements);

        assertThat(new CloseService(moved.toString()).close(YearMonth.of(2024, 3), "jane", null).checks())
                .allSatisfy(c -> assertThat(c.status()).as(c.name()).isIn("passed", "skipped"));

        // The same month with only half of the pair: the move no longer nets to zero.
        Path unpaired = GoldFixture.copyOfShared("close-unpaired");
        List<Map<String, Object>> half = new ArrayList<>(GoldFixture.movements());
        half.add(GoldFixture.movement("2024-03", "c-003", "entering", "1234.50", "USD", "mid-market", "apac",
                "partner"));
        GoldFixture.write(unpaired, Tables.MRR_MOVEMENTS, half);
        assertThatThrownBy(() -> new CloseService(unpaired.toString()).close(YearMonth.of(2024, 3), "jane", null))
                .isInstanceOfSatisfying(CloseRefusedException.class, e -> assertThat(e.failures()).containsExactly(
                        "movements_sum_to_summary: 2024-03: entering and leaving movements sum to 1234.50 but each"
                                + " move takes the same mrr out of one value and into another, so they sum to 0.00"));
    }

    @Test
    void a_month_that_has_not_ended_or_that_the_gold_tables_do_not_reach_cannot_be_closed() {
        Path copy = GoldFixture.copyOfShared("close-early");
        Clock march20 = Clock.fixed(Instant.parse("2024-03-20T10:00:00Z"), ZoneOffset.UTC);
        CloseService early = new CloseService(DefaultEngine.create(new Configuration()), copy.toString(), march20);
        assertThatThrownBy(() -> early.close(YearMonth.of(2024, 3), "jane", null))
                .isInstanceOf(CloseRefusedException.class)
                .hasMessage("cannot close 2024-03: the month has not ended (today is 2024-03-20 UTC); close it from"
                        + " 2024-04-01 on");

        CloseService service = new CloseService(copy.toString());
        assertThatThrownBy(() -> service.close(YearMonth.of(2024, 6), "jane", null))
                .isInstanceOfSatisfying(CloseRefusedException.class, e -> assertThat(e.failures()).containsExactly(
                        "period_in_gold: gold.mrr_summary has no row for 2024-06 (its months run from 2024-01 to"
                                + " 2024-04); run ./revlake transform --as-of 2024-06-30 (or later) first"));
        assertThat(service.closes()).isEmpty();
    }

    @Test
    void the_command_line_closes_lists_and_refuses_a_second_close() {
        Path copy = GoldFixture.copyOfShared("close-cli");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int code = CloseMain.execute(new String[] {"2024-02", "--warehouse", copy.toString(), "--by", "jane",
                "--note", "Feb"}, new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("Closed 2024-02 (by jane at ")
                .contains("  passed  mrr_bridge", "  gold.mrr_summary                   v0");
        out.getBuffer().setLength(0);
        assertThat(CloseMain.execute(new String[] {"--list", "--warehouse", copy.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true))).isZero();
        assertThat(out.toString()).startsWith("2024-02  closed ").endsWith(" by jane  (Feb)\n");
        assertThat(CloseMain.execute(new String[] {"2024-02", "--warehouse", copy.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true))).isEqualTo(3);
        assertThat(err.toString()).startsWith("revlake close: 2024-02 is already closed (by jane at ");
        assertThat(CloseMain.execute(new String[] {"2024-2", "--warehouse", copy.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true))).isEqualTo(2);
    }

    // ---- helpers ----

    /** Late data: c-004 pays 12.00 from March (see the class comment). */
    private static void writeLateData() {
        List<Map<String, Object>> customers = new ArrayList<>();
        for (Map<String, Object> row : GoldFixture.customerMonths()) {
            Map<String, Object> r = new LinkedHashMap<>(row);
            if (r.get("customer_id").equals("c-004") && r.get("month").toString().compareTo("2024-03") >= 0) {
                r.put("mrr", new BigDecimal("12.00"));
                r.put("mrr_constant_currency", new BigDecimal("12.00"));
                r.put("mrr_source_currency", new BigDecimal("12.00"));
            }
            customers.add(r);
        }
        GoldFixture.write(warehouse, Tables.MRR_CUSTOMER_MONTH, customers);

        List<Map<String, Object>> movements = new ArrayList<>(GoldFixture.movements());
        Map<String, Object> expansion = new LinkedHashMap<>();
        expansion.put("month", "2024-03");
        expansion.put("customer_id", "c-004");
        expansion.put("movement", "expansion");
        expansion.put("amount", new BigDecimal("2.00"));
        expansion.put("currency", "USD");
        movements.add(expansion);
        GoldFixture.write(warehouse, Tables.MRR_MOVEMENTS, movements);

        List<Map<String, Object>> summary = new ArrayList<>(GoldFixture.summary());
        Map<String, Object> march = new LinkedHashMap<>(summary.get(2));
        march.put("mrr", new BigDecimal("1396.50"));
        march.put("mrr_constant_currency", new BigDecimal("1396.50"));
        march.put("arr", new BigDecimal("16758.00"));
        march.put("expansion", new BigDecimal("2.00"));
        march.put("net_mrr_churn_rate", ratio("248.60", "1645.10"));
        march.put("nrr", ratio("1396.50", "1645.10"));
        march.put("arpa", new BigDecimal("465.50"));
        summary.set(2, march);
        Map<String, Object> april = new LinkedHashMap<>(summary.get(3));
        april.put("mrr", new BigDecimal("1696.57"));
        april.put("mrr_constant_currency", new BigDecimal("1696.50"));
        april.put("arr", new BigDecimal("20358.84"));
        april.put("arpa", new BigDecimal("1696.57").divide(BigDecimal.valueOf(4), 2, RoundingMode.HALF_UP));
        summary.set(3, april);
        GoldFixture.write(warehouse, Tables.MRR_SUMMARY, summary);
    }

    private static double ratio(String numerator, String denominator) {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), 17, RoundingMode.HALF_EVEN).doubleValue();
    }

    private static JsonNode ok(String path) {
        Http.Response response = Http.get(base, path);
        assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
        return response.json();
    }

    private static JsonNode summary(String month, String extra) {
        JsonNode rows = ok("api/v1/mrr/summary?from=" + month + "&to=" + month + extra).get("rows");
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static BigDecimal customerMrr(String extra) {
        for (JsonNode r : ok("api/v1/customers?month=2024-03" + extra).get("rows")) {
            if (r.get("customer_id").asText().equals("c-004")) {
                return r.get("mrr").decimalValue();
            }
        }
        throw new AssertionError("c-004 is not a customer of 2024-03");
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "null" : value.isBigDecimal() ? value.decimalValue().toPlainString()
                : value.asText();
    }
}
