package io.revlake.transform.recurring;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSchemas;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import io.revlake.transform.incremental.DeltaReplace;
import org.apache.spark.api.java.function.CoGroupFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Silver subscription items → gold mrr_customer_month, mrr_movements and mrr_summary.
 *
 * <p>One shuffle: items are grouped by customer and {@link CustomerMrrCalculator} walks that customer's months in
 * plain Java (no calendar explosion). The bridge identity is checked on the monthly totals before anything is
 * written; a failing check leaves the previous gold versions in place.
 */
public final class RecurringJob {
    static final StructType FACT_SCHEMA = new StructType()
            .add("kind", DataTypes.StringType, false)
            .add("month", DataTypes.StringType, false)
            .add("customer_id", DataTypes.StringType, false)
            .add("currency", DataTypes.StringType, true)
            .add("mrr_source_currency", DataTypes.createDecimalType(20, 2), true)
            .add("mrr", DataTypes.createDecimalType(20, 2), true)
            .add("mrr_constant_currency", DataTypes.createDecimalType(20, 2), true)
            .add("fx_rate", DataTypes.createDecimalType(24, 10), true)
            .add("active_items", DataTypes.LongType, true)
            .add("seats", DataTypes.createDecimalType(24, 6), true)
            .add("movement", DataTypes.StringType, true)
            .add("amount", DataTypes.createDecimalType(20, 2), true)
            // 12-month retention: base = MRR at M−12, amount = MRR at M (kind "retention12")
            .add("base", DataTypes.createDecimalType(20, 2), true)
            // The customer's dimensions the row counts in (PointInTimeFacts), not its latest ones.
            .add("segment", DataTypes.StringType, true)
            .add("region", DataTypes.StringType, true)
            .add("channel", DataTypes.StringType, true)
            .add("plan", DataTypes.StringType, true);

    private final SparkSession spark;
    private final String warehouse;
    private final Consumer<String> progress;

    public RecurringJob(SparkSession spark, String warehouse, Consumer<String> progress) {
        this.spark = spark;
        this.warehouse = warehouse;
        this.progress = progress;
    }

    /** What the stage produced. */
    public record Output(YearMonth constantCurrencyBase, Map<String, Long> rowCounts, Map<String, String> policy) {
    }

    public Output run(RecurringConfig config) {
        Prepared p = prepare(config);
        Dataset<Row> facts = facts(p.items(), dimensionHistory(), config, p.fx(), p.base())
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> dims = customerDimensions();
        MrrSums sums = MrrSums.of(facts, dims);
        Output out = publish(config, p, sums, null, () -> DeltaTables.overwrite(dims, Tables.MRR_CUSTOMER_DIMS,
                warehouse), Map.of(Tables.MRR_CUSTOMER_MONTH, facts.filter(col("kind").equalTo("mrr")),
                Tables.MRR_MOVEMENTS, facts.filter(col("kind").equalTo("movement"))));
        facts.unpersist();
        return out;
    }

