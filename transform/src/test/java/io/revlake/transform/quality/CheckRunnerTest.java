package io.revlake.transform.quality;

import static io.revlake.catalog.Check.Severity.BLOCKING;
import static io.revlake.catalog.Check.Severity.WARNING;
import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.Check;
import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.Checks;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.spark.SparkSchemas;
import io.revlake.spark.SparkSessions;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Each check kind on a few hand-made rows: clean rows pass, each broken row is counted and sampled. */
class CheckRunnerTest {
    private static final TableDef CUSTOMER_MONTH = Tables.MRR_CUSTOMER_MONTH;
    private static final TableDef MOVEMENTS = Tables.MRR_MOVEMENTS;
    private static final TableDef SUMMARY = Tables.MRR_SUMMARY;
    private static final TableDef CUSTOMERS = Tables.silver(CanonicalEntity.CUSTOMERS);

    /** A row of {@code table} with the given values and nulls elsewhere. */
    private static Row row(TableDef table, Map<String, Object> values) {
        List<Object> cells = new ArrayList<>();
        for (String c : table.columnNames()) {
            Object v = values.get(c);
            cells.add(v instanceof String s && table.column(c).orElseThrow().type().isDecimal() ? new BigDecimal(s) : v);
        }
        return RowFactory.create(cells.toArray());
    }

    /** Rows as a connector or a damaged file might hold them: every column nullable, whatever the catalog says. */
    private static Dataset<Row> frame(TableDef table, List<Row> rows) {
        StructType schema = new StructType(java.util.Arrays.stream(SparkSchemas.schema(table).fields())
                .map(f -> DataTypes.createStructField(f.name(), f.dataType(), true)).toArray(StructField[]::new));
        return SparkSessions.shared().createDataFrame(rows, schema);
    }

    private static Row customerMonth(String month, String customer, String mrr) {
        return row(CUSTOMER_MONTH, Map.of("month", month, "customer_id", customer, "mrr", mrr));
    }

    private static Row movement(String month, String customer, String movement, String amount) {
        return row(MOVEMENTS, Map.of("month", month, "customer_id", customer, "movement", movement, "amount", amount,
                "currency", "USD"));
    }

    private static Row summary(String month, String mrr, String arr, String newMrr, String churn) {
        Map<String, Object> v = new java.util.HashMap<>(Map.of("month", month, "mrr", mrr,
                "mrr_constant_currency", mrr, "arr", arr, "paying_customers", 1L, "new", newMrr, "churn", churn,
                "new_customers", 0L, "churned_customers", 0L));
        v.putAll(Map.of("reactivation", "0", "expansion", "0", "contraction", "0", "fx", "0"));
        return row(SUMMARY, v);
    }

    private static CheckRunner.Outcome run(Check check, TableDef table, Dataset<Row> data,
                                           Function<TableDef, Dataset<Row>> other) {
        return CheckRunner.evaluate(check, table, data, other);
    }

    private static CheckRunner.Outcome run(Check check, TableDef table, Dataset<Row> data) {
        return run(check, table, data, t -> {
            throw new AssertionError("no other table expected, asked for " + t.qualifiedName());
        });
    }

    @Test
    void not_null_counts_the_rows_with_a_null_in_any_listed_column() {
        Check check = new Check.NotNull(List.of("month", "customer_id", "mrr"), BLOCKING);
        Dataset<Row> clean = frame(CUSTOMER_MONTH, List.of(customerMonth("2024-01", "c1", "10.00")));
        assertThat(run(check, CUSTOMER_MONTH, clean)).isEqualTo(new CheckRunner.Outcome(0, "[]"));

        Map<String, Object> noMrr = new java.util.HashMap<>(Map.of("month", "2024-01", "customer_id", "c2"));
        Dataset<Row> broken = frame(CUSTOMER_MONTH, List.of(customerMonth("2024-01", "c1", "10.00"),
                row(CUSTOMER_MONTH, noMrr)));
        assertThat(run(check, CUSTOMER_MONTH, broken))
                .isEqualTo(new CheckRunner.Outcome(1, "[{\"month\":\"2024-01\",\"customer_id\":\"c2\"}]"));
    }

