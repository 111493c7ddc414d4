package io.revlake.transform.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.revlake.catalog.Check.AccountingIdentity;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.transform.finance.FinanceChecks;
import io.revlake.transform.finance.Journal;
import io.revlake.transform.finance.RevenueFacts;
import io.revlake.transform.recurring.MonthTotals;
import io.revlake.transform.recurring.Movement;
import io.revlake.transform.recurring.MrrSummaryRow;
import io.revlake.transform.recurring.SummaryCalculator;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The accounting identities of {@link AccountingIdentity} evaluated on written gold tables. The tables are small
 * (a row per month, or month and currency), so they are collected and handed to the same functions the stages
 * check their results with before writing ({@link SummaryCalculator}, {@link FinanceChecks}).
 */
final class Identities {
    private Identities() {
    }

    /** @param read a gold table at the version of the run being audited */
    static List<String> violations(AccountingIdentity identity, Function<TableDef, Dataset<Row>> read) {
        return switch (identity) {
            case MRR_BRIDGE -> SummaryCalculator.bridgeViolations(summaryRows(read));
            case MRR_DIMENSION_BRIDGE -> dimensionBridges(read);
            case ARR_IS_12_MRR -> SummaryCalculator.arrViolations(summaryRows(read));
            case CUSTOMER_MRR_SUMS_TO_SUMMARY -> customerSums(read);
            case DEFERRED_REVENUE_ROLL_FORWARD -> FinanceChecks.rollForwardTies(deferredRows(read),
                    recognizedBySchedule(read), null);
            case RPO_TIES -> FinanceChecks.rpoTies(rpoRows(read), deferredRows(read));
            case JOURNAL_BALANCES -> FinanceChecks.journalBalances(journalLines(read));
            case JOURNAL_ENTRIES_BALANCE -> unbalancedEntries(entryTotals(read));
            case DSO_AR_EQUALS_AGING -> FinanceChecks.arEndMatchesAging(dsoAr(read), agingAr(read));
            case BILLINGS_SUM_TO_DSO -> FinanceChecks.billingsMatchDso(
                    byMonth(read.apply(Tables.BILLINGS).groupBy("month").agg(sum("total_reporting"))),
                    byMonth(read.apply(Tables.DSO_MONTH).select("month", "billings")));
            case DEFERRED_REVENUE_CUSTOMERS_SUM -> customersSum(read, Tables.DEFERRED_REVENUE_CUSTOMER,
                    Tables.DEFERRED_REVENUE, List.of("opening", "opening_unbilled", "billings", "recognized", "closing",
                            "closing_unbilled"));
            case RPO_CUSTOMERS_SUM -> customersSum(read, Tables.RPO_CUSTOMER, Tables.RPO_MONTH,
                    List.of("deferred", "unbilled", "backlog", "rpo", "crpo"));
        };
    }

    /** Σ of the per-customer table's money columns per month and currency against the company table's row. */
    private static List<String> customersSum(Function<TableDef, Dataset<Row>> read, TableDef customers,
                                             TableDef company, List<String> columns) {
        org.apache.spark.sql.Column[] sums = columns.stream().map(c -> sum(c).as(c))
                .toArray(org.apache.spark.sql.Column[]::new);
        return FinanceChecks.customerSumsMatchCompany(customers.qualifiedName(), company.qualifiedName(), columns,
                byMonthCurrency(read.apply(customers).groupBy("month", "currency").agg(sums[0],
                        java.util.Arrays.copyOfRange(sums, 1, sums.length)), columns),
                byMonthCurrency(read.apply(company), columns));
    }

    private static Map<String, Map<String, BigDecimal>> byMonthCurrency(Dataset<Row> rows, List<String> columns) {
        Map<String, Map<String, BigDecimal>> out = new TreeMap<>();
        for (Row r : rows.collectAsList()) {
            Map<String, BigDecimal> amounts = new TreeMap<>();
            columns.forEach(c -> amounts.put(c, money(r, c)));
            out.put(r.<String>getAs("month") + " " + r.<String>getAs("currency"), amounts);
        }
        return out;
    }

    /** (month, amount) rows as a map. */
    private static Map<YearMonth, BigDecimal> byMonth(Dataset<Row> rows) {
        Map<YearMonth, BigDecimal> out = new TreeMap<>();
        for (Row r : rows.collectAsList()) {
            out.put(YearMonth.parse(r.getString(0)), r.getDecimal(1));
        }
        return out;
    }

