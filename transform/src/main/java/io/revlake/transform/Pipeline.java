package io.revlake.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSchemas;
import io.revlake.transform.clv.ClvJob;
import io.revlake.transform.finance.FinanceJob;
import io.revlake.transform.incremental.IncrementalRefresh;
import io.revlake.transform.quality.WriteAuditPublish;
import io.revlake.transform.recurring.RecurringConfig;
import io.revlake.transform.recurring.RecurringJob;
import io.revlake.transform.silver.SilverJob;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** The transform stages in order, and the run record that says what they wrote and under which policy. */
public final class Pipeline {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Stages in run order; ALL runs every one. */
    public enum Stage { SILVER, RECURRING, CLV, FINANCE, ALL }

    /** Discount rate of predictive CLV (a common finance default; recorded with each run). */
    public static final double CLV_ANNUAL_DISCOUNT_RATE = 0.10;

    private final SparkSession spark;
    private final String warehouse;
    private final Consumer<String> progress;

    public Pipeline(SparkSession spark, String warehouse, Consumer<String> progress) {
        this.spark = spark;
        this.warehouse = warehouse;
        this.progress = progress;
    }

    /**
     * Runs the stages, audits what they wrote, records the run in ops.transform_runs and publishes it; returns table
     * → rows written.
     *
     * @throws WriteAuditPublish.QualityCheckFailedException when a blocking check failed (nothing is published)
     */
    public Map<String, Long> transform(Stage stage, RecurringConfig config) {
        return transform(stage, config, false);
    }