    @Test
    void unique_counts_every_row_that_shares_its_key() {
        Check check = new Check.Unique(CUSTOMER_MONTH.key(), BLOCKING);
        Dataset<Row> clean = frame(CUSTOMER_MONTH, List.of(customerMonth("2024-01", "c1", "10.00"),
                customerMonth("2024-02", "c1", "10.00"), customerMonth("2024-01", "c2", "5.00")));
        assertThat(run(check, CUSTOMER_MONTH, clean).failingRows()).isZero();

        Dataset<Row> broken = frame(CUSTOMER_MONTH, List.of(customerMonth("2024-01", "c1", "10.00"),
                customerMonth("2024-01", "c1", "12.00"), customerMonth("2024-01", "c1", "1.00"),
                customerMonth("2024-01", "c2", "5.00")));
        assertThat(run(check, CUSTOMER_MONTH, broken))
                .isEqualTo(new CheckRunner.Outcome(3, "[{\"month\":\"2024-01\",\"customer_id\":\"c1\"}]"));
    }

    @Test
    void accepted_values_counts_the_rows_with_another_value() {
        Check check = Checks.of(MOVEMENTS).stream().filter(c -> c instanceof Check.AcceptedValues).findFirst()
                .orElseThrow();
        Dataset<Row> clean = frame(MOVEMENTS, List.of(movement("2024-01", "c1", "new", "10.00"),
                movement("2024-02", "c1", "churn", "-10.00")));
        assertThat(run(check, MOVEMENTS, clean).failingRows()).isZero();

        Dataset<Row> broken = frame(MOVEMENTS, List.of(movement("2024-01", "c1", "new", "10.00"),
                movement("2024-02", "c1", "downgrade", "-4.00")));
        assertThat(run(check, MOVEMENTS, broken)).isEqualTo(new CheckRunner.Outcome(1,
                "[{\"month\":\"2024-02\",\"customer_id\":\"c1\",\"movement\":\"downgrade\"}]"));
    }

    @Test
    void references_counts_the_rows_whose_value_the_other_table_lacks() {
        Check check = new Check.References("customer_id", CUSTOMERS, "customer_id", WARNING);
        Dataset<Row> customers = frame(CUSTOMERS, List.of(row(CUSTOMERS, Map.of("customer_id", "c1")),
                row(CUSTOMERS, Map.of("customer_id", "c2"))));
        Function<TableDef, Dataset<Row>> other = t -> {
            assertThat(t).isEqualTo(CUSTOMERS);
            return customers;
        };
        Dataset<Row> clean = frame(CUSTOMER_MONTH, List.of(customerMonth("2024-01", "c1", "10.00"),
                customerMonth("2024-01", "c2", "5.00")));
        assertThat(run(check, CUSTOMER_MONTH, clean, other).failingRows()).isZero();

        Dataset<Row> broken = frame(CUSTOMER_MONTH, List.of(customerMonth("2024-01", "c1", "10.00"),
                customerMonth("2024-01", "c9", "5.00"), customerMonth("2024-02", "c9", "5.00")));
        assertThat(run(check, CUSTOMER_MONTH, broken, other)).isEqualTo(new CheckRunner.Outcome(2,
                "[{\"month\":\"2024-01\",\"customer_id\":\"c9\"},{\"month\":\"2024-02\",\"customer_id\":\"c9\"}]"));
    }

    @Test
    void an_opportunity_line_of_an_unknown_opportunity_is_kept_and_flagged_by_its_declared_warning() {
        TableDef lines = Tables.silver(CanonicalEntity.OPPORTUNITY_LINES);
        TableDef opportunities = Tables.silver(CanonicalEntity.OPPORTUNITIES);
        Check check = Checks.of(lines).stream().filter(c -> c.name().equals(
                "references(opportunity_id -> silver.opportunities.opportunity_id)")).findFirst().orElseThrow();
        assertThat(check.severity()).isEqualTo(WARNING);
        assertThat(Checks.of(lines).stream().map(Check::name))
                .contains("references(product_id -> silver.products.product_id)");
        Dataset<Row> known = frame(opportunities, List.of(row(opportunities, Map.of("opportunity_id", "006A"))));
        Dataset<Row> data = frame(lines, List.of(
                row(lines, Map.of("line_id", "00k1", "opportunity_id", "006A", "total_price", "900")),
                row(lines, Map.of("line_id", "00k2", "opportunity_id", "006Z", "total_price", "51"))));
        assertThat(run(check, lines, data, t -> known)).isEqualTo(new CheckRunner.Outcome(1,
                "[{\"line_id\":\"00k2\",\"opportunity_id\":\"006Z\"}]"));
        for (CanonicalEntity e : List.of(CanonicalEntity.QUOTES, CanonicalEntity.OPPORTUNITY_STAGE_HISTORY)) {
            assertThat(Checks.of(Tables.silver(e)).stream().map(Check::name)).as(e.fileStem())
                    .contains("references(opportunity_id -> silver.opportunities.opportunity_id)");
        }
    }