    /**
     * Recomputes the facts of the given customers only and publishes the same tables as {@link #run}: the
     * customer-grained ones by replacing the given customers' rows, the aggregates from sums over every customer. A
     * customer's facts depend only on its own items, dimensions, the FX rates and the base month, so the result equals
     * a full run when those did not change.
     *
     * <p>The sums are the previous run's, recorded in its internal state tables, minus the given customers' old
     * contributions (their facts and dimensions at the versions that run recorded) plus their new ones: the work
     * grows with the customers touched, not with the company. Without that state (a warehouse built before it was
     * kept) every customer's stored facts are read back and summed, as a full run sums them.
     *
     * @param previousBase     the constant-currency base month of the previous run, as recorded in its policy
     * @param previousVersions table → Delta version the previous run recorded
     * @return empty when the base month moved (every customer's constant-currency figures change), nothing written
     */
    public Optional<Output> runForCustomers(RecurringConfig config, Set<String> customers, String previousBase,
                                            Map<String, Long> previousVersions) {
        Prepared p = prepare(config);
        if (!config.policy(p.base()).get("constant_currency_base").equals(previousBase)) {
            p.items().unpersist();
            return Optional.empty();
        }
        restoreRecorded(previousVersions);
        Dataset<Row> touched = spark.createDataset(List.copyOf(customers), Encoders.STRING()).toDF("customer_id");
        Dataset<Row> changed = facts(p.items().join(touched, "customer_id", "left_semi"),
                dimensionHistory().join(touched, "customer_id", "left_semi"), config, p.fx(), p.base())
                .persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> newDims = customerDimensions().join(touched, "customer_id", "left_semi");
        Map<TableDef, Long> state = stateVersions(previousVersions);
        MrrSums sums;
        Runnable storeDims;
        if (state != null) {
            YearMonth lastMonth = YearMonth.from(config.asOf());
            Dataset<Row> oldFacts = GoldFacts.read(spark, warehouse, lastMonth, state.get(Tables.MRR_CUSTOMER_MONTH),
                    state.get(Tables.MRR_MOVEMENTS), touched);
            Dataset<Row> oldDims = GoldFacts.at(spark, Tables.MRR_CUSTOMER_DIMS, warehouse,
                    state.get(Tables.MRR_CUSTOMER_DIMS)).join(touched, "customer_id", "left_semi");
            MrrSums stored = new MrrSums(GoldFacts.at(spark, Tables.MRR_MONTH_SUMS, warehouse,
                    state.get(Tables.MRR_MONTH_SUMS)).collectAsList(), GoldFacts.at(spark, Tables.MRR_COHORT_SUMS,
                    warehouse, state.get(Tables.MRR_COHORT_SUMS)).collectAsList());
            sums = stored.minus(MrrSums.of(oldFacts, oldDims)).plus(MrrSums.of(changed, newDims));
            progress.accept(String.format("  company, dimension and cohort sums: the previous run's, adjusted by the"
                    + " old and new facts of %,d customers", customers.size()));
            storeDims = () -> DeltaReplace.customers(spark, Tables.MRR_CUSTOMER_DIMS, warehouse, customers, newDims);
        } else {
            Dataset<Row> facts = GoldFacts.read(spark, warehouse, YearMonth.from(config.asOf()))
                    .join(touched, "customer_id", "left_anti").unionByName(changed)
                    .persist(StorageLevel.MEMORY_AND_DISK());
            Dataset<Row> dims = customerDimensions();
            sums = MrrSums.of(facts, dims);
            facts.unpersist();
            progress.accept("  the previous run kept no MRR sums: every customer's stored facts summed");
            storeDims = () -> DeltaTables.overwrite(dims, Tables.MRR_CUSTOMER_DIMS, warehouse);
        }
        Dataset<Row> newMonths = changed.filter(col("kind").equalTo("mrr"));
        Dataset<Row> newMovements = changed.filter(col("kind").equalTo("movement"));
        Output out = publish(config, p, sums, touched, storeDims,
                Map.of(Tables.MRR_CUSTOMER_MONTH, newMonths, Tables.MRR_MOVEMENTS, newMovements));
        changed.unpersist();
        return Optional.of(out);
    }

    /**
     * Brings the tables whose touched customers' rows are replaced below (mrr_customer_month, mrr_movements and the
     * customer dimensions of the sums) back to the versions the previous recorded run wrote, when a later run wrote
     * them and did not finish (with another as-of date or policy, perhaps): every other row must be the recorded
     * run's.
     */
    private void restoreRecorded(Map<String, Long> previousVersions) {
        for (TableDef t : List.of(Tables.MRR_CUSTOMER_MONTH, Tables.MRR_MOVEMENTS, Tables.MRR_CUSTOMER_DIMS)) {
            Long recorded = previousVersions.get(t.qualifiedName());
            long current = DeltaTables.version(spark, t, warehouse);
            if (recorded != null && recorded >= 0 && recorded < current) {
                io.delta.tables.DeltaTable.forPath(spark, t.location(warehouse)).restoreToVersion(recorded);
                progress.accept(String.format("  %s restored to version %d, the previous run's (version %d was"
                        + " written by a run that did not finish)", t.qualifiedName(), recorded, current));
            }
        }
    }

