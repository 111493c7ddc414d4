package io.revlake.transform.finance;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSchemas;
import io.revlake.transform.incremental.DeltaReplace;
import io.revlake.transform.recurring.FxTable;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Silver invoices, lines, payments, credit notes, contracts, obligations and opportunities → the finance gold tables
 * (docs/finance.md).
 *
 * <p>Extract: the silver tables, up to the as-of date, become one frame of typed input rows keyed by customer.
 * Transform: one shuffle groups them by customer and {@link CustomerFinance} computes that customer's facts in
 * plain Java; the monthly totals are summed by Spark and brought to the driver, where the accounting identities are
 * checked ({@link FinanceChecks}) and the small tables (DSO, waterfall, roll-forward, RPO, journal, bookings) are
 * built. Load: only when every check passes is anything written, one Delta commit per table. A table whose inputs
 * are absent is skipped with a note ("unavailable"), never written as zeros.
 */
public final class FinanceJob {
    private static final org.apache.spark.sql.types.DataType INPUT_AMOUNT = DataTypes.createDecimalType(24, 6);
    private static final org.apache.spark.sql.types.DataType MONEY = DataTypes.createDecimalType(20, 2);

    /** Silver rows of every kind, keyed by customer. */
    static final StructType INPUT_SCHEMA = new StructType()
            .add("kind", DataTypes.StringType, false)
            .add("customer_id", DataTypes.StringType, true)
            .add("s1", DataTypes.StringType, true).add("s2", DataTypes.StringType, true)
            .add("s3", DataTypes.StringType, true).add("s4", DataTypes.StringType, true)
            .add("s5", DataTypes.StringType, true)
            .add("d1", DataTypes.DateType, true).add("d2", DataTypes.DateType, true).add("d3", DataTypes.DateType, true)
            .add("m1", INPUT_AMOUNT, true).add("m2", INPUT_AMOUNT, true);

    /** Facts of every kind a customer produces. */
    static final StructType FACT_SCHEMA;

    static {
        StructType s = new StructType().add("kind", DataTypes.StringType, false)
                .add("customer_id", DataTypes.StringType, true);
        for (int i = 1; i <= 6; i++) {
            s = s.add("s" + i, DataTypes.StringType, true);
        }
        for (int i = 1; i <= 3; i++) {
            s = s.add("d" + i, DataTypes.DateType, true);
        }
        s = s.add("n1", DataTypes.LongType, true).add("n2", DataTypes.LongType, true)
                .add("b1", DataTypes.BooleanType, true);
        for (int i = 1; i <= 9; i++) {
            s = s.add("m" + i, MONEY, true);
        }
        s = s.add("r1", DataTypes.createDecimalType(24, 10), true);
        for (int i = 1; i <= 3; i++) {
            s = s.add("x" + i, DataTypes.DoubleType, true);
        }
        FACT_SCHEMA = s;
    }

    private static final int FACT_WIDTH = FACT_SCHEMA.fields().length;

    private final SparkSession spark;
    private final String warehouse;
    private final Consumer<String> progress;
    /** The tables an incremental run writes by replacing the touched customers' rows ({@link #runForCustomers}). */
    public static final List<TableDef> CUSTOMER_TABLES = List.of(Tables.AR_AGING, Tables.OVERDUE_INVOICES,
            Tables.UNAPPLIED_CASH, Tables.CUSTOMER_PAYMENT_DAYS, Tables.REVENUE_SCHEDULE,
            Tables.DEFERRED_REVENUE_CUSTOMER, Tables.RPO_CUSTOMER);

    private final Map<CanonicalEntity, Boolean> present = new java.util.EnumMap<>(CanonicalEntity.class);

    public FinanceJob(SparkSession spark, String warehouse, Consumer<String> progress) {
        this.spark = spark;
        this.warehouse = warehouse;
        this.progress = progress;
    }

    /**
     * What the stage produced.
     *
     * @param rowCounts   table qualified name → rows written
     * @param unavailable table qualified name → why it was not written
     * @param policy      the policy the facts were computed with
     */
    public record Output(Map<String, Long> rowCounts, Map<String, String> unavailable, Map<String, String> policy) {
    }

    public Output run(LocalDate asOf, String reportingCurrency) {
        return run(asOf, reportingCurrency, FinancePolicy.defaults());
    }

    public Output run(LocalDate asOf, String reportingCurrency, FinancePolicy policy) {
        return run(asOf, reportingCurrency, policy, null);
    }

    /**
     * Why this warehouse's stored facts cannot be updated incrementally after a run recorded with
     * {@code previousPolicy}; empty when {@link #runForCustomers} gives the tables a full run gives.
     */
    public Optional<String> incrementalFallback(String reportingCurrency, Map<String, String> previousPolicy,
                                                Long recordedVersion) {
        List<String> stored = DeltaTables.exists(spark, Tables.FINANCE_CUSTOMER_FACTS, warehouse)
                ? java.util.Arrays.asList(DeltaTables.read(spark, Tables.FINANCE_CUSTOMER_FACTS, warehouse).columns())
                : null;
        Map<String, String> now = new LinkedHashMap<>(FinancePolicy.defaults().describe());
        now.put("reporting_currency", reportingCurrency);
        return FinanceFallback.reason(previousPolicy, now, Tables.FINANCE_CUSTOMER_FACTS.columnNames(), stored,
                recordedVersion, DeltaTables.version(spark, Tables.FINANCE_CUSTOMER_FACTS, warehouse));
    }

    /**
     * The tables of a full run, recomputing only the facts of {@code customers} (those whose silver rows changed)
     * and keeping every other customer's stored facts; the company tables and checks are derived from the whole set
     * exactly as in a full run. The caller has checked {@link #incrementalFallback}; the as-of date and FX rates are
     * those of the run that stored the facts.
     */
    public Output runForCustomers(LocalDate asOf, String reportingCurrency, Set<String> customers) {
        return run(asOf, reportingCurrency, FinancePolicy.defaults(), Set.copyOf(customers));
    }