    private static Row journalLine(String lineId, String entryId, String debit, String credit, String currency) {
        return row(Tables.silver(CanonicalEntity.JOURNAL_LINES), Map.of("line_id", lineId, "entry_id", entryId,
                "account_id", "4000", "debit", debit, "credit", credit, "currency", currency));
    }

    @Test
    void an_unbalanced_journal_entry_is_a_warning_that_names_the_entry_and_currency() {
        TableDef lines = Tables.silver(CanonicalEntity.JOURNAL_LINES);
        Check check = Checks.of(lines).stream().filter(c -> c.name().equals("journal_entries_balance")).findFirst()
                .orElseThrow();
        // The source ERP's books, not the pipeline: recorded, never blocking publication.
        assertThat(check.severity()).isEqualTo(WARNING);
        assertThat(check.kind()).isEqualTo("identity");
        assertThat(Checks.of(lines).stream().map(Check::name))
                .contains("references(customer_id -> silver.customers.customer_id)");
        Dataset<Row> balanced = frame(lines, List.of(journalLine("7001/0", "7001", "1100.00", "0", "USD"),
                journalLine("7001/1", "7001", "0", "1000.00", "USD"), journalLine("7001/2", "7001", "0", "100.00", "USD")));
        assertThat(run(check, lines, balanced, t -> balanced)).isEqualTo(new CheckRunner.Outcome(0, "[]"));

        // 7002 is 50.00 short; 7003 balances in total but not per currency (an entry in two currencies, each off).
        Dataset<Row> data = balanced.unionByName(frame(lines, List.of(
                journalLine("7002/0", "7002", "500.00", "0", "EUR"), journalLine("7002/1", "7002", "0", "450.00", "EUR"),
                journalLine("7003/0", "7003", "10", "0", "USD"), journalLine("7003/1", "7003", "0", "10", "EUR"))));
        CheckRunner.Outcome outcome = run(check, lines, data, t -> data);
        assertThat(outcome.failingRows()).isEqualTo(3);
        assertThat(outcome.sample()).isEqualTo("[\"journal entry 7002 (EUR): debits 500 ≠ credits 450, off by 50\","
                + "\"journal entry 7003 (EUR): debits 0 ≠ credits 10, off by -10\","
                + "\"journal entry 7003 (USD): debits 10 ≠ credits 0, off by 10\"]");
    }

    @Test
    void the_mrr_bridge_identity_names_each_month_that_does_not_add_up() {
        Check check = new Check.Identity(Check.AccountingIdentity.MRR_BRIDGE, BLOCKING);
        Dataset<Row> clean = frame(SUMMARY, List.of(summary("2024-01", "100.00", "1200.00", "100.00", "0"),
                summary("2024-02", "70.00", "840.00", "0", "-30.00")));
        assertThat(run(check, SUMMARY, clean, t -> clean).failingRows()).isZero();

        // February: 100 + new 0 + churn −30 = 70, but the row says 75; March starts from 75 and adds up again
        Dataset<Row> broken = frame(SUMMARY, List.of(summary("2024-01", "100.00", "1200.00", "100.00", "0"),
                summary("2024-02", "75.00", "900.00", "0", "-30.00"),
                summary("2024-03", "75.00", "900.00", "0", "0")));
        CheckRunner.Outcome outcome = run(check, SUMMARY, broken, t -> broken);
        assertThat(outcome.failingRows()).isEqualTo(1);
        assertThat(outcome.sample()).isEqualTo(
                "[\"2024-02: start 100.00 + movements -30.00 = 70.00 but end MRR is 75.00\"]");
    }

    private static Row dimensionRow(String value, String month, String mrr, Map<String, Object> moves) {
        Map<String, Object> v = new java.util.HashMap<>(Map.of("month", month, "dimension", "segment", "value", value,
                "mrr", mrr, "paying_customers", 1L, "new_customers", 0L, "churned_customers", 0L));
        v.putAll(moves);
        return row(Tables.MRR_DIMENSION_MONTH, v);
    }