    /**
     * The versions of the previous run's per-customer tables and MRR state, or null when it did not record them all
     * (a run of one stage, or a warehouse built before the state was kept) or one of them can no longer be read.
     */
    private Map<TableDef, Long> stateVersions(Map<String, Long> previousVersions) {
        Map<TableDef, Long> state = new LinkedHashMap<>();
        List<TableDef> needed = new ArrayList<>(List.of(Tables.MRR_CUSTOMER_MONTH, Tables.MRR_MOVEMENTS));
        needed.addAll(Tables.MRR_STATE);
        for (TableDef t : needed) {
            Long v = previousVersions.get(t.qualifiedName());
            if (v == null || v < 0 || v > DeltaTables.version(spark, t, warehouse)
                    || !java.util.Arrays.asList(DeltaTables.read(spark, t, warehouse).columns())
                    .containsAll(t.columnNames())) {
                return null;
            }
            state.put(t, v);
        }
        return state;
    }

    private record Prepared(Dataset<Row> items, FxTable fx, YearMonth base) {
    }

    private Prepared prepare(RecurringConfig config) {
        TableDef itemsTable = Tables.silver(CanonicalEntity.SUBSCRIPTION_ITEMS);
        if (!DeltaTables.exists(spark, itemsTable, warehouse)) {
            throw new IllegalStateException("Cannot compute MRR: " + itemsTable.qualifiedName()
                    + " does not exist (ingest a subscription_items.csv first)");
        }
        Date asOf = Date.valueOf(config.asOf());
        Dataset<Row> items = DeltaTables.read(spark, itemsTable, warehouse)
                .filter(col("start_date").leq(lit(asOf))).persist(StorageLevel.MEMORY_AND_DISK());
        FxTable fx = loadFx(spark, warehouse, config.reportingCurrency());
        YearMonth base = config.constantCurrencyBase().orElseGet(() -> firstPayingMonth(items, config));
        if (base == null) {
            progress.accept("  no subscription item has MRR by " + config.asOf());
            base = YearMonth.from(config.asOf());
        }
        progress.accept("  constant-currency base month: " + base);
        return new Prepared(items, fx, base);
    }

