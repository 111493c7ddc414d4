package io.revlake.transform.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.Column;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSchemas;
import io.revlake.spark.SparkSessions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FinanceJob on a small hand-made set of silver tables (three customers, USD and EUR) written with DeltaTables into a
 * temporary warehouse, as of 2024-05-15. The job runs once; the tests read what it wrote.
 *
 * <pre>
 * C1 (USD) contract CT1 1,000.00: licence SSP 700 (delivered 01-15), implementation SSP 200 (ratable Jan–Mar),
 *          support SSP 300 (ratable over 2024). INV1 2024-01-01 1,000.00 due 01-31; 400.00 paid 02-15.
 * C2 (EUR) no contract: INV2 2024-01-10 subscription 1,200.00 for 01-10..2025-01-10 + 240.00 tax, paid 01-20;
 *          credit note 120.00 (100.00 ex tax) on 03-16.
 * C3 (USD) no contract: monthly 100.00 invoices for February to May (due on the 15th); 100.00 paid 01-25, before
 *          February's invoice; March unpaid; April paid 04-10; May open; 25.00 paid without an invoice 04-20;
 *          a void invoice in March.
 * EUR→USD: 1.10 (01-01), 1.08 (01-31), 1.09 (02-29), 1.07 (03-31), 1.10 (04-30), 1.12 (05-10).
 * </pre>
 */
class FinanceJobTest {
    static final LocalDate AS_OF = LocalDate.of(2024, 5, 15);
    static SparkSession spark;
    @TempDir
    static Path tmp;
    static String warehouse;
    static FinanceJob.Output output;
    static final List<String> log = new ArrayList<>();

    static Map<String, Object> r(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Date d(String v) {
        return Date.valueOf(v);
    }

    static BigDecimal m(String v) {
        return new BigDecimal(v);
    }

    /** Writes silver rows given by column name; lineage columns are filled in. */
    static void silver(CanonicalEntity entity, List<Map<String, Object>> rows) {
        TableDef t = Tables.silver(entity);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> values = new HashMap<>(rows.get(i));
            values.put("_source", "test");
            values.put("_source_file", entity.fileName());
            values.put("_source_row", (long) i + 1);
            values.put("_batch_id", "b1");
            values.put("_ingested_at", Timestamp.valueOf("2024-05-15 00:00:00"));
            values.put("_file_hash", "h");
            values.put("_row_hash", "r" + i);
            out.add(RowFactory.create(t.columns().stream().map(Column::name).map(values::get).toArray()));
        }
        DeltaTables.overwrite(spark.createDataFrame(out, SparkSchemas.schema(t)), t, warehouse);
    }

    static Map<String, Object> invoice(String id, String customer, String date, String due, String currency,
                                       String subtotal, String tax, String total, String status) {
        return r("invoice_id", id, "customer_id", customer, "invoice_date", d(date), "due_date", d(due), "currency",
                currency, "subtotal", m(subtotal), "tax", m(tax), "total", m(total), "status", status);
    }

    static Map<String, Object> line(String id, String invoice, String type, String amount, String start, String end,
                                    String obligation) {
        return r("line_id", id, "invoice_id", invoice, "line_type", type, "amount", m(amount), "service_start",
                start == null ? null : d(start), "service_end", end == null ? null : d(end), "obligation_id", obligation);
    }

    static Map<String, Object> payment(String id, String customer, String invoice, String date, String amount,
                                       String currency) {
        return r("payment_id", id, "customer_id", customer, "invoice_id", invoice, "payment_date", d(date), "amount",
                m(amount), "currency", currency);
    }