    @Test
    void the_dimension_bridge_identity_counts_entering_and_leaving_and_names_the_value() {
        Check check = new Check.Identity(Check.AccountingIdentity.MRR_DIMENSION_BRIDGE, BLOCKING);
        TableDef table = Tables.MRR_DIMENSION_MONTH;
        // c1 (100.00) moves from smb to enterprise in February; c2 pays 300.00 in enterprise
        List<Row> smb = List.of(dimensionRow("smb", "2024-01", "100.00", Map.of("new", "100.00")),
                dimensionRow("smb", "2024-02", "0.00", Map.of("leaving", "-100.00")));
        Dataset<Row> clean = frame(table, java.util.stream.Stream.concat(smb.stream(), java.util.stream.Stream.of(
                dimensionRow("enterprise", "2024-01", "300.00", Map.of("new", "300.00")),
                dimensionRow("enterprise", "2024-02", "400.00", Map.of("entering", "100.00")))).toList());
        assertThat(run(check, table, clean, t -> clean).failingRows()).isZero();

        Dataset<Row> broken = frame(table, java.util.stream.Stream.concat(smb.stream(), java.util.stream.Stream.of(
                dimensionRow("enterprise", "2024-01", "300.00", Map.of("new", "300.00")),
                dimensionRow("enterprise", "2024-02", "400.00", Map.of()))).toList());
        assertThat(run(check, table, broken, t -> broken)).isEqualTo(new CheckRunner.Outcome(1,
                "[\"segment=enterprise: 2024-02: start 300.00 + movements 0.00 = 300.00 but end MRR is 400.00\"]"));
    }

    @Test
    void arr_and_customer_sum_identities_read_the_versions_handed_to_them() {
        Dataset<Row> summary = frame(SUMMARY, List.of(summary("2024-01", "100.00", "1200.00", "100.00", "0"),
                summary("2024-02", "100.00", "1000.00", "0", "0")));
        Check arr = new Check.Identity(Check.AccountingIdentity.ARR_IS_12_MRR, BLOCKING);
        assertThat(run(arr, SUMMARY, summary, t -> summary))
                .isEqualTo(new CheckRunner.Outcome(1, "[\"2024-02: ARR 1000.00 is not 12 x MRR 100.00\"]"));

        Dataset<Row> customers = frame(CUSTOMER_MONTH, List.of(customerMonth("2024-01", "c1", "60.00"),
                customerMonth("2024-01", "c2", "40.00"), customerMonth("2024-02", "c1", "90.00")));
        Check sums = new Check.Identity(Check.AccountingIdentity.CUSTOMER_MRR_SUMS_TO_SUMMARY, BLOCKING);
        assertThat(run(sums, SUMMARY, summary, t -> t.equals(SUMMARY) ? summary : customers))
                .isEqualTo(new CheckRunner.Outcome(1, "[\"2024-02: gold.mrr_customer_month sums to 90.00 but"
                        + " gold.mrr_summary.mrr is 100.00\"]"));
    }

    @Test
    void dso_ar_must_equal_the_aging_rows_to_the_cent() {
        // 03-31: two aging rows, 11.06 overdue and 22.06 not yet due = 33.12 (each invoice rounded on its own). A DSO
        // row that converted the currency total once (30.10 × 1.10 = 33.11) is a cent off and fails; April has no
        // aging row and AR 0, which passes.
        java.sql.Date mar = java.sql.Date.valueOf("2024-03-31");
        java.sql.Date apr = java.sql.Date.valueOf("2024-04-30");
        Dataset<Row> aging = frame(Tables.AR_AGING, List.of(
                row(Tables.AR_AGING, Map.of("as_of", mar, "invoice_id", "INV1", "days_past_due", 5L,
                        "open_amount_reporting", "11.06")),
                row(Tables.AR_AGING, Map.of("as_of", mar, "invoice_id", "INV2", "days_past_due", 0L,
                        "open_amount_reporting", "22.06"))));
        Check check = new Check.Identity(Check.AccountingIdentity.DSO_AR_EQUALS_AGING, BLOCKING);
        Dataset<Row> tied = frame(Tables.DSO_MONTH, List.of(
                row(Tables.DSO_MONTH, Map.of("month", "2024-03", "as_of", mar, "ar_end", "33.12",
                        "current_ar_end", "22.06")),
                row(Tables.DSO_MONTH, Map.of("month", "2024-04", "as_of", apr, "ar_end", "0.00",
                        "current_ar_end", "0.00"))));
        assertThat(run(check, Tables.DSO_MONTH, tied, t -> t.equals(Tables.AR_AGING) ? aging : tied).failingRows())
                .isZero();
        Dataset<Row> byTotals = frame(Tables.DSO_MONTH, List.of(row(Tables.DSO_MONTH, Map.of("month", "2024-03",
                "as_of", mar, "ar_end", "33.11", "current_ar_end", "22.06"))));
        assertThat(run(check, Tables.DSO_MONTH, byTotals, t -> t.equals(Tables.AR_AGING) ? aging : byTotals))
                .isEqualTo(new CheckRunner.Outcome(1, "[\"DSO at 2024-03-31: ar_end 33.11 / current_ar_end 22.06 but"
                        + " the AR aging rows sum to 33.12 / 22.06 (open_amount_reporting, all / not yet due)\"]"));
    }