    /**
     * Checks and writes every table of the stage. Nothing is written when a check fails.
     *
     * @param replaced      the customers whose rows {@code customerTables} replace; null to overwrite the tables
     * @param storeDims     writes the customer dimensions the sums used (MRR_CUSTOMER_DIMS)
     * @param customerTables mrr_customer_month and mrr_movements → their rows (all, or the replaced customers')
     */
    private Output publish(RecurringConfig config, Prepared p, MrrSums sums, Dataset<Row> replaced, Runnable storeDims,
                           Map<TableDef, Dataset<Row>> customerTables) {
        FxTable fx = p.fx();
        YearMonth base = p.base();
        Map<List<String>, List<MonthTotals>> totals = sums.monthTotals();
        List<MrrSummaryRow> summary = SummaryCalculator.summarise(totals.getOrDefault(MrrSums.COMPANY, List.of()),
                salesMarketingSpend(fx), config.summary());
        List<String> violations = new ArrayList<>(SummaryCalculator.bridgeViolations(summary));
        violations.addAll(SummaryCalculator.retentionViolations(summary));
        List<Row> dimensionRows = new ArrayList<>();
        dimensionSummaries(totals, config.summary(), dimensionRows, violations);
        if (!violations.isEmpty()) {
            throw new IllegalStateException("MRR checks failed; gold tables not published:\n  "
                    + String.join("\n  ", violations));
        }
        List<CohortCalculator.Row> cohorts = CohortCalculator.matrix(sums.cohortCells("segment"),
                YearMonth.from(config.asOf()));
        List<CohortCalculator.Row> channelCohorts = CohortCalculator.matrix(sums.cohortCells("channel"),
                YearMonth.from(config.asOf()));
        List<String> cohortViolations = new ArrayList<>(CohortCalculator.violations(cohorts));
        cohortViolations.addAll(CohortCalculator.violations(channelCohorts));
        if (!cohortViolations.isEmpty()) {
            throw new IllegalStateException("cohort check failed; gold tables not published:\n  "
                    + String.join("\n  ", cohortViolations));
        }
        List<RenewalCalculator.Row> renewals = renewals(fx, YearMonth.from(config.asOf()));
        Map<String, Long> counts = new LinkedHashMap<>();
        for (TableDef table : List.of(Tables.MRR_CUSTOMER_MONTH, Tables.MRR_MOVEMENTS)) {
            Dataset<Row> rows = customerTables.get(table);
            if (replaced == null) {
                DeltaTables.overwrite(rows.orderBy(table.key().stream().map(org.apache.spark.sql.functions::col)
                        .toArray(org.apache.spark.sql.Column[]::new)), table, warehouse);
            } else {
                DeltaReplace.rows(spark, table, warehouse, replaced, rows);
            }
            counts.put(table.qualifiedName(), rows.count());
        }
        DeltaTables.overwrite(summaryFrame(summary, usageRunRate(fx, summary)), Tables.MRR_SUMMARY, warehouse);
        counts.put(Tables.MRR_SUMMARY.qualifiedName(), (long) summary.size());
        DeltaTables.overwrite(spark.createDataFrame(dimensionRows, SparkSchemas.schema(Tables.MRR_DIMENSION_MONTH))
                .orderBy("dimension", "value", "month"), Tables.MRR_DIMENSION_MONTH, warehouse);
        counts.put(Tables.MRR_DIMENSION_MONTH.qualifiedName(), (long) dimensionRows.size());
        DeltaTables.overwrite(cohortFrame(cohorts, Tables.COHORT_RETENTION), Tables.COHORT_RETENTION, warehouse);
        counts.put(Tables.COHORT_RETENTION.qualifiedName(), (long) cohorts.size());
        DeltaTables.overwrite(cohortFrame(channelCohorts, Tables.COHORT_RETENTION_CHANNEL), Tables.COHORT_RETENTION_CHANNEL,
                warehouse);
        counts.put(Tables.COHORT_RETENTION_CHANNEL.qualifiedName(), (long) channelCohorts.size());
        if (renewals != null) {
            DeltaTables.overwrite(renewalFrame(renewals), Tables.RENEWAL_MONTH, warehouse);
            counts.put(Tables.RENEWAL_MONTH.qualifiedName(), (long) renewals.size());
        }
        // The state last: a run that stops before this point is not recorded, and the next one reads the state at the
        // versions the last recorded run wrote.
        progress.accept("  storing the MRR sums for the next incremental run");
        storeDims.run();
        DeltaTables.overwrite(spark.createDataFrame(sums.month(), SparkSchemas.schema(Tables.MRR_MONTH_SUMS)),
                Tables.MRR_MONTH_SUMS, warehouse);
        DeltaTables.overwrite(spark.createDataFrame(sums.cohort(), SparkSchemas.schema(Tables.MRR_COHORT_SUMS)),
                Tables.MRR_COHORT_SUMS, warehouse);
        p.items().unpersist();
        counts.forEach((t, n) -> progress.accept(String.format("  %s: %,d rows", t, n)));
        return new Output(base, counts, config.policy(base));
    }

    /** The silver fx_rates table as an in-memory rate table (small: currencies × dates). */
    public static FxTable loadFx(SparkSession spark, String warehouse, String reportingCurrency) {
        FxTable fx = new FxTable(reportingCurrency);
        TableDef fxTable = Tables.silver(CanonicalEntity.FX_RATES);
        if (DeltaTables.exists(spark, fxTable, warehouse)) {
            for (Row r : DeltaTables.read(spark, fxTable, warehouse).select("currency", "date", "rate_to_reporting")
                    .collectAsList()) {
                fx.put(r.getString(0), r.getDate(1).toLocalDate(), r.getDecimal(2));
            }
        }
        return fx;
    }

