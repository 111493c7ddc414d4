package io.revlake.transform.clv;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSchemas;
import io.revlake.transform.recurring.FxTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Gold clv_customer and clv_model_params from the recurring gold tables and silver invoices: the formula CLV, the
 * sBG predictive CLV per segment for subscribers, BG/NBD + Gamma-Gamma for usage and one-time revenue, and billed
 * revenue to date. Runs after the recurring stage.
 */
public final class ClvJob {
    /** Horizon of the transactional CLV. */
    public static final int TRANSACTIONAL_HORIZON_MONTHS = 12;

    private final SparkSession spark;
    private final String warehouse;
    private final Consumer<String> progress;

    public ClvJob(SparkSession spark, String warehouse, Consumer<String> progress) {
        this.spark = spark;
        this.warehouse = warehouse;
        this.progress = progress;
    }

    /**
     * @param annualDiscountRate e.g. 0.10; converted to a monthly rate (1 + r)^(1/12) − 1
     * @return table → rows written
     */
    public Map<String, Long> run(LocalDate asOf, FxTable fx, BigDecimal grossMargin, double annualDiscountRate) {
        YearMonth last = YearMonth.from(asOf);
        double monthly = Math.pow(1 + annualDiscountRate, 1.0 / 12) - 1;
        Dataset<Row> movements = DeltaTables.read(spark, Tables.MRR_MOVEMENTS, warehouse);
        Dataset<Row> starts = movements.filter(col("movement").equalTo("new"))
                .groupBy("customer_id").agg(min("month").as("first_new"), first("segment").as("segment"));
        Dataset<Row> churns = movements.filter(col("movement").equalTo("churn")).join(starts, "customer_id")
                .filter(col("month").gt(col("first_new"))).groupBy("customer_id").agg(min("month").as("first_churn"));
        List<SubscriberClv.Tenure> tenures = new ArrayList<>();
        for (Row r : starts.join(churns, "customer_id", "left").collectAsList()) {
            tenures.add(new SubscriberClv.Tenure(r.getAs("customer_id"), r.getAs("segment"),
                    YearMonth.parse(r.getAs("first_new")), r.isNullAt(r.fieldIndex("first_churn")) ? null
                    : YearMonth.parse(r.getAs("first_churn"))));
        }
        Dataset<Row> tenureStart = movements.filter(col("movement").isin("new", "reactivation"))
                .filter(col("month").leq(lit(last.toString()))).groupBy("customer_id").agg(max("month").as("tenure_start"));
        List<SubscriberClv.Current> current = new ArrayList<>();
        for (Row r : DeltaTables.read(spark, Tables.MRR_CUSTOMER_MONTH, warehouse)
                .filter(col("month").equalTo(last.toString())).join(tenureStart, "customer_id")
                .select("customer_id", "segment", "mrr", "tenure_start").collectAsList()) {
            current.add(new SubscriberClv.Current(r.getString(0), r.getString(1), r.getDecimal(2),
                    YearMonth.parse(r.getString(3))));
        }
        SubscriberClv.Result subscribers = SubscriberClv.value(tenures, current, last, monthly, grossMargin);
        Double meanChurn = meanLogoChurn(last);
        Transactional transactional = transactional(asOf, fx, grossMargin, monthly);
        Map<String, BigDecimal> revenue = historicalRevenue(asOf, fx);

        Map<String, Object[]> rows = new TreeMap<>();
        for (SubscriberClv.Value v : subscribers.values()) {
            BigDecimal formula = meanChurn == null ? null
                    : v.mrr().multiply(grossMargin).divide(BigDecimal.valueOf(meanChurn), 2, RoundingMode.HALF_UP);
            rows.put(v.customerId(), new Object[] {v.customerId(), v.segment(), v.mrr(), v.tenureMonths(), formula,
                    v.derlMonths(), v.clvPredictive(), null, null, BigDecimal.ZERO.setScale(2)});
        }
        transactional.values().forEach((id, tv) -> {
            Object[] row = rows.computeIfAbsent(id, k -> new Object[] {k, null, null, null, null, null, null, null, null,
                    BigDecimal.ZERO.setScale(2)});
            row[7] = tv[0];
            row[8] = tv[1];
        });
        revenue.forEach((id, amount) -> {
            Object[] row = rows.computeIfAbsent(id, k -> new Object[] {k, null, null, null, null, null, null, null, null,
                    null});
            row[9] = amount;
        });
        List<Row> customerRows = rows.values().stream().map(RowFactory::create).toList();
        DeltaTables.overwrite(spark.createDataFrame(customerRows, SparkSchemas.schema(Tables.CLV_CUSTOMER)),
                Tables.CLV_CUSTOMER, warehouse);

        List<Row> params = new ArrayList<>();
        subscribers.fits().forEach((segment, fit) -> {
            params.add(param("sbg", segment, "alpha", fit.alpha(), fit.logLikelihood(), fit.customers(), fit.unavailableReason()));
            params.add(param("sbg", segment, "beta", fit.beta(), fit.logLikelihood(), fit.customers(), fit.unavailableReason()));
        });
        params.addAll(transactional.params());
        DeltaTables.overwrite(spark.createDataFrame(params, SparkSchemas.schema(Tables.CLV_MODEL_PARAMS)),
                Tables.CLV_MODEL_PARAMS, warehouse);
        subscribers.fits().forEach((segment, fit) -> progress.accept("  sBG " + segment + ": " + (fit.available()
                ? String.format("alpha %.3f, beta %.3f, n %d", fit.alpha(), fit.beta(), fit.customers())
                : "unavailable (" + fit.unavailableReason() + ")")));
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put(Tables.CLV_CUSTOMER.qualifiedName(), (long) customerRows.size());
        counts.put(Tables.CLV_MODEL_PARAMS.qualifiedName(), (long) params.size());
        return counts;
    }