    @Test
    void billings_rows_must_sum_to_dso_billings_every_month_to_the_cent() {
        // March: two invoices 11.06 + 22.05 = 33.11 against dso_month.billings 33.11, which passes; April: one
        // invoice 10.00 against 10.01, which fails naming the month.
        Dataset<Row> billings = frame(Tables.BILLINGS, List.of(
                row(Tables.BILLINGS, Map.of("invoice_id", "INV1", "month", "2024-03", "total_reporting", "11.06")),
                row(Tables.BILLINGS, Map.of("invoice_id", "INV2", "month", "2024-03", "total_reporting", "22.05")),
                row(Tables.BILLINGS, Map.of("invoice_id", "INV3", "month", "2024-04", "total_reporting", "10.00"))));
        Dataset<Row> dso = frame(Tables.DSO_MONTH, List.of(
                row(Tables.DSO_MONTH, Map.of("month", "2024-03", "billings", "33.11")),
                row(Tables.DSO_MONTH, Map.of("month", "2024-04", "billings", "10.01"))));
        Check check = new Check.Identity(Check.AccountingIdentity.BILLINGS_SUM_TO_DSO, BLOCKING);
        assertThat(run(check, Tables.BILLINGS, billings, t -> t.equals(Tables.DSO_MONTH) ? dso : billings))
                .isEqualTo(new CheckRunner.Outcome(1, "[\"2024-04: gold.billings sums to 10.00 but"
                        + " gold.dso_month.billings is 10.01\"]"));
        assertThat(Checks.of(Tables.BILLINGS).stream().map(Check::name)).contains("billings_sum_to_dso",
                "references(invoice_id -> silver.invoices.invoice_id)");
    }

    @Test
    void the_customers_deferred_revenue_must_sum_to_the_company_row_to_the_cent() {
        // 2024-01 USD: c1 closes at 60.00 and c2 at 40.00, the company row at 100.00. A customer row tampered by one
        // cent (c2 39.99) fails, naming the month, currency and column; EUR has no customer rows and a zero company
        // row, which passes.
        TableDef customers = Tables.DEFERRED_REVENUE_CUSTOMER;
        Dataset<Row> company = frame(Tables.DEFERRED_REVENUE, List.of(
                row(Tables.DEFERRED_REVENUE, Map.of("month", "2024-01", "currency", "USD", "billings", "100.00",
                        "closing", "100.00")),
                row(Tables.DEFERRED_REVENUE, Map.of("month", "2024-01", "currency", "EUR", "closing", "0.00"))));
        Check check = new Check.Identity(Check.AccountingIdentity.DEFERRED_REVENUE_CUSTOMERS_SUM, BLOCKING);
        Dataset<Row> tied = frame(customers, List.of(
                row(customers, Map.of("customer_id", "c1", "month", "2024-01", "currency", "USD", "billings", "60.00",
                        "closing", "60.00")),
                row(customers, Map.of("customer_id", "c2", "month", "2024-01", "currency", "USD", "billings", "40.00",
                        "closing", "40.00"))));
        assertThat(run(check, customers, tied, t -> t.equals(customers) ? tied : company).failingRows()).isZero();
        Dataset<Row> tampered = frame(customers, List.of(
                row(customers, Map.of("customer_id", "c1", "month", "2024-01", "currency", "USD", "billings", "60.00",
                        "closing", "60.00")),
                row(customers, Map.of("customer_id", "c2", "month", "2024-01", "currency", "USD", "billings", "40.00",
                        "closing", "39.99"))));
        assertThat(run(check, customers, tampered, t -> t.equals(customers) ? tampered : company))
                .isEqualTo(new CheckRunner.Outcome(1, "[\"2024-01 USD: Σ gold.deferred_revenue_customer differs from"
                        + " gold.deferred_revenue (closing 99.99 vs 100.00; customers vs company)\"]"));
    }