    /** {@code only}: the customers whose facts are recomputed, the others' read from the stored facts; null: all. */
    private Output run(LocalDate asOf, String reportingCurrency, FinancePolicy policy, Set<String> only) {
        present.clear();
        boolean invoices = exists(CanonicalEntity.INVOICES);
        boolean payments = exists(CanonicalEntity.PAYMENTS);
        boolean contracts = exists(CanonicalEntity.CONTRACTS);
        boolean opportunities = exists(CanonicalEntity.OPPORTUNITIES);
        Map<String, String> unavailable = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, String> policyOut = new LinkedHashMap<>(policy.describe());
        policyOut.put("reporting_currency", reportingCurrency);

        FxTable fx = loadFx(reportingCurrency);
        List<Bookings.Booking> bookings = contracts || opportunities ? bookings(asOf, fx, contracts, opportunities) : null;

        Dataset<Row> facts = null;
        Dataset<Row> fresh = null; // an incremental run's recomputed facts, of the customers in only
        Aggregates agg = null;
        List<Billings.Row> billings = List.of();
        if (invoices || contracts) {
            if (invoices && !exists(CanonicalEntity.INVOICE_LINES)) {
                progress.accept("  invoice_lines absent: each invoice is recognised at its date unless a contract"
                        + " covers it");
            }
            Dataset<Row> in = inputs(asOf, invoices, payments, contracts);
            if (only == null) {
                facts = facts(in, asOf, policy, fx);
            } else {
                Dataset<Row> stored = DeltaTables.read(spark, Tables.FINANCE_CUSTOMER_FACTS, warehouse);
                stored = stored.select(java.util.Arrays.stream(FACT_SCHEMA.fieldNames()).map(c -> col(c))
                        .toArray(Column[]::new));
                if (only.isEmpty()) {
                    facts = stored;
                } else {
                    Object[] ids = only.toArray();
                    fresh = facts(in.filter(col("customer_id").isin(ids)), asOf, policy, fx)
                            .persist(StorageLevel.MEMORY_AND_DISK());
                    facts = stored.filter(not(col("customer_id").isin(ids))).unionByName(fresh);
                }
                progress.accept(String.format("  finance facts recomputed for %,d customers; the others' stored facts"
                        + " kept", only.size()));
            }
            facts = facts.persist(StorageLevel.MEMORY_AND_DISK());
            long started = System.nanoTime();
            agg = aggregate(facts, asOf);
            progress.accept(String.format("  finance facts of %,d customers summed in %.1f s", agg.count("customer"),
                    (System.nanoTime() - started) / 1e9));
            billings = invoices && payments ? Billings.rows(billed(facts), fx) : List.of();
            check(agg, billings, asOf, invoices, payments, policy, fx);
            progress.accept("  finance checks passed: aging = open AR (and DSO's AR, to the cent), billings rows ="
                    + " DSO billings, waterfall rows ="
                    + " billed, roll-forward ties, schedules = allocated prices, allocations = transaction prices, RPO"
                    + " ties, journal balances");
        }

        // ---- load: every check passed ----
        if (facts != null && only == null) {
            // Materialised above (persisted), so replacing the stored facts here does not change what is derived.
            // First: a run that stops after this has a facts version no run recorded, so the next one is full.
            DeltaTables.overwrite(facts, Tables.FINANCE_CUSTOMER_FACTS, warehouse);
        } else if (facts == null && DeltaTables.exists(spark, Tables.FINANCE_CUSTOMER_FACTS, warehouse)) {
            DeltaTables.overwrite(spark.createDataFrame(List.of(), FACT_SCHEMA), Tables.FINANCE_CUSTOMER_FACTS,
                    warehouse);
        }
        String needsAr = "needs invoices.csv and payments.csv";
        if (invoices && payments) {
            writeCustomers(arAging(facts), Tables.AR_AGING, agg.count("aging"), counts, only);
            writeCustomers(facts.filter(col("kind").equalTo("aging").and(col("d1").equalTo(lit(Date.valueOf(asOf))))
                    .and(col("n1").gt(0))).select(col("d1").as("as_of"), col("s1").as("invoice_id"),
                    col("customer_id"), col("d2").as("invoice_date"), col("d3").as("due_date"),
                    col("n1").as("days_past_due"), col("s3").as("bucket"), col("s4").as("status"),
                    col("s2").as("currency"), col("m2").as("total"), col("m1").as("open_amount"), col("r1").as("fx_rate"),
                    col("m3").as("open_amount_reporting")).orderBy("invoice_id"), Tables.OVERDUE_INVOICES,
                    agg.count("overdue"), counts, only);
            writeCustomers(facts.filter(col("kind").equalTo("unapplied")).select(col("d1").as("as_of"), col("customer_id"),
                    col("s2").as("currency"), col("m1").as("unapplied_amount"), col("r1").as("fx_rate"),
                    col("m3").as("unapplied_amount_reporting")).orderBy("as_of", "customer_id", "currency"),
                    Tables.UNAPPLIED_CASH, agg.count("unapplied"), counts, only);
            writeRows(dsoRows(agg, asOf, fx), Tables.DSO_MONTH, counts);
            writeRows(billingRows(billings), Tables.BILLINGS, counts);
            writeCustomers(facts.filter(col("kind").equalTo("paydays")).select(col("customer_id"), col("s2").as("currency"),
                    col("n1").as("payments"), col("n2").as("invoices_paid"), col("m1").as("amount_paid"),
                    col("x1").as("avg_days_to_pay"), col("x2").as("avg_days_late"), col("x3").as("share_paid_late"))
                    .orderBy("customer_id", "currency"), Tables.CUSTOMER_PAYMENT_DAYS, agg.count("paydays"), counts,
                    only);
        } else {
            for (TableDef t : List.of(Tables.AR_AGING, Tables.OVERDUE_INVOICES, Tables.UNAPPLIED_CASH, Tables.DSO_MONTH,
                    Tables.BILLINGS, Tables.CUSTOMER_PAYMENT_DAYS)) {
                unavailable.put(t.qualifiedName(), needsAr);
            }
        }
        if (bookings != null) {
            writeRows(bookingRows(bookings), Tables.BOOKINGS, counts);
            writeRows(bookingMonthRows(bookings), Tables.BOOKINGS_MONTH, counts);
        } else {
            unavailable.put(Tables.BOOKINGS.qualifiedName(), "needs contracts.csv or opportunities.csv");
            unavailable.put(Tables.BOOKINGS_MONTH.qualifiedName(), "needs contracts.csv or opportunities.csv");
        }
        if (facts != null) {
            writeCustomers(facts.filter(col("kind").equalTo("schedule")).select(col("s4").as("source"),
                    col("s1").as("obligation_id"), col("s3").as("contract_id"), col("customer_id"),
                    col("s6").as("method"), col("s5").as("month"), col("s2").as("currency"),
                    col("m1").as("allocated_price"), col("m2").as("recognized"), col("r1").as("fx_rate"),
                    col("m3").as("recognized_reporting"), col("b1").as("is_recognized"))
                    .orderBy("source", "obligation_id", "month"), Tables.REVENUE_SCHEDULE, agg.count("schedule"), counts,
                    only);
        } else {
            unavailable.put(Tables.REVENUE_SCHEDULE.qualifiedName(), "needs contracts.csv or invoices.csv");
        }
        if (facts != null && (invoices || policy.waterfallRows() == WaterfallRows.BOOKING)) {
            writeRows(waterfallRows(agg, asOf, fx), Tables.REVENUE_WATERFALL, counts);
        } else {
            unavailable.put(Tables.REVENUE_WATERFALL.qualifiedName(), "needs invoices.csv for billing-month rows");
        }
        if (invoices) {
            writeRows(deferredRows(agg, asOf, fx), Tables.DEFERRED_REVENUE, counts);
            writeRows(rpoRows(agg, asOf, fx), Tables.RPO_MONTH, counts);
            // The same customer facts the company rows are summed from, so Σ customers = company (a declared check).
            writeCustomers(facts.filter(col("kind").equalTo("deferred")).select(col("customer_id"), col("s5").as("month"),
                    col("s2").as("currency"), col("m1").as("opening"), col("m2").as("opening_unbilled"),
                    col("m3").as("billings"), col("m4").as("recognized"), col("m5").as("closing"),
                    col("m6").as("closing_unbilled"), col("r1").as("fx_rate"))
                    .orderBy("month", "currency", "customer_id"), Tables.DEFERRED_REVENUE_CUSTOMER,
                    agg.count("deferred"), counts, only);
            Dataset<Row> rpoCustomers = facts.filter(col("kind").equalTo("rpo").and(col("m1").notEqual(0)
                    .or(col("m2").notEqual(0)).or(col("m3").notEqual(0)).or(col("m4").notEqual(0))
                    .or(col("m5").notEqual(0)))).select(col("customer_id"), col("s5").as("month"),
                    col("s2").as("currency"), col("m1").as("deferred"), col("m2").as("unbilled"),
                    col("m3").as("backlog"), col("m4").as("rpo"), col("m5").as("crpo"), col("r1").as("fx_rate"))
                    .orderBy("month", "currency", "customer_id");
            writeCustomers(rpoCustomers, Tables.RPO_CUSTOMER, rpoCustomers.count(), counts, only);
        } else {
            unavailable.put(Tables.DEFERRED_REVENUE.qualifiedName(), "needs invoices.csv (billings)");
            unavailable.put(Tables.RPO_MONTH.qualifiedName(), "needs invoices.csv (billings)");
            unavailable.put(Tables.DEFERRED_REVENUE_CUSTOMER.qualifiedName(), "needs invoices.csv (billings)");
            unavailable.put(Tables.RPO_CUSTOMER.qualifiedName(), "needs invoices.csv (billings)");
        }
        if (invoices && payments) {
            writeRows(journalRows(agg), Tables.FINANCE_JOURNAL, counts);
        } else {
            unavailable.put(Tables.FINANCE_JOURNAL.qualifiedName(), needsAr);
        }
        if (facts != null && only != null) {
            // Last, and from the recomputed facts alone: a MERGE whose source is a cached plan over its own target
            // fails under deletion vectors (FAILED_READ_FILE: useMetadataRowIndex is enabled but rowIndexColumn is
            // not defined, seen at 30k customers). A run that stops before this recomputes the same customers next.
            if (fresh != null) {
                DeltaReplace.customers(spark, Tables.FINANCE_CUSTOMER_FACTS, warehouse, only, fresh);
                fresh.unpersist();
            }
        }
        if (facts != null) {
            facts.unpersist();
        }
        unavailable.forEach((t, why) -> progress.accept("  " + t + ": unavailable (" + why + ")"));
        counts.forEach((t, n) -> progress.accept(String.format("  %s: %,d rows", t, n)));
        return new Output(counts, unavailable, policyOut);
    }