    /** Renewal rows, or null when there is no contracts table (renewal rate unavailable, not zero). */
    private List<RenewalCalculator.Row> renewals(FxTable fx, YearMonth lastMonth) {
        TableDef contracts = Tables.silver(CanonicalEntity.CONTRACTS);
        if (!DeltaTables.exists(spark, contracts, warehouse)) {
            return null;
        }
        List<RenewalCalculator.Contract> list = new ArrayList<>();
        for (Row r : DeltaTables.read(spark, contracts, warehouse)
                .select("contract_id", "customer_id", "start_date", "end_date", "currency", "transaction_price")
                .collectAsList()) {
            java.time.LocalDate end = r.getDate(3).toLocalDate();
            java.time.LocalDate lastDay = end.minusDays(1);
            java.time.LocalDate rateDate = YearMonth.from(lastDay).atEndOfMonth();
            BigDecimal value = r.getDecimal(5).multiply(fx.rate(r.getString(4), rateDate))
                    .setScale(2, java.math.RoundingMode.HALF_UP);
            list.add(new RenewalCalculator.Contract(r.getString(0), r.getString(1), r.getDate(2).toLocalDate(), end, value));
        }
        return RenewalCalculator.byMonth(list, lastMonth);
    }

    private Dataset<Row> cohortFrame(List<CohortCalculator.Row> rows, TableDef table) {
        List<Row> out = new ArrayList<>();
        for (CohortCalculator.Row r : rows) {
            out.add(RowFactory.create(r.cohort().toString(), r.segment(), (long) r.monthsSinceStart(), r.customersStart(),
                    r.customersRetained(), r.logoRetention(), r.mrrStart().setScale(2), r.mrrRetained().setScale(2),
                    r.revenueRetention()));
        }
        return spark.createDataFrame(out, SparkSchemas.schema(table));
    }

    private Dataset<Row> renewalFrame(List<RenewalCalculator.Row> rows) {
        List<Row> out = new ArrayList<>();
        for (RenewalCalculator.Row r : rows) {
            out.add(RowFactory.create(r.month().toString(), r.contractsUp(), r.contractsRenewed(), r.renewalRateCount(),
                    r.valueUp(), r.valueRenewed(), r.renewalRateValue()));
        }
        return spark.createDataFrame(out, SparkSchemas.schema(Tables.RENEWAL_MONTH));
    }

    /** Sales and marketing expenses per month in the reporting currency (month-end rate); empty without expenses. */
    private Map<YearMonth, BigDecimal> salesMarketingSpend(FxTable fx) {
        TableDef expenses = Tables.silver(CanonicalEntity.EXPENSES);
        Map<YearMonth, BigDecimal> spend = new java.util.TreeMap<>();
        if (!DeltaTables.exists(spark, expenses, warehouse)) {
            return spend;
        }
        for (Row r : DeltaTables.read(spark, expenses, warehouse).filter(col("category").isin("sales", "marketing"))
                .groupBy("month", "currency").agg(sum("amount")).collectAsList()) {
            YearMonth m = YearMonth.parse(r.getString(0));
            BigDecimal amount = r.getDecimal(2).multiply(fx.rate(r.getString(1), m.atEndOfMonth()));
            spend.merge(m, amount, BigDecimal::add);
        }
        spend.replaceAll((m, v) -> v.setScale(2, java.math.RoundingMode.HALF_UP));
        return spend;
    }

    private YearMonth firstPayingMonth(Dataset<Row> items, RecurringConfig config) {
        var asOf = config.asOf();
        var discounts = config.discounts();
        Row first = items.map((MapFunction<Row, String>) r -> CustomerMrrCalculator
                        .firstPayingMonth(ItemRows.fromRow(r), asOf, discounts).map(YearMonth::toString).orElse(null),
                Encoders.STRING()).toDF("m").agg(org.apache.spark.sql.functions.min("m")).first();
        return first.isNullAt(0) ? null : YearMonth.parse(first.getString(0));
    }