    private static Row param(String model, String segment, String name, double value, double logLikelihood, long n,
                             String reason) {
        boolean ok = reason == null;
        return RowFactory.create(model, segment, name, ok ? value : null, ok ? logLikelihood : null, n,
                ok ? "ok" : "unavailable", reason);
    }

    /** Mean logo churn rate of the six months before the last month; null when unknown or zero (see METRICS.md). */
    private Double meanLogoChurn(YearMonth last) {
        List<Row> rows = DeltaTables.read(spark, Tables.MRR_SUMMARY, warehouse)
                .filter(col("month").geq(lit(last.minusMonths(6).toString())).and(col("month").lt(lit(last.toString()))))
                .select("logo_churn_rate").collectAsList();
        if (rows.size() < 6 || rows.stream().anyMatch(r -> r.isNullAt(0))) {
            return null;
        }
        double mean = rows.stream().mapToDouble(r -> r.getDouble(0)).average().orElse(0);
        return mean > 0 ? mean : null;
    }

    private record Transactional(Map<String, Object[]> values, List<Row> params) {
    }

    /** BG/NBD + Gamma-Gamma over usage and one-time invoice lines, in weeks, amounts in reporting currency. */
    private Transactional transactional(LocalDate asOf, FxTable fx, BigDecimal margin, double monthlyDiscount) {
        Map<String, Object[]> values = new TreeMap<>();
        List<Row> params = new ArrayList<>();
        TableDef lines = Tables.silver(CanonicalEntity.INVOICE_LINES);
        TableDef invoices = Tables.silver(CanonicalEntity.INVOICES);
        if (!DeltaTables.exists(spark, lines, warehouse) || !DeltaTables.exists(spark, invoices, warehouse)) {
            unavailable(params, "no invoices or invoice lines", 0);
            return new Transactional(values, params);
        }
        List<RfmSummariser.Transaction> tx = new ArrayList<>();
        for (Row r : DeltaTables.read(spark, lines, warehouse).filter(col("line_type").isin("usage", "one_time"))
                .join(DeltaTables.read(spark, invoices, warehouse).filter(col("status").isNull().or(col("status").notEqual("void")))
                        .select("invoice_id", "customer_id", "invoice_date", "currency"), "invoice_id")
                .filter(col("invoice_date").leq(lit(Date.valueOf(asOf))))
                .groupBy("customer_id", "invoice_date", "currency").agg(sum("amount")).collectAsList()) {
            LocalDate day = r.getDate(1).toLocalDate();
            double amount = r.getDecimal(3).multiply(fx.rate(r.getString(2), YearMonth.from(day).atEndOfMonth())).doubleValue();
            tx.add(new RfmSummariser.Transaction(r.getString(0), day, amount));
        }
        var rfm = RfmSummariser.summarise(tx, asOf, 7.0);
        BgNbdFit bg = ClvModels.fitBgNbd(List.copyOf(rfm.values()));
        GammaGammaFit gg = ClvModels.fitGammaGamma(List.copyOf(rfm.values()));
        for (String p : List.of("r", "alpha", "a", "b")) {
            double v = switch (p) {
                case "r" -> bg.r();
                case "alpha" -> bg.alpha();
                case "a" -> bg.a();
                default -> bg.b();
            };
            params.add(param("bgnbd", SubscriberClv.ALL, p, v, bg.logLikelihood(), bg.customers(), bg.unavailableReason()));
        }
        for (String p : List.of("p", "q", "gamma")) {
            double v = switch (p) {
                case "p" -> gg.p();
                case "q" -> gg.q();
                default -> gg.gamma();
            };
            params.add(param("gamma_gamma", SubscriberClv.ALL, p, v, gg.logLikelihood(), gg.customers(), gg.unavailableReason()));
        }
        if (bg.available()) {
            rfm.forEach((id, obs) -> {
                BigDecimal clv = null;
                if (gg.available() && obs.frequency() > 0) {
                    clv = BigDecimal.valueOf(ClvModels.discountedClv(bg, gg, obs, TRANSACTIONAL_HORIZON_MONTHS,
                            monthlyDiscount, ClvModels.WEEKS_PER_MONTH, margin.doubleValue())).setScale(2, RoundingMode.HALF_UP);
                }
                values.put(id, new Object[] {clv, ClvModels.probabilityAlive(bg, obs)});
            });
        }
        return new Transactional(values, params);
    }