    // ================================================================================================= extract

    /** Whether a silver table exists, asked once per run (each answer reads the table's Delta log). */
    private boolean exists(CanonicalEntity e) {
        return present.computeIfAbsent(e, x -> DeltaTables.exists(spark, Tables.silver(x), warehouse));
    }

    private Dataset<Row> silver(CanonicalEntity e) {
        return DeltaTables.read(spark, Tables.silver(e), warehouse);
    }

    private FxTable loadFx(String reportingCurrency) {
        FxTable fx = new FxTable(reportingCurrency);
        if (exists(CanonicalEntity.FX_RATES)) {
            for (Row r : silver(CanonicalEntity.FX_RATES).select("currency", "date", "rate_to_reporting").collectAsList()) {
                fx.put(r.getString(0), r.getDate(1).toLocalDate(), r.getDecimal(2));
            }
        }
        return fx;
    }

    private static Column nul() {
        return lit(null);
    }

    private static Dataset<Row> shape(Dataset<Row> df, String kind, Column customer, Column... rest) {
        Column[] cols = new Column[INPUT_SCHEMA.fields().length];
        cols[0] = lit(kind);
        cols[1] = customer;
        System.arraycopy(rest, 0, cols, 2, rest.length);
        for (int i = 0; i < cols.length; i++) {
            var f = INPUT_SCHEMA.fields()[i];
            cols[i] = (cols[i] == null ? nul() : cols[i]).cast(f.dataType()).as(f.name());
        }
        return df.select(cols);
    }