    /**
     * @param incremental recompute only what the bronze rows added since the previous run touch (stage ALL only);
     *                    falls back to a full rebuild, saying why, when that would not give the same tables
     */
    public Map<String, Long> transform(Stage stage, RecurringConfig config, boolean incremental) {
        if (incremental && stage != Stage.ALL) {
            throw new IllegalArgumentException("An incremental refresh runs every stage; drop --stage " + stage
                    .name().toLowerCase(java.util.Locale.ROOT) + " or --incremental");
        }
        Instant started = Instant.now();
        String runId = UUID.randomUUID().toString();
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, String> policy = new LinkedHashMap<>();
        IncrementalRefresh refresh = new IncrementalRefresh(spark, warehouse, progress);
        // Versions read before any stage reads bronze: the next incremental refresh starts from them.
        Map<String, Long> inputs = stage == Stage.ALL ? refresh.bronzeVersions() : null;
        IncrementalRefresh.Decision decision = null;
        String note = null;
        if (incremental) {
            decision = refresh.decide(config, inputs);
            if (!decision.incremental()) {
                note = decision.fallback().orElseThrow();
                progress.accept("Incremental refresh not possible, running a full rebuild: " + note);
                decision = null;
            }
        }
        IncrementalRefresh.SilverChanges changes = null;
        boolean financeIncremental = false;
        boolean mrrIncremental = false;
        if (stage == Stage.SILVER || stage == Stage.ALL) {
            Instant t0 = Instant.now();
            progress.accept("[1/4] silver: " + (decision == null ? "conforming bronze tables"
                    : "replacing the rows of the keys changed since run " + decision.previous().orElseThrow().runId()));
            if (decision == null) {
                counts.putAll(new SilverJob(spark, warehouse, progress).run());
            } else {
                changes = refresh.silver(decision);
                counts.putAll(changes.rowCounts());
            }
            done("silver", t0);
        }
        if (stage == Stage.RECURRING || stage == Stage.ALL) {
            Instant t0 = Instant.now();
            progress.accept("[2/4] gold: MRR by customer and month, movements, summary (as of " + config.asOf() + ")");
            RecurringJob job = new RecurringJob(spark, warehouse, progress);
            RecurringJob.Output out = null;
            if (changes != null) {
                progress.accept(String.format("  recomputing the MRR of %,d customers (of %,d touched)",
                        changes.recurringCustomers().size(), changes.customers().size()));
                String previousRun = decision.previous().orElseThrow().runId();
                out = job.runForCustomers(config, changes.recurringCustomers(),
                        decision.previous().orElseThrow().policy().get("constant_currency_base"),
                        refresh.recordedVersions(previousRun)).orElse(null);
                mrrIncremental = out != null;
                if (out == null) {
                    note = "the constant-currency base month moved: every customer's MRR recomputed";
                    progress.accept("  " + note);
                }
            }
            if (out == null) {
                out = job.run(config);
            }
            counts.putAll(out.rowCounts());
            policy.putAll(out.policy());
            done("MRR", t0);
        }
        if (stage == Stage.CLV || stage == Stage.ALL) {
            Instant t0 = Instant.now();
            progress.accept("[3/4] gold: customer lifetime value (formula, sBG, BG/NBD + Gamma-Gamma)");
            counts.putAll(new ClvJob(spark, warehouse, progress).run(config.asOf(),
                    RecurringJob.loadFx(spark, warehouse, config.reportingCurrency()), config.summary().grossMargin(),
                    CLV_ANNUAL_DISCOUNT_RATE));
            policy.put("clv_annual_discount_rate", String.valueOf(CLV_ANNUAL_DISCOUNT_RATE));
            done("CLV", t0);
        }
        if (stage == Stage.FINANCE || stage == Stage.ALL) {
            Instant t0 = Instant.now();
            progress.accept("[4/4] gold: receivables, DSO, bookings, revenue recognition (as of " + config.asOf() + ")");
            FinanceJob job = new FinanceJob(spark, warehouse, progress);
            FinanceJob.Output out;
            Optional<String> financeFallback = changes == null ? Optional.empty()
                    : job.incrementalFallback(config.reportingCurrency(), decision.previous().orElseThrow().policy(),
                    refresh.recordedVersion(decision.previous().orElseThrow().runId(), Tables.FINANCE_CUSTOMER_FACTS)
                            .orElse(null));
            if (changes != null && financeFallback.isEmpty()) {
                out = job.runForCustomers(config.asOf(), config.reportingCurrency(), changes.customers());
                financeIncremental = true;
            } else {
                if (financeFallback.isPresent()) {
                    String why = "finance facts of every customer recomputed: " + financeFallback.get();
                    note = note == null ? why : note + "; " + why;
                    progress.accept("  " + why);
                }
                out = job.run(config.asOf(), config.reportingCurrency());
            }
            counts.putAll(out.rowCounts());
            policy.putAll(out.policy());
            out.unavailable().forEach((table, why) -> progress.accept("  " + table + " unavailable: " + why));
            done("finance", t0);
        }
        Map<String, Long> versions = new LinkedHashMap<>();
        for (String table : counts.keySet()) {
            Tables.fixed().stream().filter(t -> t.qualifiedName().equals(table)).findFirst()
                    .ifPresent(t -> versions.put(table, DeltaTables.version(spark, t, warehouse)));
        }
        if (stage == Stage.RECURRING || stage == Stage.ALL) {
            // Internal, neither audited nor published: recorded so the next incremental run reads the sums at the
            // versions that match this run's per-customer tables.
            for (TableDef t : Tables.MRR_STATE) {
                versions.put(t.qualifiedName(), DeltaTables.version(spark, t, warehouse));
            }
        }
        if (stage == Stage.FINANCE || stage == Stage.ALL) {
            // Not audited or published (internal): recorded so the next incremental run knows the facts are its own.
            long facts = DeltaTables.version(spark, Tables.FINANCE_CUSTOMER_FACTS, warehouse);
            if (facts >= 0) {
                versions.put(Tables.FINANCE_CUSTOMER_FACTS.qualifiedName(), facts);
            }
        }
        String mode = changes == null ? "full" : "incremental";
        if (changes != null) {
            progress.accept(String.format("Incremental refresh: %,d customers touched; silver rows replaced in %s;"
                            + " gold MRR rows of %,d customers replaced; MRR aggregates %s; finance facts of %s;"
                            + " finance company tables re-summed; CLV recomputed in full",
                    changes.customers().size(), changes.rowCounts().isEmpty() ? "no table"
                            : String.join(", ", changes.rowCounts().keySet()), changes.recurringCustomers().size(),
                    mrrIncremental ? "from sums over customers (see the MRR stage)" : "recomputed for every customer",
                    financeIncremental ? String.format("%,d customers recomputed", changes.customers().size())
                            : "every customer recomputed"));
        }
        WriteAuditPublish wap = new WriteAuditPublish(spark, warehouse, progress);
        progress.accept("auditing the versions written");
        Instant audited = Instant.now();
        Map<String, WriteAuditPublish.Replaced> replaced = new LinkedHashMap<>();
        if (changes != null) {
            String previousRun = decision.previous().orElseThrow().runId();
            Map<String, Long> recorded = refresh.recordedVersions(previousRun);
            java.util.function.BiConsumer<List<TableDef>, Set<String>> scope = (tables, customers) -> tables.forEach(t -> {
                Long v = recorded.get(t.qualifiedName());
                if (v != null) {
                    replaced.put(t.qualifiedName(), new WriteAuditPublish.Replaced(customers, previousRun, v));
                }
            });
            if (mrrIncremental) {
                scope.accept(List.of(Tables.MRR_CUSTOMER_MONTH, Tables.MRR_MOVEMENTS), changes.recurringCustomers());
            }
            if (financeIncremental) {
                scope.accept(FinanceJob.CUSTOMER_TABLES, changes.customers());
            }
        }
        WriteAuditPublish.requirePassed(wap.audit(runId, versions, replaced));
        done("audit", audited);
        var row = RowFactory.create(runId, Date.valueOf(config.asOf()), Timestamp.from(started),
                Timestamp.from(Instant.now()), json(policy), json(versions), json(counts),
                inputs == null ? null : json(inputs), mode, note);
        DeltaTables.appendOnce(spark.createDataFrame(List.of(row), SparkSchemas.schema(Tables.TRANSFORM_RUNS)),
                Tables.TRANSFORM_RUNS, warehouse, "revlake-transform-" + runId);
        wap.publish(runId, versions);
        return counts;
    }

    /** A stage's wall time on the console, so a slow run shows where its time went. */
    private void done(String what, Instant t0) {
        progress.accept(String.format(java.util.Locale.ROOT, "  %s done in %.1f s", what,
                java.time.Duration.between(t0, Instant.now()).toMillis() / 1000.0));
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