    /** @param history the customers' dimension periods ({@link #dimensionHistory}), at least those of the items' */
    private Dataset<Row> facts(Dataset<Row> items, Dataset<Row> history, RecurringConfig config, FxTable fx,
                               YearMonth base) {
        var asOf = config.asOf();
        var discounts = config.discounts();
        var fxDate = config.fxDate();
        var sameMonth = config.sameMonthChurn();
        var byCustomer = items.groupByKey((MapFunction<Row, String>) r -> r.getAs("customer_id"), Encoders.STRING());
        var periodsByCustomer = history.groupByKey((MapFunction<Row, String>) r -> r.getString(0), Encoders.STRING());
        return byCustomer.cogroup(periodsByCustomer, (CoGroupFunction<String, Row, Row, Row>) (customerId, rows, periods) -> {
                    List<SubscriptionItem> list = new ArrayList<>();
                    rows.forEachRemaining(r -> list.add(ItemRows.fromRow(r)));
                    if (list.isEmpty()) {
                        return java.util.Collections.emptyIterator();
                    }
                    List<DimensionTimeline.Change> changes = new ArrayList<>();
                    periods.forEachRemaining(r -> changes.add(new DimensionTimeline.Change(
                            r.isNullAt(1) ? null : YearMonth.parse(r.getString(1)),
                            new DimensionTimeline.Dims(r.getString(2), r.getString(3), r.getString(4)))));
                    var result = PointInTimeFacts.place(
                            CustomerMrrCalculator.compute(customerId, list, asOf, fx, base, discounts, fxDate, sameMonth),
                            DimensionTimeline.of(changes));
                    List<Row> out = new ArrayList<>(result.months().size() + result.movements().size());
                    for (var placed : result.months()) {
                        CustomerMonthMrr m = placed.fact();
                        out.add(factRow("mrr", m.month(), customerId, m.currency(), m.mrrSourceCurrency(), m.mrr(),
                                m.mrrConstantCurrency(), m.fxRate(), m.activeItems(), m.seats(), null, null, null,
                                placed.dims()));
                    }
                    for (var placed : result.movements()) {
                        MrrMovement mv = placed.fact();
                        out.add(factRow("movement", mv.month(), customerId, mv.currency(), null, null, null, null,
                                null, null, mv.movement().id(), mv.amount(), null, placed.dims()));
                    }
                    for (var placed : result.retention12()) {
                        Retention12 r = placed.fact();
                        out.add(factRow("retention12", r.month(), customerId, null, null, null, null, null, null,
                                null, null, r.current(), r.base(), placed.dims()));
                    }
                    return out.iterator();
                }, Encoders.row(FACT_SCHEMA));
    }

    private static Row factRow(String kind, YearMonth month, String customerId, String currency, BigDecimal source,
                               BigDecimal mrr, BigDecimal constant, BigDecimal fxRate, Long activeItems,
                               BigDecimal seats, String movement, BigDecimal amount, BigDecimal base,
                               DimensionTimeline.Dims dims) {
        return RowFactory.create(kind, month.toString(), customerId, currency, source, mrr, constant, fxRate,
                activeItems, seats, movement, amount, base, dims.segment(), dims.region(), dims.channel(), dims.plan());
    }

    /**
     * (customer_id, valid_from, segment, region, channel) of every dimension period; from silver.customers (one
     * period each, the latest values) when the history table was not built yet.
     */
    private Dataset<Row> dimensionHistory() {
        if (DeltaTables.exists(spark, Tables.CUSTOMER_DIMENSION_HISTORY, warehouse)) {
            return DeltaTables.read(spark, Tables.CUSTOMER_DIMENSION_HISTORY, warehouse)
                    .select("customer_id", "valid_from", "segment", "region", "channel");
        }
        return customerDimensions().select(col("customer_id"), lit(null).cast("string").as("valid_from"),
                col("segment"), col("region"), col("channel"));
    }

    private Dataset<Row> customerDimensions() {
        TableDef customers = Tables.silver(CanonicalEntity.CUSTOMERS);
        if (!DeltaTables.exists(spark, customers, warehouse)) {
            return spark.createDataFrame(List.of(), new StructType().add("customer_id", DataTypes.StringType)
                    .add("segment", DataTypes.StringType).add("region", DataTypes.StringType)
                    .add("channel", DataTypes.StringType).add("customer_currency", DataTypes.StringType));
        }
        return DeltaTables.read(spark, customers, warehouse).select(col("customer_id"), col("segment"), col("region"),
                col("channel"), col("currency").as("customer_currency"));
    }