    @BeforeAll
    static void runJob() {
        spark = SparkSessions.shared();
        warehouse = tmp.resolve("warehouse").toString();
        silver(CanonicalEntity.FX_RATES, List.of(
                r("date", d("2024-01-01"), "currency", "EUR", "rate_to_reporting", m("1.10")),
                r("date", d("2024-01-31"), "currency", "EUR", "rate_to_reporting", m("1.08")),
                r("date", d("2024-02-29"), "currency", "EUR", "rate_to_reporting", m("1.09")),
                r("date", d("2024-03-31"), "currency", "EUR", "rate_to_reporting", m("1.07")),
                r("date", d("2024-04-30"), "currency", "EUR", "rate_to_reporting", m("1.10")),
                r("date", d("2024-05-10"), "currency", "EUR", "rate_to_reporting", m("1.12"))));
        silver(CanonicalEntity.CONTRACTS, List.of(r("contract_id", "CT1", "customer_id", "C1", "signed_date",
                d("2024-01-01"), "start_date", d("2024-01-01"), "end_date", d("2025-01-01"), "currency", "USD",
                "transaction_price", m("1000.00"))));
        silver(CanonicalEntity.OBLIGATIONS, List.of(
                r("obligation_id", "OB-LIC", "contract_id", "CT1", "method", "point_in_time", "ssp", m("700"),
                        "delivery_date", d("2024-01-15")),
                r("obligation_id", "OB-IMP", "contract_id", "CT1", "method", "ratable", "ssp", m("200"),
                        "start_date", d("2024-01-01"), "end_date", d("2024-04-01")),
                r("obligation_id", "OB-SUP", "contract_id", "CT1", "method", "ratable", "ssp", m("300"))));
        silver(CanonicalEntity.INVOICES, List.of(
                invoice("INV1", "C1", "2024-01-01", "2024-01-31", "USD", "1000.00", "0", "1000.00", "open"),
                invoice("INV2", "C2", "2024-01-10", "2024-02-09", "EUR", "1200.00", "240.00", "1440.00", "paid"),
                invoice("INV31", "C3", "2024-02-01", "2024-02-15", "USD", "100.00", "0", "100.00", "paid"),
                invoice("INV32", "C3", "2024-03-01", "2024-03-15", "USD", "100.00", "0", "100.00", "open"),
                invoice("INV35", "C3", "2024-03-05", "2024-04-04", "USD", "100.00", "0", "100.00", "void"),
                invoice("INV33", "C3", "2024-04-01", "2024-04-15", "USD", "100.00", "0", "100.00", "paid"),
                invoice("INV34", "C3", "2024-05-01", "2024-05-15", "USD", "100.00", "0", "100.00", "open"),
                invoice("INV36", "C3", "2024-06-01", "2024-06-15", "USD", "100.00", "0", "100.00", "open")));
        silver(CanonicalEntity.INVOICE_LINES, List.of(
                line("L1", "INV1", "one_time", "600.00", null, null, "OB-LIC"),
                line("L2", "INV1", "services", "150.00", "2024-01-01", "2024-04-01", "OB-IMP"),
                line("L3", "INV1", "subscription", "250.00", "2024-01-01", "2025-01-01", "OB-SUP"),
                line("L21", "INV2", "subscription", "1200.00", "2024-01-10", "2025-01-10", null),
                line("L31", "INV31", "subscription", "100.00", "2024-02-01", "2024-03-01", null),
                line("L32", "INV32", "subscription", "100.00", "2024-03-01", "2024-04-01", null),
                line("L35", "INV35", "subscription", "100.00", "2024-03-01", "2024-04-01", null),
                line("L33", "INV33", "subscription", "100.00", "2024-04-01", "2024-05-01", null),
                line("L34", "INV34", "subscription", "100.00", "2024-05-01", "2024-06-01", null),
                line("L36", "INV36", "subscription", "100.00", "2024-06-01", "2024-07-01", null)));
        silver(CanonicalEntity.PAYMENTS, List.of(
                payment("P1", "C1", "INV1", "2024-02-15", "400.00", "USD"),
                payment("P21", "C2", "INV2", "2024-01-20", "1440.00", "EUR"),
                payment("P31", "C3", "INV31", "2024-01-25", "100.00", "USD"),
                payment("P33", "C3", "INV33", "2024-04-10", "100.00", "USD"),
                payment("P39", "C3", null, "2024-04-20", "25.00", "USD")));
        silver(CanonicalEntity.CREDIT_NOTES, List.of(r("credit_note_id", "CN21", "invoice_id", "INV2", "issue_date",
                d("2024-03-16"), "amount", m("120.00"), "currency", "EUR")));
        output = new FinanceJob(spark, warehouse, log::add).run(AS_OF, "USD");
    }

    static List<Row> read(TableDef t) {
        return DeltaTables.read(spark, t, warehouse).collectAsList();
    }