    private static void unavailable(List<Row> params, String reason, long n) {
        for (String p : List.of("r", "alpha", "a", "b")) {
            params.add(param("bgnbd", SubscriberClv.ALL, p, Double.NaN, Double.NaN, n, reason));
        }
        for (String p : List.of("p", "q", "gamma")) {
            params.add(param("gamma_gamma", SubscriberClv.ALL, p, Double.NaN, Double.NaN, n, reason));
        }
    }

    /** Billed revenue to date per customer: non-void invoice subtotals less credit notes, reporting currency. */
    private Map<String, BigDecimal> historicalRevenue(LocalDate asOf, FxTable fx) {
        Map<String, BigDecimal> out = new TreeMap<>();
        TableDef invoices = Tables.silver(CanonicalEntity.INVOICES);
        if (!DeltaTables.exists(spark, invoices, warehouse)) {
            return out;
        }
        Dataset<Row> inv = DeltaTables.read(spark, invoices, warehouse)
                .filter(col("status").isNull().or(col("status").notEqual("void")))
                .filter(col("invoice_date").leq(lit(Date.valueOf(asOf))));
        addByMonth(out, inv.select(col("customer_id"), col("invoice_date").as("d"), col("currency"), col("subtotal").as("amount")), fx, 1);
        TableDef credits = Tables.silver(CanonicalEntity.CREDIT_NOTES);
        if (DeltaTables.exists(spark, credits, warehouse)) {
            Dataset<Row> cn = DeltaTables.read(spark, credits, warehouse).filter(col("issue_date").leq(lit(Date.valueOf(asOf))))
                    .join(inv.select("invoice_id", "customer_id"), "invoice_id");
            addByMonth(out, cn.select(col("customer_id"), col("issue_date").as("d"), col("currency"), col("amount")), fx, -1);
        }
        out.replaceAll((k, v) -> v.setScale(2, RoundingMode.HALF_UP));
        return out;
    }

    private static void addByMonth(Map<String, BigDecimal> out, Dataset<Row> rows, FxTable fx, int sign) {
        Dataset<Row> byMonth = rows.withColumn("m", org.apache.spark.sql.functions.date_format(col("d"), "yyyy-MM"))
                .groupBy("customer_id", "m", "currency").agg(sum("amount"));
        for (Row r : byMonth.collectAsList()) {
            BigDecimal rate = fx.rate(r.getString(2), YearMonth.parse(r.getString(1)).atEndOfMonth());
            out.merge(r.getString(0), r.getDecimal(3).multiply(rate).multiply(BigDecimal.valueOf(sign)), BigDecimal::add);
        }
    }
}