    /** The silver rows that count at the as-of date, as one frame of {@link #INPUT_SCHEMA}. */
    private Dataset<Row> inputs(LocalDate asOf, boolean invoices, boolean payments, boolean contracts) {
        Column asOfLit = lit(Date.valueOf(asOf));
        List<Dataset<Row>> parts = new ArrayList<>();
        if (invoices) {
            Dataset<Row> inv = silver(CanonicalEntity.INVOICES).filter(col("invoice_date").leq(asOfLit));
            parts.add(shape(inv, "invoice", col("customer_id"), col("invoice_id"), col("currency"), col("status"), null,
                    null, col("invoice_date"), col("due_date"), to_date(col("updated_at")), col("subtotal"), col("total")));
            Dataset<Row> owner = inv.select(col("invoice_id").as("_inv"), col("customer_id").as("_cust"));
            if (exists(CanonicalEntity.INVOICE_LINES)) {
                Dataset<Row> lines = silver(CanonicalEntity.INVOICE_LINES).join(owner, col("invoice_id").equalTo(col("_inv")));
                parts.add(shape(lines, "line", col("_cust"), col("line_id"), col("invoice_id"), col("item_id"),
                        col("line_type"), col("obligation_id"), col("service_start"), col("service_end"), null,
                        col("amount"), null));
            }
            if (exists(CanonicalEntity.CREDIT_NOTES)) {
                Dataset<Row> cn = silver(CanonicalEntity.CREDIT_NOTES).filter(col("issue_date").leq(asOfLit))
                        .join(owner, col("invoice_id").equalTo(col("_inv")));
                parts.add(shape(cn, "credit", col("_cust"), col("credit_note_id"), col("invoice_id"), col("currency"),
                        null, null, col("issue_date"), null, null, col("amount"), null));
            }
            if (exists(CanonicalEntity.SUBSCRIPTION_ITEMS)) {
                Dataset<Row> items = silver(CanonicalEntity.SUBSCRIPTION_ITEMS)
                        .filter(col("end_date").isNotNull().and(col("end_date").leq(asOfLit)));
                parts.add(shape(items, "item", col("customer_id"), col("item_id"), null, null, null, null,
                        col("end_date"), null, null, null, null));
            }
        }
        if (payments) {
            Dataset<Row> p = silver(CanonicalEntity.PAYMENTS).filter(col("payment_date").leq(asOfLit));
            parts.add(shape(p, "payment", col("customer_id"), col("payment_id"), col("invoice_id"), col("currency"), null,
                    null, col("payment_date"), null, null, col("amount"), null));
        }
        if (contracts) {
            Dataset<Row> c = silver(CanonicalEntity.CONTRACTS).filter(col("signed_date").leq(asOfLit));
            Column oppType = nul();
            if (exists(CanonicalEntity.OPPORTUNITIES)) {
                Dataset<Row> opp = silver(CanonicalEntity.OPPORTUNITIES)
                        .select(col("opportunity_id").as("_opp"), col("type").as("_opp_type"));
                c = c.join(opp, col("opportunity_id").equalTo(col("_opp")), "left");
                oppType = col("_opp_type");
            }
            parts.add(shape(c, "contract", col("customer_id"), col("contract_id"), col("opportunity_id"),
                    col("currency"), oppType, null, col("signed_date"), col("start_date"), col("end_date"),
                    col("transaction_price"), null));
            if (exists(CanonicalEntity.OBLIGATIONS)) {
                Dataset<Row> owner = c.select(col("contract_id").as("_ct"), col("customer_id").as("_cust"));
                Dataset<Row> ob = silver(CanonicalEntity.OBLIGATIONS).join(owner, col("contract_id").equalTo(col("_ct")));
                parts.add(shape(ob, "obligation", col("_cust"), col("obligation_id"), col("contract_id"),
                        col("product_id"), col("method"), null, col("start_date"), col("end_date"),
                        col("delivery_date"), col("ssp"), null));
            }
        }
        Dataset<Row> all = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            all = all.unionByName(parts.get(i));
        }
        return all.filter(col("customer_id").isNotNull());
    }

    // ================================================================================================= transform

    private static LocalDate date(Row r, String field) {
        Date d = r.getAs(field);
        return d == null ? null : d.toLocalDate();
    }

    private static BigDecimal amount(Row r, String field) {
        return r.getAs(field);
    }

    static CustomerFinance.Input customerInput(String customerId, java.util.Iterator<Row> rows, LocalDate asOf) {
        List<Invoice> invoices = new ArrayList<>();
        List<InvoiceLine> lines = new ArrayList<>();
        List<Payment> payments = new ArrayList<>();
        List<CreditNote> credits = new ArrayList<>();
        List<Contract> contracts = new ArrayList<>();
        List<Obligation> obligations = new ArrayList<>();
        Map<String, LocalDate> itemEnds = new HashMap<>();
        while (rows.hasNext()) {
            Row r = rows.next();
            String s1 = r.getAs("s1");
            String s2 = r.getAs("s2");
            String s3 = r.getAs("s3");
            String s4 = r.getAs("s4");
            String s5 = r.getAs("s5");
            switch (r.<String>getAs("kind")) {
                case "invoice" -> {
                    LocalDate invoiceDate = date(r, "d1");
                    invoices.add(new Invoice(s1, customerId, invoiceDate, date(r, "d2"), s2, amount(r, "m1"),
                            amount(r, "m2"), s3, Invoice.writeOffDate(s3, date(r, "d3"), invoiceDate, asOf)));
                }
                case "line" -> lines.add(new InvoiceLine(s1, s2, s3, s4, amount(r, "m1"), date(r, "d1"), date(r, "d2"), s5));
                case "payment" -> payments.add(new Payment(s1, customerId, s2, date(r, "d1"), amount(r, "m1"), s3));
                case "credit" -> credits.add(new CreditNote(s1, s2, date(r, "d1"), amount(r, "m1"), s3));
                case "contract" -> contracts.add(new Contract(s1, customerId, s2, s4, date(r, "d1"), date(r, "d2"),
                        date(r, "d3"), s3, amount(r, "m1")));
                case "obligation" -> obligations.add(new Obligation(s1, s2, s3, RecognitionMethod.parse(s4),
                        amount(r, "m1"), date(r, "d1"), date(r, "d2"), date(r, "d3")));
                case "item" -> itemEnds.put(s1, date(r, "d1"));
                default -> throw new IllegalStateException("unknown input kind " + r.getAs("kind"));
            }
        }
        return new CustomerFinance.Input(customerId, invoices, lines, payments, credits, contracts, obligations, itemEnds);
    }

    private static Object[] fact(String kind, String customerId) {
        Object[] v = new Object[FACT_WIDTH];
        v[0] = kind;
        v[1] = customerId;
        return v;
    }

    // positions in FACT_SCHEMA
    private static final int S1 = 2;
    private static final int D1 = 8;
    private static final int N1 = 11;
    private static final int B1 = 13;
    private static final int M1 = 14;
    private static final int R1 = 23;
    private static final int X1 = 24;

    /** The date a month's balances are converted at: its last day, or the as-of date within the as-of month. */
    private static LocalDate monthEnd(YearMonth month, LocalDate asOf) {
        return month.atEndOfMonth().isAfter(asOf) ? asOf : month.atEndOfMonth();
    }

    private static Date sql(LocalDate d) {
        return d == null ? null : Date.valueOf(d);
    }

    static List<Row> factRows(String customerId, CustomerFinance.Output out, LocalDate asOf, FxTable fx) {
        List<Row> rows = new ArrayList<>();
        rows.add(RowFactory.create(fact("customer", customerId)));
        for (Receivables.AgingLine a : out.aging()) {
            Object[] v = fact("aging", customerId);
            BigDecimal rate = fx.rate(a.currency(), a.asOf());
            v[D1] = sql(a.asOf());
            v[S1] = a.invoiceId();
            v[D1 + 1] = sql(a.invoiceDate());
            v[D1 + 2] = sql(a.dueDate());
            v[N1] = a.daysPastDue();
            v[S1 + 1] = a.currency();
            v[S1 + 2] = a.bucket();
            v[S1 + 3] = a.status();
            v[M1] = a.openAmount();
            v[M1 + 1] = a.total();
            v[R1] = rate;
            v[M1 + 2] = a.openAmountReporting(fx);
            rows.add(RowFactory.create(v));
        }
        for (var e : Dso.arReporting(out.aging(), asOf, fx).entrySet()) {
            Object[] v = fact("arreporting", customerId);
            v[D1] = sql(e.getKey());
            v[M1] = e.getValue().arEnd();
            v[M1 + 1] = e.getValue().currentArEnd();
            v[M1 + 2] = e.getValue().arStart();
            rows.add(RowFactory.create(v));
        }
        for (Receivables.Unapplied u : out.unapplied()) {
            Object[] v = fact("unapplied", u.customerId());
            BigDecimal rate = fx.rate(u.currency(), u.asOf());
            v[D1] = sql(u.asOf());
            v[S1 + 1] = u.currency();
            v[M1] = Cents.round(u.amount());
            v[R1] = rate;
            v[M1 + 2] = Cents.round(u.amount().multiply(rate));
            rows.add(RowFactory.create(v));
        }
        for (Receivables.MonthFlows f : out.flows()) {
            Object[] v = fact("flows", customerId);
            v[S1 + 4] = f.month().toString();
            v[D1] = sql(f.snapshot());
            v[S1 + 1] = f.currency();
            BigDecimal[] m = {f.arEnd(), f.currentArEnd(), f.billingsTotal(), f.billingsExTax(), f.credits(),
                    f.creditsExTax(), f.cashReceived(), f.unappliedEnd(), f.writeOffs()};
            for (int i = 0; i < m.length; i++) {
                v[M1 + i] = Cents.round(m[i]);
            }
            rows.add(RowFactory.create(v));
        }
        for (Billings.Billed b : out.billed()) {
            Object[] v = fact("billing", customerId);
            v[S1] = b.invoiceId();
            v[S1 + 1] = b.currency();
            v[S1 + 4] = b.month().toString();
            v[D1] = sql(b.snapshot());
            v[D1 + 1] = sql(b.invoiceDate());
            v[M1] = b.total();
            rows.add(RowFactory.create(v));
        }
        for (Receivables.PaymentDays p : out.paymentDays()) {
            Object[] v = fact("paydays", p.customerId());
            v[S1 + 1] = p.currency();
            v[N1] = p.payments();
            v[N1 + 1] = p.invoicesPaid();
            v[M1] = Cents.round(p.amountPaid());
            v[X1] = p.avgDaysToPay();
            v[X1 + 1] = p.avgDaysLate();
            v[X1 + 2] = p.sharePaidLate();
            rows.add(RowFactory.create(v));
        }
        RevenueFacts.Facts rf = out.revenueFacts();
        for (RevenueFacts.ScheduleRow s : rf.schedule()) {
            Object[] v = fact("schedule", customerId);
            BigDecimal rate = fx.rate(s.currency(), s.month().atEndOfMonth());
            v[S1] = s.obligationId();
            v[S1 + 1] = s.currency();
            v[S1 + 2] = s.contractId();
            v[S1 + 3] = s.source();
            v[S1 + 4] = s.month().toString();
            v[S1 + 5] = s.method();
            v[M1] = s.allocatedPrice();
            v[M1 + 1] = s.recognized();
            v[B1] = s.isRecognized();
            v[R1] = rate;
            v[M1 + 2] = Cents.round(s.recognized().multiply(rate));
            rows.add(RowFactory.create(v));
        }
        for (RevenueFacts.WaterfallCell w : rf.waterfall()) {
            Object[] v = fact("waterfall", customerId);
            v[S1 + 4] = w.rowMonth();
            v[S1 + 5] = w.recognitionMonth();
            v[S1 + 1] = w.currency();
            v[M1] = w.amount();
            rows.add(RowFactory.create(v));
        }
        for (RevenueFacts.RowTotal t : rf.rowTotals()) {
            Object[] v = fact("rowtotal", customerId);
            v[S1 + 4] = t.rowMonth();
            v[S1 + 1] = t.currency();
            v[M1] = t.amount();
            rows.add(RowFactory.create(v));
        }
        for (RevenueFacts.DeferredRow d : rf.deferred()) {
            Object[] v = fact("deferred", customerId);
            v[S1 + 4] = d.month().toString();
            v[S1 + 1] = d.currency();
            BigDecimal[] m = {d.opening(), d.openingUnbilled(), d.billings(), d.recognized(), d.closing(),
                    d.closingUnbilled()};
            System.arraycopy(m, 0, v, M1, m.length);
            v[R1] = fx.rate(d.currency(), monthEnd(d.month(), asOf));
            rows.add(RowFactory.create(v));
        }
        for (RevenueFacts.RpoRow p : rf.rpo()) {
            Object[] v = fact("rpo", customerId);
            v[S1 + 4] = p.month().toString();
            v[S1 + 1] = p.currency();
            BigDecimal[] m = {p.deferred(), p.unbilled(), p.backlog(), p.rpo(), p.crpo()};
            System.arraycopy(m, 0, v, M1, m.length);
            v[R1] = fx.rate(p.currency(), monthEnd(p.month(), asOf));
            rows.add(RowFactory.create(v));
        }
        for (String message : out.violations()) {
            Object[] v = fact("violation", customerId);
            v[S1] = message;
            rows.add(RowFactory.create(v));
        }
        return rows;
    }

    private Dataset<Row> facts(Dataset<Row> inputs, LocalDate asOf, FinancePolicy policy, FxTable fx) {
        return inputs.groupByKey((MapFunction<Row, String>) r -> r.getAs("customer_id"), Encoders.STRING())
                .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (customerId, rows) -> {
                    CustomerFinance.Input in = customerInput(customerId, rows, asOf);
                    CustomerFinance.Output out = CustomerFinance.compute(in, asOf, policy, fx);
                    return factRows(customerId, out, asOf, fx).iterator();
                }, Encoders.row(FACT_SCHEMA));
    }

    /** The monthly totals and check inputs, summed over customers and brought to the driver. */
    record Aggregates(List<Receivables.MonthFlows> flows, Map<LocalDate, Map<String, BigDecimal>> agingTotals,
                      Map<LocalDate, FinanceChecks.ArReportingTotal> agingReportingTotals,
                      Map<LocalDate, Dso.ArReporting> arReporting,
                      List<RevenueFacts.WaterfallCell> waterfall, List<RevenueFacts.RowTotal> rowTotals,
                      List<RevenueFacts.DeferredRow> deferred, List<RevenueFacts.RpoRow> rpo,
                      Map<YearMonth, Map<String, BigDecimal>> recognizedBySchedule, List<String> violations,
                      Map<String, Long> counts) {
        long count(String kind) {
            return counts.getOrDefault(kind, 0L);
        }
    }

    private static Column[] sums(int n) {
        Column[] c = new Column[n];
        for (int i = 0; i < n; i++) {
            c[i] = sum("m" + (i + 1));
        }
        return c;
    }

    private static BigDecimal dec(Row r, int i) {
        BigDecimal v = r.getDecimal(i);
        return v == null ? BigDecimal.ZERO : v;
    }

    private static Column typedNull(String name, org.apache.spark.sql.types.DataType type) {
        return lit(null).cast(type).as(name);
    }

    /**
     * One job sums every monthly fact per kind and key; the aging totals and the recognised revenue of the schedules
     * (the check inputs) ride along. A second small job counts the rows of each kind.
     */
    private static Aggregates aggregate(Dataset<Row> facts, LocalDate asOf) {
        List<Column> amounts = new ArrayList<>();
        List<Column> nullAmounts = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            amounts.add(col("m" + i));
            nullAmounts.add(typedNull("m" + i, MONEY));
        }
        List<Column> small = new ArrayList<>(List.of(col("kind"), col("s5"), col("s6"), col("s2"), col("d1")));
        small.addAll(amounts);
        List<Column> recognized = new ArrayList<>(List.of(lit("recognized").as("kind"), col("s5"),
                typedNull("s6", DataTypes.StringType), col("s2"), typedNull("d1", DataTypes.DateType),
                col("m2").as("m1")));
        recognized.addAll(nullAmounts.subList(1, 9));
        List<Column> aging = new ArrayList<>(List.of(lit("agingtotal").as("kind"), typedNull("s5", DataTypes.StringType),
                typedNull("s6", DataTypes.StringType), col("s2"), col("d1"), col("m1"), col("m3").as("m2"),
                org.apache.spark.sql.functions.when(col("n1").leq(0), col("m3")).as("m3")));
        aging.addAll(nullAmounts.subList(3, 9));
        Dataset<Row> keyed = facts.filter(col("kind").isin("flows", "waterfall", "rowtotal", "deferred", "rpo",
                        "arreporting"))
                .select(small.toArray(Column[]::new))
                .unionByName(facts.filter(col("kind").equalTo("schedule").and(col("b1")))
                        .select(recognized.toArray(Column[]::new)))
                .unionByName(facts.filter(col("kind").equalTo("aging")).select(aging.toArray(Column[]::new)));
        List<Receivables.MonthFlows> flows = new ArrayList<>();
        Map<LocalDate, Map<String, BigDecimal>> agingTotals = new TreeMap<>();
        Map<LocalDate, FinanceChecks.ArReportingTotal> agingReportingTotals = new TreeMap<>();
        Map<LocalDate, Dso.ArReporting> arReporting = new TreeMap<>();
        List<RevenueFacts.WaterfallCell> waterfall = new ArrayList<>();
        List<RevenueFacts.RowTotal> totals = new ArrayList<>();
        List<RevenueFacts.DeferredRow> deferred = new ArrayList<>();
        List<RevenueFacts.RpoRow> rpo = new ArrayList<>();
        Map<YearMonth, Map<String, BigDecimal>> recognizedBySchedule = new TreeMap<>();
        for (Row r : keyed.groupBy("kind", "s5", "s6", "s2", "d1").agg(sum("m1"),
                java.util.Arrays.copyOfRange(sums(9), 1, 9)).collectAsList()) {
            String s5 = r.getString(1);
            String currency = r.getString(3);
            switch (r.getString(0)) {
                case "flows" -> flows.add(new Receivables.MonthFlows(YearMonth.parse(s5), r.getDate(4).toLocalDate(),
                        currency, dec(r, 5), dec(r, 6), dec(r, 7), dec(r, 8), dec(r, 9), dec(r, 10), dec(r, 11),
                        dec(r, 12), dec(r, 13)));
                case "waterfall" -> waterfall.add(new RevenueFacts.WaterfallCell(s5, r.getString(2), currency, dec(r, 5)));
                case "rowtotal" -> totals.add(new RevenueFacts.RowTotal(s5, currency, dec(r, 5)));
                case "deferred" -> deferred.add(new RevenueFacts.DeferredRow(YearMonth.parse(s5), currency, dec(r, 5),
                        dec(r, 6), dec(r, 7), dec(r, 8), dec(r, 9), dec(r, 10)));
                case "rpo" -> rpo.add(new RevenueFacts.RpoRow(YearMonth.parse(s5), currency, dec(r, 5), dec(r, 6),
                        dec(r, 7), dec(r, 8), dec(r, 9)));
                case "recognized" -> recognizedBySchedule.computeIfAbsent(YearMonth.parse(s5), m -> new TreeMap<>())
                        .put(currency, dec(r, 5));
                case "agingtotal" -> {
                    agingTotals.computeIfAbsent(r.getDate(4).toLocalDate(), d -> new TreeMap<>()).put(currency, dec(r, 5));
                    agingReportingTotals.merge(r.getDate(4).toLocalDate(),
                            new FinanceChecks.ArReportingTotal(dec(r, 6), dec(r, 7)), FinanceChecks.ArReportingTotal::plus);
                }
                case "arreporting" -> arReporting.put(r.getDate(4).toLocalDate(),
                        new Dso.ArReporting(dec(r, 5), dec(r, 6), dec(r, 7)));
                default -> throw new IllegalStateException("unexpected fact kind " + r.getString(0));
            }
        }
        deferred.sort(java.util.Comparator.comparing(RevenueFacts.DeferredRow::month)
                .thenComparing(RevenueFacts.DeferredRow::currency));
        rpo.sort(java.util.Comparator.comparing(RevenueFacts.RpoRow::month).thenComparing(RevenueFacts.RpoRow::currency));
        Map<String, Long> counts = new HashMap<>();
        for (Row r : facts.groupBy("kind").agg(org.apache.spark.sql.functions.count(lit(1)),
                sum(org.apache.spark.sql.functions.when(col("d1").equalTo(lit(Date.valueOf(asOf)))
                        .and(col("n1").gt(0)), 1L).otherwise(0L))).collectAsList()) {
            counts.put(r.getString(0), r.getLong(1));
            if (r.getString(0).equals("aging")) {
                counts.put("overdue", r.getLong(2));
            }
        }
        List<String> violations = new ArrayList<>();
        if (counts.getOrDefault("violation", 0L) > 0) {
            for (Row r : facts.filter(col("kind").equalTo("violation")).select("customer_id", "s1")
                    .orderBy("customer_id", "s1").limit(50).collectAsList()) {
                violations.add("customer " + r.getString(0) + ": " + r.getString(1));
            }
        }
        return new Aggregates(flows, agingTotals, agingReportingTotals, arReporting, waterfall, totals, deferred, rpo,
                recognizedBySchedule, violations, counts);
    }

    /** Runs the blocking checks; throws with every violation when one fails, before anything is written. */
    private static void check(Aggregates agg, List<Billings.Row> billings, LocalDate asOf, boolean invoices,
                              boolean payments, FinancePolicy policy, FxTable fx) {
        List<String> violations = new ArrayList<>(agg.violations());
        if (invoices) {
            violations.addAll(FinanceChecks.agingMatchesArFlows(agg.flows(), agg.agingTotals()));
            if (payments) {
                List<Dso.DsoMonth> dso = dsoMonths(agg, asOf, fx);
                violations.addAll(FinanceChecks.arEndMatchesAging(dso, agg.agingReportingTotals()));
                violations.addAll(FinanceChecks.billingsMatchFlows(billings, agg.flows()));
                violations.addAll(FinanceChecks.billingsMatchDso(Billings.reportingByMonth(billings),
                        dsoBillings(dso)));
            }
            violations.addAll(FinanceChecks.rollForwardTies(agg.deferred(), agg.recognizedBySchedule(), agg.flows()));
            violations.addAll(FinanceChecks.rpoTies(agg.rpo(), agg.deferred()));
            if (payments) {
                violations.addAll(FinanceChecks.journalBalances(Journal.entries(agg.flows(), agg.deferred())));
            }
        }
        if (invoices || policy.waterfallRows() == WaterfallRows.BOOKING) {
            violations.addAll(FinanceChecks.waterfallRowsMatchBilled(agg.waterfall(), agg.rowTotals()));
        }
        if (!violations.isEmpty()) {
            throw new IllegalStateException("Finance checks failed as of " + asOf + "; no finance table was published:\n  "
                    + String.join("\n  ", violations.subList(0, Math.min(50, violations.size())))
                    + (violations.size() > 50 ? "\n  … and " + (violations.size() - 50) + " more" : ""));
        }
    }

    // ================================================================================================= load

    private void write(Dataset<Row> df, TableDef table, long rows, Map<String, Long> counts) {
        DeltaTables.overwrite(df, table, warehouse);
        counts.put(table.qualifiedName(), rows);
    }

    /**
     * A per-customer table: in full, or, when only {@code only}'s facts were recomputed (an incremental run), just
     * their rows; the other customers' rows stay as the previous run wrote them from the same stored facts.
     */
    private void writeCustomers(Dataset<Row> df, TableDef table, long rows, Map<String, Long> counts,
                                Set<String> only) {
        if (only == null || !DeltaTables.exists(spark, table, warehouse)) {
            write(df, table, rows, counts);
            return;
        }
        DeltaReplace.customers(spark, table, warehouse, only, ofCustomers(df, only));
        counts.put(table.qualifiedName(), rows);
    }

    private static Dataset<Row> ofCustomers(Dataset<Row> df, Set<String> customers) {
        return df.filter(col("customer_id").isin(customers.toArray()));
    }

    private void writeRows(List<Row> rows, TableDef table, Map<String, Long> counts) {
        DeltaTables.overwrite(spark.createDataFrame(rows, SparkSchemas.schema(table)), table, warehouse);
        counts.put(table.qualifiedName(), (long) rows.size());
    }

    private static Dataset<Row> arAging(Dataset<Row> facts) {
        return facts.filter(col("kind").equalTo("aging")).select(col("d1").as("as_of"), col("customer_id"),
                col("s1").as("invoice_id"), col("d2").as("invoice_date"), col("d3").as("due_date"),
                col("n1").as("days_past_due"), col("s2").as("currency"), col("s3").as("bucket"),
                col("m1").as("open_amount"), col("r1").as("fx_rate"), col("m3").as("open_amount_reporting"))
                .orderBy("as_of", "invoice_id");
    }

    private static List<Dso.DsoMonth> dsoMonths(Aggregates agg, LocalDate asOf, FxTable fx) {
        YearMonth first = agg.flows().stream().map(Receivables.MonthFlows::month).min(YearMonth::compareTo)
                .orElse(YearMonth.from(asOf));
        return Dso.months(agg.flows(), agg.arReporting(), Receivables.snapshots(first, asOf), fx);
    }

    /** Every customer's billed invoices, brought to the driver: a month's figure is split over all of them. */
    private static List<Billings.Billed> billed(Dataset<Row> facts) {
        List<Billings.Billed> out = new ArrayList<>();
        for (Row r : facts.filter(col("kind").equalTo("billing")).select("s1", "customer_id", "d2", "d1", "s2", "m1")
                .collectAsList()) {
            out.add(new Billings.Billed(r.getString(0), r.getString(1), r.getDate(2).toLocalDate(),
                    r.getDate(3).toLocalDate(), r.getString(4), r.getDecimal(5)));
        }
        return out;
    }

    private static List<Row> billingRows(List<Billings.Row> billings) {
        List<Row> rows = new ArrayList<>();
        for (Billings.Row b : billings) {
            Billings.Billed i = b.invoice();
            rows.add(RowFactory.create(i.invoiceId(), i.customerId(), sql(i.invoiceDate()), i.month().toString(),
                    sql(i.snapshot()), i.currency(), i.total(), b.fxRate(), b.totalReporting()));
        }
        rows.sort(java.util.Comparator.comparing((Row r) -> r.getString(3)).thenComparing(r -> r.getString(0)));
        return rows;
    }

    private static Map<YearMonth, BigDecimal> dsoBillings(List<Dso.DsoMonth> dso) {
        Map<YearMonth, BigDecimal> out = new TreeMap<>();
        dso.forEach(d -> out.put(d.month(), d.billings()));
        return out;
    }

    private static List<Row> dsoRows(Aggregates agg, LocalDate asOf, FxTable fx) {
        List<Row> rows = new ArrayList<>();
        for (Dso.DsoMonth d : dsoMonths(agg, asOf, fx)) {
            rows.add(RowFactory.create(d.month().toString(), sql(d.snapshot()), d.days(), d.arStart(), d.billings(),
                    d.arEnd(), d.currentArEnd(), d.writeOffs(), d.dsoSimple(), d.dsoCountback(), d.cei()));
        }
        return rows;
    }

    private List<Bookings.Booking> bookings(LocalDate asOf, FxTable fx, boolean contracts, boolean opportunities) {
        Map<String, String> oppType = new HashMap<>();
        List<Opportunity> won = new ArrayList<>();
        if (opportunities) {
            for (Row r : silver(CanonicalEntity.OPPORTUNITIES).select("opportunity_id", "customer_id", "type",
                    "close_date", "amount", "currency", "is_closed", "is_won").collectAsList()) {
                oppType.put(r.getString(0), r.getString(2));
                if (Boolean.TRUE.equals(r.getAs("is_closed")) && Boolean.TRUE.equals(r.getAs("is_won"))) {
                    won.add(new Opportunity(r.getString(0), r.getString(1), r.getString(2), r.getDate(3).toLocalDate(),
                            r.getDecimal(4), r.getString(5)));
                }
            }
        }
        List<Contract> list = new ArrayList<>();
        if (contracts) {
            for (Row r : silver(CanonicalEntity.CONTRACTS).select("contract_id", "customer_id", "opportunity_id",
                    "signed_date", "start_date", "end_date", "currency", "transaction_price").collectAsList()) {
                String opp = r.getString(2);
                list.add(new Contract(r.getString(0), r.getString(1), opp, opp == null ? null : oppType.get(opp),
                        r.getDate(3).toLocalDate(), r.getDate(4).toLocalDate(), r.getDate(5).toLocalDate(),
                        r.getString(6), r.getDecimal(7)));
            }
        }
        return Bookings.bookings(list, won, asOf, fx);
    }

    private static List<Row> bookingRows(List<Bookings.Booking> bookings) {
        List<Row> rows = new ArrayList<>();
        for (Bookings.Booking b : bookings) {
            rows.add(RowFactory.create(b.source(), b.bookingId(), b.customerId(), sql(b.bookedDate()),
                    b.month().toString(), b.type(), b.currency(), b.tcv(), b.contractYears(), b.acv(), b.fxRate(),
                    b.tcvReporting(), b.acvReporting()));
        }
        return rows;
    }

    private static List<Row> bookingMonthRows(List<Bookings.Booking> bookings) {
        List<Row> rows = new ArrayList<>();
        for (Bookings.MonthType m : Bookings.byMonth(bookings)) {
            rows.add(RowFactory.create(m.month().toString(), m.type(), m.bookings(), Cents.round(m.tcv()),
                    Cents.round(m.acv())));
        }
        return rows;
    }

    private static boolean isMonth(String s) {
        return s.matches("\\d{4}-\\d{2}");
    }

    private static List<Row> waterfallRows(Aggregates agg, LocalDate asOf, FxTable fx) {
        YearMonth asOfMonth = YearMonth.from(asOf);
        List<RevenueFacts.WaterfallCell> cells = new ArrayList<>(agg.waterfall());
        cells.sort(java.util.Comparator.comparing(RevenueFacts.WaterfallCell::rowMonth)
                .thenComparing(RevenueFacts.WaterfallCell::recognitionMonth)
                .thenComparing(RevenueFacts.WaterfallCell::currency));
        List<Row> rows = new ArrayList<>();
        for (RevenueFacts.WaterfallCell c : cells) {
            String rateMonth = isMonth(c.recognitionMonth()) ? c.recognitionMonth() : c.rowMonth();
            LocalDate rateDate = isMonth(rateMonth) ? YearMonth.parse(rateMonth).atEndOfMonth() : asOf;
            BigDecimal rate = fx.rate(c.currency(), rateDate);
            boolean recognized = isMonth(c.recognitionMonth()) && !YearMonth.parse(c.recognitionMonth()).isAfter(asOfMonth);
            rows.add(RowFactory.create(c.rowMonth(), c.recognitionMonth(), c.currency(), Cents.round(c.amount()), rate,
                    Cents.round(c.amount().multiply(rate)), recognized));
        }
        return rows;
    }

    /** Months from each currency's first row to the as-of month; a month without activity carries the balances. */
    private static List<RevenueFacts.DeferredRow> filledDeferred(Aggregates agg, LocalDate asOf) {
        Map<String, TreeMap<YearMonth, RevenueFacts.DeferredRow>> byCurrency = new TreeMap<>();
        agg.deferred().forEach(d -> byCurrency.computeIfAbsent(d.currency(), c -> new TreeMap<>()).put(d.month(), d));
        List<RevenueFacts.DeferredRow> out = new ArrayList<>();
        byCurrency.forEach((currency, series) -> {
            BigDecimal closing = BigDecimal.ZERO;
            BigDecimal unbilled = BigDecimal.ZERO;
            for (YearMonth m = series.firstKey(); !m.isAfter(YearMonth.from(asOf)); m = m.plusMonths(1)) {
                RevenueFacts.DeferredRow d = series.get(m);
                if (d == null) {
                    d = new RevenueFacts.DeferredRow(m, currency, closing, unbilled, BigDecimal.ZERO, BigDecimal.ZERO,
                            closing, unbilled);
                }
                out.add(d);
                closing = d.closing();
                unbilled = d.closingUnbilled();
            }
        });
        return out;
    }

    private static List<Row> deferredRows(Aggregates agg, LocalDate asOf, FxTable fx) {
        List<Row> rows = new ArrayList<>();
        for (RevenueFacts.DeferredRow d : filledDeferred(agg, asOf)) {
            LocalDate end = d.month().atEndOfMonth().isAfter(asOf) ? asOf : d.month().atEndOfMonth();
            BigDecimal rate = fx.rate(d.currency(), end);
            rows.add(RowFactory.create(d.month().toString(), d.currency(), Cents.round(d.opening()),
                    Cents.round(d.openingUnbilled()), Cents.round(d.billings()), Cents.round(d.recognized()),
                    Cents.round(d.closing()), Cents.round(d.closingUnbilled()), rate, Cents.round(d.billings().multiply(rate)),
                    Cents.round(d.recognized().multiply(rate)), Cents.round(d.closing().multiply(rate)),
                    Cents.round(d.closingUnbilled().multiply(rate))));
        }
        return rows;
    }

    private static List<Row> rpoRows(Aggregates agg, LocalDate asOf, FxTable fx) {
        Map<String, TreeMap<YearMonth, RevenueFacts.RpoRow>> byCurrency = new TreeMap<>();
        agg.rpo().forEach(r -> byCurrency.computeIfAbsent(r.currency(), c -> new TreeMap<>()).put(r.month(), r));
        List<Row> rows = new ArrayList<>();
        byCurrency.forEach((currency, series) -> {
            for (YearMonth m = series.firstKey(); !m.isAfter(YearMonth.from(asOf)); m = m.plusMonths(1)) {
                RevenueFacts.RpoRow r = series.get(m);
                BigDecimal z = BigDecimal.ZERO;
                if (r == null) {
                    r = new RevenueFacts.RpoRow(m, currency, z, z, z, z, z);
                }
                LocalDate end = m.atEndOfMonth().isAfter(asOf) ? asOf : m.atEndOfMonth();
                BigDecimal rate = fx.rate(currency, end);
                rows.add(RowFactory.create(m.toString(), currency, Cents.round(r.deferred()), Cents.round(r.unbilled()),
                        Cents.round(r.backlog()), Cents.round(r.rpo()), Cents.round(r.crpo()), rate,
                        Cents.round(r.rpo().multiply(rate)), Cents.round(r.crpo().multiply(rate))));
            }
        });
        return rows;
    }

    private static List<Row> journalRows(Aggregates agg) {
        List<Row> rows = new ArrayList<>();
        Map<List<String>, BigDecimal[]> merged = new TreeMap<>(java.util.Comparator
                .comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)).thenComparing(k -> k.get(2))
                .thenComparing(k -> k.get(3)));
        for (Journal.Line l : Journal.entries(agg.flows(), agg.deferred())) {
            BigDecimal[] a = merged.computeIfAbsent(List.of(l.month().toString(), l.currency(), l.entry(), l.account()),
                    k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
            a[0] = a[0].add(l.debit());
            a[1] = a[1].add(l.credit());
        }
        merged.forEach((k, a) -> rows.add(RowFactory.create(k.get(0), k.get(1), k.get(2), k.get(3), Cents.round(a[0]),
                Cents.round(a[1]))));
        return rows;
    }
}