    // ---- an independent computation of revenue, day by day ----

    /** A ratable price over [start, end) with prospective credits, rounded per month, residue in the last month. */
    static Map<YearMonth, BigDecimal> dayByDay(BigDecimal price, LocalDate start, LocalDate end,
                                               Map<LocalDate, BigDecimal> credits) {
        Map<YearMonth, BigDecimal> out = new TreeMap<>();
        BigDecimal amount = price;
        LocalDate segStart = start;
        Map<YearMonth, Integer> days = new LinkedHashMap<>();
        for (LocalDate day = start; day.isBefore(end); day = day.plusDays(1)) {
            if (credits.containsKey(day)) {
                long length = ChronoUnit.DAYS.between(segStart, end);
                BigDecimal recognised = BigDecimal.ZERO;
                for (var e : days.entrySet()) {
                    BigDecimal cell = amount.multiply(BigDecimal.valueOf(e.getValue()))
                            .divide(BigDecimal.valueOf(length), 2, RoundingMode.HALF_UP);
                    out.merge(e.getKey(), cell, BigDecimal::add);
                    recognised = recognised.add(cell);
                }
                amount = amount.subtract(recognised).subtract(credits.get(day));
                segStart = day;
                days.clear();
            }
            days.merge(YearMonth.from(day), 1, Integer::sum);
        }
        long length = ChronoUnit.DAYS.between(segStart, end);
        BigDecimal recognised = BigDecimal.ZERO;
        List<YearMonth> months = new ArrayList<>(days.keySet());
        for (int i = 0; i < months.size(); i++) {
            BigDecimal cell = i == months.size() - 1 ? amount.subtract(recognised)
                    : amount.multiply(BigDecimal.valueOf(days.get(months.get(i))))
                    .divide(BigDecimal.valueOf(length), 2, RoundingMode.HALF_UP);
            out.merge(months.get(i), cell, BigDecimal::add);
            recognised = recognised.add(cell);
        }
        return out;
    }

    static Map<String, BigDecimal> expectedRevenue() {
        Map<String, BigDecimal> byMonthCurrency = new TreeMap<>();
        java.util.function.BiConsumer<String, Map<YearMonth, BigDecimal>> add = (currency, cells) ->
                cells.forEach((month, v) -> byMonthCurrency.merge(month + " " + currency, v, BigDecimal::add));
        // CT1: allocation 583.33 / 166.67 / 250.00 (1,000 × 700, 200, 300 of 1,200; the cent to implementation)
        add.accept("USD", Map.of(YearMonth.of(2024, 1), m("583.33")));
        add.accept("USD", dayByDay(m("166.67"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 4, 1), Map.of()));
        add.accept("USD", dayByDay(m("250.00"), LocalDate.of(2024, 1, 1), LocalDate.of(2025, 1, 1), Map.of()));
        // INV2: 1,200.00 from 01-10, less the 100.00 credit (120 × 1,200 / 1,440) from 03-16
        add.accept("EUR", dayByDay(m("1200.00"), LocalDate.of(2024, 1, 10), LocalDate.of(2025, 1, 10),
                Map.of(LocalDate.of(2024, 3, 16), m("100.00"))));
        // C3: a month of service per invoice, February to May (the void one excluded; June's is after the as-of date)
        for (int month = 2; month <= 5; month++) {
            add.accept("USD", Map.of(YearMonth.of(2024, month), m("100.00")));
        }
        return byMonthCurrency;
    }

    @Test
    void every_finance_table_is_written() {
        assertThat(output.unavailable()).isEmpty();
        assertThat(output.rowCounts()).containsOnlyKeys(Tables.FINANCE.stream().map(TableDef::qualifiedName).toList());
        assertThat(output.rowCounts().get(Tables.OVERDUE_INVOICES.qualifiedName())).isEqualTo(2L);
        assertThat(output.policy()).containsEntry("waterfall_rows", "billing").containsEntry("aging_bucket_edges",
                "0,30,60,90,120");
    }