    /** gold.dso_month's ar_end and current_ar_end per snapshot date. */
    private static Map<LocalDate, FinanceChecks.ArReportingTotal> dsoAr(Function<TableDef, Dataset<Row>> read) {
        Map<LocalDate, FinanceChecks.ArReportingTotal> out = new TreeMap<>();
        for (Row r : read.apply(Tables.DSO_MONTH).select("as_of", "ar_end", "current_ar_end").collectAsList()) {
            out.put(r.getDate(0).toLocalDate(), new FinanceChecks.ArReportingTotal(r.getDecimal(1), r.getDecimal(2)));
        }
        return out;
    }

    /** Σ gold.ar_aging.open_amount_reporting per as_of date: all rows, and the rows not yet due. */
    private static Map<LocalDate, FinanceChecks.ArReportingTotal> agingAr(Function<TableDef, Dataset<Row>> read) {
        Map<LocalDate, FinanceChecks.ArReportingTotal> out = new TreeMap<>();
        for (Row r : read.apply(Tables.AR_AGING).groupBy("as_of").agg(sum("open_amount_reporting"),
                sum(when(col("days_past_due").leq(0), col("open_amount_reporting")).otherwise(lit(BigDecimal.ZERO))))
                .collectAsList()) {
            out.put(r.getDate(0).toLocalDate(), new FinanceChecks.ArReportingTotal(r.getDecimal(1), r.getDecimal(2)));
        }
        return out;
    }

    private static List<MrrSummaryRow> summaryRows(Function<TableDef, Dataset<Row>> read) {
        return summaryRows(read.apply(Tables.MRR_SUMMARY).orderBy("month").collectAsList(), Movement.COMPANY);
    }

    /** The bridge of every dimension value, entering and leaving included; violations name dimension=value. */
    private static List<String> dimensionBridges(Function<TableDef, Dataset<Row>> read) {
        Map<String, List<Row>> byValue = new TreeMap<>();
        for (Row r : read.apply(Tables.MRR_DIMENSION_MONTH).orderBy("dimension", "value", "month").collectAsList()) {
            byValue.computeIfAbsent(r.<String>getAs("dimension") + "=" + r.<String>getAs("value"),
                    k -> new ArrayList<>()).add(r);
        }
        List<String> out = new ArrayList<>();
        byValue.forEach((label, rows) -> SummaryCalculator.bridgeViolations(
                summaryRows(rows, java.util.Arrays.asList(Movement.values()))).forEach(v -> out.add(label + ": " + v)));
        return out;
    }

    private static List<MrrSummaryRow> summaryRows(List<Row> summary, List<Movement> columns) {
        List<MrrSummaryRow> rows = new ArrayList<>();
        for (Row r : summary) {
            YearMonth month = YearMonth.parse(r.getAs("month"));
            Map<Movement, BigDecimal> movements = new EnumMap<>(Movement.class);
            for (Movement m : columns) {
                movements.put(m, money(r, m.id()));
            }
            MonthTotals totals = new MonthTotals(month, money(r, "mrr"), money(r, "mrr_constant_currency"),
                    r.<Long>getAs("paying_customers"), movements, r.<Long>getAs("new_customers"),
                    r.<Long>getAs("churned_customers"));
            rows.add(new MrrSummaryRow(month, money(r, "mrr"), money(r, "mrr_constant_currency"), money(r, "arr"),
                    r.<Long>getAs("paying_customers"), totals, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null));
        }
        return rows;
    }

    /** Σ mrr_customer_month.mrr = mrr_summary.mrr for every month either table has. */
    private static List<String> customerSums(Function<TableDef, Dataset<Row>> read) {
        Dataset<Row> byCustomer = read.apply(Tables.MRR_CUSTOMER_MONTH).groupBy("month")
                .agg(sum("mrr").as("customer_mrr"));
        Dataset<Row> summary = read.apply(Tables.MRR_SUMMARY).select("month", "mrr");
        List<String> out = new ArrayList<>();
        for (Row r : summary.join(byCustomer, summary.col("month").equalTo(byCustomer.col("month")), "full_outer")
                .select(coalesce(summary.col("month"), byCustomer.col("month")).as("month"),
                        coalesce(col("mrr"), lit(BigDecimal.ZERO)).as("mrr"),
                        coalesce(col("customer_mrr"), lit(BigDecimal.ZERO)).as("customer_mrr"))
                .orderBy("month").collectAsList()) {
            BigDecimal mrr = r.getDecimal(1);
            BigDecimal customers = r.getDecimal(2);
            if (mrr.compareTo(customers) != 0) {
                out.add(r.getString(0) + ": gold.mrr_customer_month sums to " + customers.toPlainString()
                        + " but gold.mrr_summary.mrr is " + mrr.toPlainString());
            }
        }
        return out;
    }