    /**
     * The summary of each value of each customer dimension, exactly as the company-wide summary, bridge check
     * included.
     */
    private static void dimensionSummaries(Map<List<String>, List<MonthTotals>> totals, SummaryPolicy policy,
                                           List<Row> out, List<String> violations) {
        Map<List<String>, List<MonthTotals>> byGroup = new HashMap<>(totals);
        byGroup.remove(MrrSums.COMPANY);
        List<Map.Entry<List<String>, List<MonthTotals>>> sorted = new ArrayList<>(byGroup.entrySet());
        sorted.sort(Map.Entry.comparingByKey(java.util.Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1))));
        for (var e : sorted) {
            List<MrrSummaryRow> summary = SummaryCalculator.summarise(e.getValue(), Map.of(), policy);
            String label = e.getKey().get(0) + "=" + e.getKey().get(1) + ": ";
            SummaryCalculator.bridgeViolations(summary).forEach(v -> violations.add(label + v));
            for (MrrSummaryRow s : summary) {
                List<Object> values = new ArrayList<>(List.of(s.month().toString(), e.getKey().get(0),
                        e.getKey().get(1)));
                values.addAll(summaryValues(s));
                values.add(s.totals().movement(Movement.ENTERING));
                values.add(s.totals().movement(Movement.LEAVING));
                out.add(RowFactory.create(values.toArray()));
            }
        }
    }

    /** Usage run-rate per summary month; empty when there are no usage invoice lines (unavailable, not zero). */
    private Map<YearMonth, BigDecimal> usageRunRate(FxTable fx, List<MrrSummaryRow> summary) {
        TableDef lines = Tables.silver(CanonicalEntity.INVOICE_LINES);
        TableDef invoices = Tables.silver(CanonicalEntity.INVOICES);
        if (summary.isEmpty() || !DeltaTables.exists(spark, lines, warehouse) || !DeltaTables.exists(spark, invoices, warehouse)) {
            return Map.of();
        }
        Map<YearMonth, BigDecimal> billed = new java.util.TreeMap<>();
        for (Row r : DeltaTables.read(spark, lines, warehouse).filter(col("line_type").equalTo("usage"))
                .join(DeltaTables.read(spark, invoices, warehouse)
                        .filter(col("status").isNull().or(col("status").notEqual("void")))
                        .select("invoice_id", "invoice_date", "currency"), "invoice_id")
                .groupBy(org.apache.spark.sql.functions.date_format(col("invoice_date"), "yyyy-MM"), col("currency"))
                .agg(sum("amount")).collectAsList()) {
            YearMonth m = YearMonth.parse(r.getString(0));
            billed.merge(m, r.getDecimal(2).multiply(fx.rate(r.getString(1), m.atEndOfMonth())), BigDecimal::add);
        }
        if (billed.isEmpty()) {
            return Map.of();
        }
        return UsageRunRate.byMonth(billed, summary.get(0).month(), summary.get(summary.size() - 1).month());
    }

    private Dataset<Row> summaryFrame(List<MrrSummaryRow> summary, Map<YearMonth, BigDecimal> usageRunRate) {
        List<Row> rows = new ArrayList<>();
        for (MrrSummaryRow s : summary) {
            List<Object> values = new ArrayList<>();
            values.add(s.month().toString());
            values.addAll(summaryValues(s));
            values.addAll(java.util.Arrays.asList(s.clvFormula(), s.salesMarketingSpend(), s.cac(),
                    s.cacPaybackMonths(), s.ltvCac(), usageRunRate.get(s.month())));
            rows.add(RowFactory.create(values.toArray()));
        }
        return spark.createDataFrame(rows, SparkSchemas.schema(Tables.MRR_SUMMARY));
    }

    /** The bridge and ratio columns of a summary row, in the catalog's order (mrr … grr_12m). */
    private static List<Object> summaryValues(MrrSummaryRow s) {
        MonthTotals t = s.totals();
        return java.util.Arrays.asList(s.mrr(), s.mrrConstantCurrency(), s.arr(), s.payingCustomers(),
                t.movement(Movement.NEW), t.movement(Movement.REACTIVATION), t.movement(Movement.EXPANSION),
                t.movement(Movement.CONTRACTION), t.movement(Movement.CHURN), t.movement(Movement.FX),
                t.newCustomers(), t.churnedCustomers(), s.logoChurnRate(), s.grossMrrChurnRate(),
                s.netMrrChurnRate(), s.nrr(), s.grr(), s.arpa(), s.arpu(), t.seats().setScale(6), s.asp(),
                s.quickRatio(), s.nrr12m(), s.grr12m());
    }

}