    @Test
    void recognised_revenue_per_month_equals_a_day_by_day_computation() {
        // January USD: licence 583.33 + implementation 56.78 + support 21.17 = 661.28 (see RevenueEngineTest)
        Map<String, BigDecimal> expected = expectedRevenue();
        assertThat(expected.get("2024-01 USD")).isEqualByComparingTo("661.28");
        Map<String, BigDecimal> actual = new TreeMap<>();
        for (Row r : read(Tables.REVENUE_SCHEDULE)) {
            actual.merge(r.getAs("month") + " " + r.getAs("currency"), r.getAs("recognized"), BigDecimal::add);
        }
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> assertThat(actual.get(k)).as(k).isEqualByComparingTo(v));
        // and the roll-forward recognises exactly the schedule, month by month, up to the as-of month
        for (Row r : read(Tables.DEFERRED_REVENUE)) {
            String k = r.getAs("month") + " " + r.getAs("currency");
            assertThat(r.<BigDecimal>getAs("recognized")).as(k).isEqualByComparingTo(expected.getOrDefault(k,
                    BigDecimal.ZERO));
        }
    }

    @Test
    void aging_buckets_sum_to_the_open_ar_at_every_month_end() {
        // open AR by hand (USD): 01-31 INV1 1,000; 02-29 INV1 600; 03-31 INV1 600 + INV32 100;
        // 04-30 the same 700; 05-15 + INV34 100 = 800. C2's EUR invoice is paid from 01-20.
        Map<LocalDate, BigDecimal> expected = Map.of(LocalDate.of(2024, 1, 31), m("1000.00"),
                LocalDate.of(2024, 2, 29), m("600.00"), LocalDate.of(2024, 3, 31), m("700.00"),
                LocalDate.of(2024, 4, 30), m("700.00"), AS_OF, m("800.00"));
        Map<LocalDate, BigDecimal> aged = new TreeMap<>();
        for (Row r : read(Tables.AR_AGING)) {
            assertThat(r.<String>getAs("currency")).isEqualTo("USD");
            aged.merge(r.<Date>getAs("as_of").toLocalDate(), r.getAs("open_amount"), BigDecimal::add);
        }
        assertThat(aged).hasSameSizeAs(expected);
        expected.forEach((date, v) -> assertThat(aged.get(date)).as(date.toString()).isEqualByComparingTo(v));
        // buckets at the as-of date: INV1 105 days past due, INV32 61, INV34 due today
        Map<String, String> buckets = new TreeMap<>();
        read(Tables.AR_AGING).stream().filter(r -> r.<Date>getAs("as_of").toLocalDate().equals(AS_OF))
                .forEach(r -> buckets.put(r.getAs("invoice_id"), r.getAs("bucket")));
        assertThat(buckets).containsExactlyEntriesOf(new TreeMap<>(Map.of("INV1", "91-120", "INV32", "61-90",
                "INV34", "current")));
        // dso_month carries the same AR, in USD
        Map<String, Row> dso = new TreeMap<>();
        read(Tables.DSO_MONTH).forEach(r -> dso.put(r.getAs("month"), r));
        assertThat(dso).containsOnlyKeys("2024-01", "2024-02", "2024-03", "2024-04", "2024-05");
        Row may = dso.get("2024-05");
        assertThat(may.<BigDecimal>getAs("ar_end")).isEqualByComparingTo("800.00");
        assertThat(may.<Long>getAs("days")).isEqualTo(15L);
        // simple: 800 / 100 × 15 = 120; countback: May 100 (15 d), April 100 (30 d), March 100 (31 d; the void
        // invoice excluded), February 100 (29 d) leave 400 of January's 1,000 + 1,440 EUR × 1.12 = 2,612.80 (31 d)
        assertThat(may.<Double>getAs("dso_simple")).isEqualTo(120.0);
        assertThat(may.<Double>getAs("dso_countback")).isCloseTo(105 + 400 * 31 / 2612.80, within(1e-9));
    }

    @Test
    void unapplied_cash_and_the_overdue_list_are_kept_apart_from_ar() {
        Map<String, Row> unapplied = new TreeMap<>();
        read(Tables.UNAPPLIED_CASH).stream().filter(r -> r.<Date>getAs("as_of").toLocalDate().equals(AS_OF))
                .forEach(r -> unapplied.put(r.getAs("customer_id") + " " + r.getAs("currency"), r));
        // C2 holds the 120.00 EUR credit note as cash beyond what it owes (× 1.12 = 134.40); C3 paid 25.00 unapplied
        assertThat(unapplied).containsOnlyKeys("C2 EUR", "C3 USD");
        assertThat(unapplied.get("C2 EUR").<BigDecimal>getAs("unapplied_amount")).isEqualByComparingTo("120.00");
        assertThat(unapplied.get("C2 EUR").<BigDecimal>getAs("unapplied_amount_reporting")).isEqualByComparingTo("134.40");
        assertThat(unapplied.get("C3 USD").<BigDecimal>getAs("unapplied_amount")).isEqualByComparingTo("25.00");
        // C3's February payment arrived before its invoice: unapplied at the end of January
        assertThat(read(Tables.UNAPPLIED_CASH)).anySatisfy(r -> {
            assertThat(r.<Date>getAs("as_of").toLocalDate()).isEqualTo(LocalDate.of(2024, 1, 31));
            assertThat(r.<String>getAs("customer_id")).isEqualTo("C3");
            assertThat(r.<BigDecimal>getAs("unapplied_amount")).isEqualByComparingTo("100.00");
        });
        assertThat(read(Tables.OVERDUE_INVOICES)).extracting(r -> r.getAs("invoice_id") + " " + r.getAs("days_past_due"))
                .containsExactly("INV1 105", "INV32 61");
    }

    @Test
    void the_roll_forward_ties_and_rpo_is_deferred_less_unbilled_plus_backlog_at_every_month_end() {
        Map<String, List<Row>> byCurrency = new TreeMap<>();
        read(Tables.DEFERRED_REVENUE).stream().sorted(java.util.Comparator.comparing(r -> r.<String>getAs("month")))
                .forEach(r -> byCurrency.computeIfAbsent(r.getAs("currency"), c -> new ArrayList<>()).add(r));
        assertThat(byCurrency).containsOnlyKeys("EUR", "USD");
        Map<String, Row> deferredByKey = new TreeMap<>();
        byCurrency.forEach((currency, rows) -> {
            BigDecimal previous = BigDecimal.ZERO;
            BigDecimal previousUnbilled = BigDecimal.ZERO;
            for (Row r : rows) {
                String k = r.getAs("month") + " " + currency;
                deferredByKey.put(k, r);
                assertThat(r.<BigDecimal>getAs("opening")).as(k).isEqualByComparingTo(previous);
                assertThat(r.<BigDecimal>getAs("opening_unbilled")).as(k).isEqualByComparingTo(previousUnbilled);
                BigDecimal lhs = r.<BigDecimal>getAs("closing").subtract(r.getAs("closing_unbilled"));
                BigDecimal rhs = r.<BigDecimal>getAs("opening").subtract(r.getAs("opening_unbilled"))
                        .add(r.getAs("billings")).subtract(r.getAs("recognized"));
                assertThat(lhs).as(k).isEqualByComparingTo(rhs);
                previous = r.getAs("closing");
                previousUnbilled = r.getAs("closing_unbilled");
            }
            assertThat(rows.get(rows.size() - 1).<String>getAs("month")).isEqualTo("2024-05");
        });
        // EUR in March: billings −100.00 (the credit note ex tax)
        assertThat(deferredByKey.get("2024-03 EUR").<BigDecimal>getAs("billings")).isEqualByComparingTo("-100.00");
        for (Row r : read(Tables.RPO_MONTH)) {
            String k = r.getAs("month") + " " + r.getAs("currency");
            BigDecimal rebuilt = r.<BigDecimal>getAs("deferred").subtract(r.getAs("unbilled")).add(r.getAs("backlog"));
            assertThat(r.<BigDecimal>getAs("rpo")).as(k).isEqualByComparingTo(rebuilt);
            assertThat(r.<BigDecimal>getAs("deferred")).as(k)
                    .isEqualByComparingTo(deferredByKey.get(k).<BigDecimal>getAs("closing"));
        }
        // C3's June invoice is after the as-of date and does not exist yet
        assertThat(read(Tables.REVENUE_SCHEDULE)).noneMatch(r -> "L36".equals(r.getAs("obligation_id")));
    }

    @Test
    void the_customer_roll_forward_and_rpo_sum_to_the_company_rows_and_each_customer_ties_on_its_own() {
        List<String> deferredColumns = List.of("opening", "opening_unbilled", "billings", "recognized", "closing",
                "closing_unbilled");
        List<String> rpoColumns = List.of("deferred", "unbilled", "backlog", "rpo", "crpo");
        assertThat(FinanceChecks.customerSumsMatchCompany("customers", "company", deferredColumns,
                sums(read(Tables.DEFERRED_REVENUE_CUSTOMER), deferredColumns),
                sums(read(Tables.DEFERRED_REVENUE), deferredColumns))).isEmpty();
        assertThat(FinanceChecks.customerSumsMatchCompany("customers", "company", rpoColumns,
                sums(read(Tables.RPO_CUSTOMER), rpoColumns), sums(read(Tables.RPO_MONTH), rpoColumns))).isEmpty();
        Map<String, Row> company = new TreeMap<>();
        read(Tables.DEFERRED_REVENUE).forEach(r -> company.put(r.getAs("month") + " " + r.getAs("currency"), r));
        List<Row> customers = read(Tables.DEFERRED_REVENUE_CUSTOMER);
        assertThat(customers).extracting(r -> r.<String>getAs("customer_id")).contains("C3");
        for (Row r : customers) {
            String k = r.getAs("customer_id") + " " + r.getAs("month") + " " + r.getAs("currency");
            BigDecimal lhs = r.<BigDecimal>getAs("closing").subtract(r.getAs("closing_unbilled"));
            BigDecimal rhs = r.<BigDecimal>getAs("opening").subtract(r.getAs("opening_unbilled"))
                    .add(r.getAs("billings")).subtract(r.getAs("recognized"));
            assertThat(lhs).as(k).isEqualByComparingTo(rhs);
            assertThat(r.<BigDecimal>getAs("fx_rate")).as(k + " converts at the company row's rate")
                    .isEqualByComparingTo(company.get(r.getAs("month") + " " + r.getAs("currency"))
                            .<BigDecimal>getAs("fx_rate"));
        }
        for (Row r : read(Tables.RPO_CUSTOMER)) {
            BigDecimal rebuilt = r.<BigDecimal>getAs("deferred").subtract(r.getAs("unbilled")).add(r.getAs("backlog"));
            assertThat(r.<BigDecimal>getAs("rpo")).as(r.toString()).isEqualByComparingTo(rebuilt);
        }
    }

    private static Map<String, Map<String, BigDecimal>> sums(List<Row> rows, List<String> columns) {
        Map<String, Map<String, BigDecimal>> out = new TreeMap<>();
        for (Row r : rows) {
            Map<String, BigDecimal> m = out.computeIfAbsent(r.getAs("month") + " " + r.getAs("currency"),
                    k -> new TreeMap<>());
            columns.forEach(c -> m.merge(c, r.<BigDecimal>getAs(c), BigDecimal::add));
        }
        return out;
    }

    @Test
    void every_waterfall_row_sums_to_what_its_month_billed_and_the_journal_balances() {
        // billed net of credit notes, tax excluded: January USD 1,000 (INV1), January EUR 1,200 − 100 (INV2 and its
        // credit note), C3 100.00 for each of February to May (the void invoice excluded)
        Map<String, BigDecimal> expected = new TreeMap<>(Map.of("2024-01 USD", m("1000.00"), "2024-01 EUR",
                m("1100.00"), "2024-02 USD", m("100.00"), "2024-03 USD", m("100.00"), "2024-04 USD", m("100.00"),
                "2024-05 USD", m("100.00")));
        Map<String, BigDecimal> rows = new TreeMap<>();
        for (Row r : read(Tables.REVENUE_WATERFALL)) {
            if (!RevenueFacts.UNBILLED.equals(r.getAs("row_month"))) {
                rows.merge(r.getAs("row_month") + " " + r.getAs("currency"), r.getAs("amount"), BigDecimal::add);
            }
        }
        assertThat(rows.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> assertThat(rows.get(k)).as(k).isEqualByComparingTo(v));
        Map<String, BigDecimal> balance = new TreeMap<>();
        for (Row r : read(Tables.FINANCE_JOURNAL)) {
            String k = r.getAs("month") + " " + r.getAs("currency") + " " + r.getAs("entry");
            balance.merge(k, r.<BigDecimal>getAs("debit").subtract(r.getAs("credit")), BigDecimal::add);
        }
        assertThat(balance).isNotEmpty();
        balance.forEach((k, v) -> assertThat(v).as(k).isEqualByComparingTo("0"));
    }

    @Test
    void billings_has_a_row_per_billed_invoice_and_sums_to_dso_billings_every_month() {
        // Non-void invoices dated on or before 05-15, at their total with tax: INV2 EUR 1,440.00 at January's
        // month-end rate 1.08 = 1,555.20 (its March credit note is not deducted), INV35 (void) and INV36 (June)
        // left out. May converts at the as-of date.
        Map<String, Row> rows = new TreeMap<>();
        read(Tables.BILLINGS).forEach(r -> rows.put(r.getAs("invoice_id"), r));
        assertThat(rows).containsOnlyKeys("INV1", "INV2", "INV31", "INV32", "INV33", "INV34");
        Row inv2 = rows.get("INV2");
        assertThat(inv2.<String>getAs("month")).isEqualTo("2024-01");
        assertThat(inv2.<Date>getAs("as_of")).isEqualTo(d("2024-01-31"));
        assertThat(inv2.<BigDecimal>getAs("total")).isEqualByComparingTo("1440.00");
        assertThat(inv2.<BigDecimal>getAs("fx_rate")).isEqualByComparingTo("1.08");
        assertThat(inv2.<BigDecimal>getAs("total_reporting")).isEqualByComparingTo("1555.20");
        assertThat(rows.get("INV34").<Date>getAs("as_of")).isEqualTo(d("2024-05-15"));
        Map<String, BigDecimal> byMonth = new TreeMap<>();
        rows.values().forEach(r -> byMonth.merge(r.getAs("month"), r.getAs("total_reporting"), BigDecimal::add));
        Map<String, BigDecimal> dso = new TreeMap<>();
        read(Tables.DSO_MONTH).forEach(r -> dso.put(r.getAs("month"), r.getAs("billings")));
        assertThat(byMonth.keySet()).isEqualTo(dso.keySet());
        dso.forEach((month, billings) -> assertThat(byMonth.get(month)).as(month).isEqualByComparingTo(billings));
        assertThat(dso.get("2024-01")).isEqualByComparingTo("2555.20");
        assertThat(dso.get("2024-03")).isEqualByComparingTo("100.00");
    }

    @Test
    void bookings_and_payment_days_are_written() {
        assertThat(read(Tables.BOOKINGS)).singleElement().satisfies(b -> {
            assertThat(b.<String>getAs("booking_id")).isEqualTo("CT1");
            assertThat(b.<String>getAs("booking_type")).isEqualTo("new");
            assertThat(b.<BigDecimal>getAs("acv")).isEqualByComparingTo("1000.00");
        });
        Map<String, Row> days = new TreeMap<>();
        read(Tables.CUSTOMER_PAYMENT_DAYS).forEach(r -> days.put(r.getAs("customer_id"), r));
        // C1: 400 paid 45 days after the invoice, 15 late; C3: −7 days (paid before the invoice) and 9 days → 1.0
        assertThat(days.get("C1").<Double>getAs("avg_days_to_pay")).isEqualTo(45.0);
        assertThat(days.get("C1").<Double>getAs("avg_days_late")).isEqualTo(15.0);
        assertThat(days.get("C3").<Double>getAs("avg_days_to_pay")).isEqualTo(1.0);
        assertThat(days.get("C2").<Double>getAs("share_paid_late")).isEqualTo(0.0);
    }

    @Test
    void a_warehouse_without_finance_inputs_reports_every_table_unavailable_and_writes_nothing() {
        List<String> notes = new ArrayList<>();
        FinanceJob.Output empty = new FinanceJob(spark, tmp.resolve("empty").toString(), notes::add)
                .run(AS_OF, "USD");
        assertThat(empty.rowCounts()).isEmpty();
        assertThat(empty.unavailable()).containsOnlyKeys(Tables.FINANCE.stream().map(TableDef::qualifiedName).toList());
        assertThat(notes).contains("  gold.ar_aging: unavailable (needs invoices.csv and payments.csv)");
    }
}