    private static List<RevenueFacts.DeferredRow> deferredRows(Function<TableDef, Dataset<Row>> read) {
        List<RevenueFacts.DeferredRow> rows = new ArrayList<>();
        for (Row r : read.apply(Tables.DEFERRED_REVENUE).collectAsList()) {
            rows.add(new RevenueFacts.DeferredRow(YearMonth.parse(r.getAs("month")), r.getAs("currency"),
                    money(r, "opening"), money(r, "opening_unbilled"), money(r, "billings"), money(r, "recognized"),
                    money(r, "closing"), money(r, "closing_unbilled")));
        }
        return rows;
    }

    /** Revenue the schedules recognise (is_recognized rows), per month and currency. */
    private static Map<YearMonth, Map<String, BigDecimal>> recognizedBySchedule(Function<TableDef, Dataset<Row>> read) {
        Map<YearMonth, Map<String, BigDecimal>> out = new TreeMap<>();
        for (Row r : read.apply(Tables.REVENUE_SCHEDULE).filter(col("is_recognized"))
                .groupBy("month", "currency").agg(sum("recognized")).collectAsList()) {
            out.computeIfAbsent(YearMonth.parse(r.getString(0)), m -> new TreeMap<>()).put(r.getString(1),
                    r.getDecimal(2));
        }
        return out;
    }

    private static List<RevenueFacts.RpoRow> rpoRows(Function<TableDef, Dataset<Row>> read) {
        List<RevenueFacts.RpoRow> rows = new ArrayList<>();
        for (Row r : read.apply(Tables.RPO_MONTH).collectAsList()) {
            rows.add(new RevenueFacts.RpoRow(YearMonth.parse(r.getAs("month")), r.getAs("currency"),
                    money(r, "deferred"), money(r, "unbilled"), money(r, "backlog"), money(r, "rpo"), money(r, "crpo")));
        }
        return rows;
    }

    /** Σ debit and Σ credit of one journal entry in one currency. */
    record EntryTotal(String entryId, String currency, BigDecimal debit, BigDecimal credit) {
    }

    /** silver.journal_lines summed per entry and currency (an entry has a handful of lines; entries are collected). */
    private static List<EntryTotal> entryTotals(Function<TableDef, Dataset<Row>> read) {
        List<EntryTotal> out = new ArrayList<>();
        for (Row r : read.apply(Tables.silver(io.revlake.catalog.CanonicalEntity.JOURNAL_LINES))
                .groupBy("entry_id", "currency").agg(sum("debit"), sum("credit")).collectAsList()) {
            out.add(new EntryTotal(r.getString(0), r.getString(1), r.isNullAt(2) ? BigDecimal.ZERO : r.getDecimal(2),
                    r.isNullAt(3) ? BigDecimal.ZERO : r.getDecimal(3)));
        }
        return out;
    }

    /** One violation per entry and currency whose debits and credits differ, naming the entry; sorted. Pure. */
    static List<String> unbalancedEntries(List<EntryTotal> totals) {
        return totals.stream().filter(t -> t.debit().compareTo(t.credit()) != 0)
                .sorted(java.util.Comparator.comparing(EntryTotal::entryId).thenComparing(EntryTotal::currency))
                .map(t -> "journal entry " + t.entryId() + " (" + t.currency() + "): debits " + plain(t.debit())
                        + " ≠ credits " + plain(t.credit()) + ", off by " + plain(t.debit().subtract(t.credit())))
                .toList();
    }

    /** Silver amounts carry 6 decimals; 50.000000 reads better as 50. */
    private static String plain(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }

    private static List<Journal.Line> journalLines(Function<TableDef, Dataset<Row>> read) {
        List<Journal.Line> lines = new ArrayList<>();
        for (Row r : read.apply(Tables.FINANCE_JOURNAL).collectAsList()) {
            lines.add(new Journal.Line(YearMonth.parse(r.getAs("month")), r.getAs("currency"), r.getAs("entry"),
                    r.getAs("account"), money(r, "debit"), money(r, "credit")));
        }
        return lines;
    }

    private static BigDecimal money(Row r, String column) {
        BigDecimal v = r.getAs(column);
        return v == null ? BigDecimal.ZERO : v;
    }
}