    @Test
    void the_customers_rpo_must_sum_to_the_company_row() {
        TableDef customers = Tables.RPO_CUSTOMER;
        Dataset<Row> company = frame(Tables.RPO_MONTH, List.of(row(Tables.RPO_MONTH, Map.of("month", "2024-01",
                "currency", "USD", "backlog", "300.00", "rpo", "300.00", "crpo", "120.00"))));
        Check check = new Check.Identity(Check.AccountingIdentity.RPO_CUSTOMERS_SUM, BLOCKING);
        Dataset<Row> missingOne = frame(customers, List.of(row(customers, Map.of("customer_id", "c1", "month",
                "2024-01", "currency", "USD", "backlog", "300.00", "rpo", "300.00", "crpo", "100.00"))));
        assertThat(run(check, customers, missingOne, t -> t.equals(customers) ? missingOne : company))
                .isEqualTo(new CheckRunner.Outcome(1, "[\"2024-01 USD: Σ gold.rpo_customer differs from gold.rpo_month"
                        + " (crpo 100.00 vs 120.00; customers vs company)\"]"));
    }

    @Test
    void running_every_declared_check_of_a_table_gives_each_its_own_outcome() {
        Dataset<Row> broken = frame(MOVEMENTS, List.of(movement("2024-01", "c1", "new", "10.00"),
                movement("2024-01", "c1", "new", "12.00"), movement("2024-02", "c2", "downgrade", "-4.00")));
        Dataset<Row> customerMonths = frame(CUSTOMER_MONTH, List.of(customerMonth("2024-01", "c1", "10.00")));
        List<QualityResult> results = CheckRunner.run("run-1", MOVEMENTS, 3, Checks.of(MOVEMENTS), broken,
                t -> customerMonths);
        Map<String, Long> failing = new java.util.LinkedHashMap<>();
        results.forEach(r -> failing.put(r.check(), r.failingRows()));
        assertThat(failing).containsExactly(
                Map.entry("unique(month,customer_id,movement)", 2L),
                Map.entry("not_null(month,customer_id,movement,amount,currency)", 0L),
                Map.entry("accepted_values(movement)", 1L),
                Map.entry("references(customer_id -> silver.subscription_items.customer_id)", 1L));
        assertThat(results).allSatisfy(r -> {
            assertThat(r.runId()).isEqualTo("run-1");
            assertThat(r.table()).isEqualTo("gold.mrr_movements");
            assertThat(r.version()).isEqualTo(3);
        });
        assertThat(results.stream().filter(QualityResult::blocksPublication).map(QualityResult::check))
                .containsExactly("unique(month,customer_id,movement)", "accepted_values(movement)",
                        "references(customer_id -> silver.subscription_items.customer_id)");
        assertThat(results.get(2).failingSample())
                .isEqualTo("[{\"month\":\"2024-02\",\"customer_id\":\"c2\",\"movement\":\"downgrade\"}]");
    }

    @Test
    void every_gold_table_declares_its_key_unique_and_its_required_columns_not_null() {
        for (TableDef t : Tables.GOLD) {
            List<Check> checks = Checks.of(t);
            assertThat(checks).as(t.qualifiedName()).contains(new Check.Unique(t.key(), BLOCKING));
            assertThat(checks).as(t.qualifiedName()).anyMatch(c -> c instanceof Check.NotNull);
            assertThat(checks.stream().map(Check::name).distinct().count()).as(t.qualifiedName())
                    .isEqualTo(checks.size());
        }
        assertThat(Checks.of(SUMMARY).stream().map(Check::name))
                .contains("mrr_bridge", "arr_is_12_mrr", "customer_mrr_sums_to_summary");
        assertThat(Checks.of(Tables.DEFERRED_REVENUE).stream().map(Check::name))
                .contains("deferred_revenue_roll_forward");
        assertThat(Checks.of(Tables.DEFERRED_REVENUE_CUSTOMER).stream().map(Check::name))
                .contains("deferred_revenue_customers_sum_to_company");
        assertThat(Checks.of(Tables.RPO_CUSTOMER).stream().map(Check::name)).contains("rpo_customers_sum_to_company");
        assertThat(Checks.of(Tables.silver(CanonicalEntity.INVOICES)).stream().map(Check::name))
                .contains("unique(invoice_id)", "accepted_values(status)",
                        "references(customer_id -> silver.customers.customer_id)");
        assertThat(Checks.of(Tables.TRANSFORM_RUNS)).isEmpty();
    }
}
