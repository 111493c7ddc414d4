package io.revlake.catalog;

import static io.revlake.catalog.Column.optional;
import static io.revlake.catalog.Column.required;
import static io.revlake.catalog.ColumnType.*;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one place that names every table of the warehouse and its schema.
 * Jobs, the API and notebooks take table names, locations and columns from here.
 */
public final class Tables {
    private Tables() {
    }

    // ---- lineage carried from bronze to silver, so every fact leads back to a file and row ----
    public static final List<Column> LINEAGE = List.of(
            required("_source", STRING, "connector that produced the row, e.g. canonical"),
            required("_source_file", STRING, "file name the row came from"),
            required("_source_row", LONG, "1-based record number in the file, header excluded"),
            required("_batch_id", STRING, "ingest batch that wrote the row"),
            required("_ingested_at", TIMESTAMP, "when the batch ran"),
            required("_file_hash", STRING, "SHA-256 of the source file's bytes"),
            required("_row_hash", STRING, "SHA-256 of the row's values, for change detection"));

    // ---- ops ----
    public static final TableDef INGEST_LEDGER = new TableDef(Layer.OPS, "ingest_ledger", List.of(
            required("file_hash", STRING, "SHA-256 of the file content; the ledger's key"),
            required("source", STRING, "connector"),
            required("entity", STRING, "canonical entity the file maps to"),
            required("file_name", STRING, "file name as found"),
            required("batch_id", STRING, "batch that ingested the file"),
            required("status", STRING, "accepted (rows written, maybe some quarantined) or rejected (nothing written)"),
            required("rows_read", LONG, "data records read"),
            required("rows_accepted", LONG, "records written to bronze"),
            required("rows_rejected", LONG, "records written to quarantine"),
            optional("unknown_columns", STRING, "comma-separated columns not in the contract, kept in bronze"),
            optional("message", STRING, "why a file was rejected"),
            required("ingested_at", TIMESTAMP, "when")),
            List.of("file_hash"), "one row per distinct file content", "Every file ever offered to ingest.");

    public static final TableDef TRANSFORM_RUNS = new TableDef(Layer.OPS, "transform_runs", List.of(
            required("run_id", STRING, "unique id of the run"),
            required("as_of", DATE, "facts computed up to this date"),
            required("started_at", TIMESTAMP, "start"),
            required("finished_at", TIMESTAMP, "end"),
            required("policy", STRING, "JSON of the metric policy used"),
            required("tables", STRING, "JSON: table -> Delta version written"),
            required("row_counts", STRING, "JSON: table -> rows written"),
            optional("inputs", STRING, "JSON: bronze table -> its Delta version when the run started (runs of every"
                    + " stage only); the next incremental refresh reads the changes after it"),
            optional("mode", STRING, "full or incremental"),
            optional("note", STRING, "why an incremental refresh was asked for and a full rebuild ran")),
            List.of("run_id"), "one row per successful transform run", "What each run wrote and with which policy.");

    /** Written by {@code ./revlake close} and {@code POST /api/v1/admin/close} (Delta Kernel, no Spark); see docs/period-close.md. */
    public static final TableDef PERIOD_CLOSE = new TableDef(Layer.OPS, "period_close", List.of(
            required("period", STRING, "closed month, YYYY-MM; a period closes once"),
            required("closed_at", TIMESTAMP, "when the close was committed"),
            required("closed_by", STRING, "who closed it (--by, or the operating-system user / API caller)"),
            optional("note", STRING, "free text, e.g. the sign-off reference"),
            required("versions", STRING, "JSON: gold table -> Delta version frozen by the close"),
            required("checks", STRING, "JSON: the accounting identities run on those versions, all passed")),
            List.of("period"), "one row per closed period", "Closed periods and the gold table versions they froze.");

    public static final TableDef JOB_RUNS = new TableDef(Layer.OPS, "job_runs", List.of(
            required("run_id", STRING, "unique id of the run; its attempts share it"),
            required("job", STRING, "job id, e.g. ingest:canonical, transform:silver, all"),
            optional("parent_run_id", STRING, "run of the job 'all' this run is a step of"),
            required("trigger", STRING, "cli, schedule or api"),
            required("attempt", LONG, "1 for the first try, then one more per retry"),
            required("status", STRING, "running, succeeded, failed, timed_out or skipped_locked"),
            required("started_at", TIMESTAMP, "when the attempt started"),
            optional("ended_at", TIMESTAMP, "when it ended; empty while running"),
            optional("rows_in", LONG, "rows read (ingest: records in the extract files); empty when not counted"),
            optional("rows_out", LONG, "rows written"),
            optional("tables_written", STRING, "JSON: table -> Delta version written"),
            optional("error", STRING, "why the attempt failed, timed out or was skipped"),
            optional("runner", STRING, "host and process id of the scheduler or command that ran it"),
            required("recorded_at", TIMESTAMP, "when this row was written; the latest row of an attempt is its state")),
            List.of("run_id", "attempt", "status"), "one row per run attempt and state (running, then the outcome)",
            "Every job run: who triggered it, how long it took, what it wrote, and why it failed. Written by the"
                    + " job runner with Delta Kernel, so a pipeline process that was killed is still recorded.");

    /** Written by the transform after each run: one row per declared check (see {@link Checks}) and table checked. */
    public static final TableDef QUALITY_RESULTS = new TableDef(Layer.OPS, "quality_results", List.of(
            required("run_id", STRING, "transform run (ops.transform_runs.run_id) that wrote the checked version"),
            required("table_name", STRING, "checked table, e.g. gold.mrr_summary"),
            required("version", LONG, "Delta version of the table the check ran on"),
            required("check_name", STRING, "check, e.g. unique(month) or mrr_bridge"),
            required("kind", STRING, "not_null, unique, accepted_values, references or identity"),
            required("severity", STRING, "blocking (a failure stops publication) or warning"),
            required("passed", BOOLEAN, "whether the check held"),
            required("failing_rows", LONG, "rows breaking the check; for identities, the months (and currencies) off"),
            required("failing_sample", STRING, "JSON array of up to 5 failing keys or identity violations"),
            required("checked_at", TIMESTAMP, "when the check ran")),
            List.of("run_id", "table_name", "check_name"), "run x table x check",
            "Results of the declared data-quality checks of every transform run.");

    /** Appended by the transform when every blocking check of a run passed; the API serves the latest row. */
    public static final TableDef PUBLICATIONS = new TableDef(Layer.OPS, "publications", List.of(
            required("publish_id", STRING, "unique id of the publication"),
            required("run_id", STRING, "transform run published"),
            required("published_at", TIMESTAMP, "when"),
            required("versions", STRING, "JSON: gold table -> Delta version published, every gold table that exists")),
            List.of("publish_id"), "one row per publication",
            "Which version of each gold table readers see: written, audited, then published together.");

    // ---- quarantine: one table per connector ----
    public static TableDef quarantine(String source) {
        List<Column> cols = new ArrayList<>();
        cols.add(required("entity", STRING, "entity the file maps to"));
        cols.add(required("reason_code", STRING, "machine-readable reason, e.g. INVALID_DATE"));
        cols.add(required("reason", STRING, "human-readable reason naming the column and value"));
        cols.add(required("raw_row", STRING, "the record as received, as a JSON object header -> value"));
        cols.addAll(LINEAGE);
        return new TableDef(Layer.QUARANTINE, source, cols, List.of("_file_hash", "_source_row"),
                "one row per rejected record", "Records that failed validation; nothing is dropped silently.");
    }

    /**
     * Whether the table records Delta's change data feed ({@code delta.enableChangeDataFeed}): bronze tables do, so
     * an incremental transform reads only the rows added since the run before.
     */
    public static boolean recordsChanges(TableDef table) {
        return table.layer() == Layer.BRONZE;
    }

    // ---- bronze: canonical entities as received (strings) + lineage ----
    public static TableDef bronze(String source, CanonicalEntity entity) {
        List<Column> cols = new ArrayList<>();
        for (CanonicalField f : entity.fields()) {
            cols.add(optional(f.name(), STRING, "as received"));
        }
        cols.add(optional("_extra_columns", STRING, "JSON object of columns not in the contract, kept as received"));
        cols.addAll(LINEAGE);
        return new TableDef(Layer.BRONZE, source + "_" + entity.fileStem(), cols, List.of("_file_hash", "_source_row"),
                "one row per accepted source record", "Accepted " + entity.fileName() + " records from " + source);
    }

    // ---- silver: typed, latest version per natural key ----
    /**
     * Lineage of silver rows that name a customer: {@code customer_id} is the resolved customer of
     * {@link #IDENTITY_MAP}, this the id the row's source gave it.
     */
    public static final Column SOURCE_CUSTOMER_ID = optional("_source_customer_id", STRING, "the customer's id in the"
            + " row's source (_source) before identity resolution; customer_id is the resolved customer");

    private static final Map<CanonicalEntity, TableDef> SILVER = new EnumMap<>(CanonicalEntity.class);

    static {
        for (CanonicalEntity e : CanonicalEntity.values()) {
            List<Column> cols = new ArrayList<>();
            for (CanonicalField f : e.fields()) {
                cols.add(new Column(f.name(), f.kind().silverType(), !e.key().contains(f.name()), ""));
            }
            cols.addAll(LINEAGE);
            if (e.field("customer_id").isPresent()) {
                cols.add(SOURCE_CUSTOMER_ID);
            }
            SILVER.put(e, new TableDef(Layer.SILVER, e.fileStem(), cols, e.key(),
                    "one row per " + String.join(", ", e.key()), "Conformed " + e.fileStem() + ", typed, latest per key"));
        }
    }

    public static TableDef silver(CanonicalEntity entity) {
        return SILVER.get(entity);
    }

    /** Written by the silver stage from every source's customers and {@link #identityMappingFile}; docs/connectors.md. */
    public static final TableDef IDENTITY_MAP = new TableDef(Layer.SILVER, "identity_map", List.of(
            required("source", STRING, "connector the customer record came from, e.g. stripe"),
            required("source_customer_id", STRING, "the record's id in that source"),
            required("customer_id", STRING, "the one customer the record belongs to; a conflicting or unmatched "
                    + "record keeps its own id"),
            required("status", STRING, "matched, unmatched, conflict, or unknown_record (a mapping-file line naming "
                    + "no ingested record)"),
            optional("linked_by", STRING, "keys (system:id) and mapping-file lines tying the customer together"),
            optional("detail", STRING, "why: the contradiction of a conflict, claims no record answers")),
            List.of("source", "source_customer_id"), "one row per customer record of a source",
            "Which records of CRM, billing and ERP are one customer, from explicit keys and the mapping file only.");

    /**
     * Written by the silver stage from every version of each customer record in bronze (docs/metrics.md, "Dimension
     * history"); the recurring stage reads it to place each month in the segment, region and channel of that month.
     */
    public static final TableDef CUSTOMER_DIMENSION_HISTORY = new TableDef(Layer.SILVER, "customer_dimension_history",
            Stream.concat(Stream.of(
                    required("customer_id", STRING, "customer (of silver.customers)"),
                    required("period", LONG, "1-based number of the period, oldest first"),
                    optional("valid_from", STRING, "YYYY-MM from which the values apply (the month of the version's"
                            + " updated_at); empty for the first period, which applies from the customer's first month"),
                    optional("valid_to", STRING, "YYYY-MM from which they no longer apply (exclusive); empty for the"
                            + " current period"),
                    optional("segment", STRING, "customer segment"),
                    optional("region", STRING, "customer region"),
                    optional("channel", STRING, "acquisition channel"),
                    optional("country", STRING, "country"),
                    optional("updated_at", TIMESTAMP, "updated_at of the version that opened the period")),
                    LINEAGE.stream()).toList(),
            List.of("customer_id", "period"), "one row per customer and period of unchanged dimensions",
            "Point-in-time customer dimensions: each change takes effect from the month of its updated_at; the"
                    + " lineage columns are those of the version that opened the period.");

    /** The user-edited identity mapping file ({@code source,source_id,customer_id}) of a warehouse. */
    public static String identityMappingFile(String warehouse) {
        String root = warehouse.endsWith("/") ? warehouse.substring(0, warehouse.length() - 1) : warehouse;
        return root + "/_config/identity.csv";
    }

    // ---- gold ----
    public static final TableDef MRR_CUSTOMER_MONTH = new TableDef(Layer.GOLD, "mrr_customer_month", List.of(
            required("month", STRING, "YYYY-MM"),
            required("customer_id", STRING, "customer"),
            required("mrr", MONEY, "MRR at end of month in reporting currency (month-end rate)"),
            required("mrr_constant_currency", MONEY, "MRR at the constant-currency base rates"),
            required("currency", STRING, "customer's billing currency"),
            required("mrr_source_currency", MONEY, "MRR in the billing currency"),
            required("fx_rate", RATE, "rate used for mrr: reporting units per 1 billing-currency unit"),
            required("active_items", LONG, "subscription items active at month end (trialing included)"),
            required("seats", AMOUNT, "quantity of the seat-based items with MRR at month end"),
            optional("segment", STRING, "customer segment at the month end"),
            optional("region", STRING, "customer region at the month end"),
            optional("channel", STRING, "acquisition channel at the month end"),
            optional("plan", STRING, "main plan at the month end: the plan id with the most MRR (docs/metrics.md)")),
            List.of("month", "customer_id"), "customer x month, months with MRR > 0",
            "Month-end MRR snapshot per paying customer.");

    public static final TableDef MRR_MOVEMENTS = new TableDef(Layer.GOLD, "mrr_movements", List.of(
            required("month", STRING, "YYYY-MM"),
            required("customer_id", STRING, "customer"),
            required("movement", STRING, "new, reactivation, expansion, contraction, churn or fx; entering and"
                    + " leaving when the customer's segment, region, channel or main plan changed while paying"),
            required("amount", MONEY, "signed amount in reporting currency units (constant currency except fx;"
                    + " entering and leaving: the previous month's mrr)"),
            required("currency", STRING, "customer's billing currency"),
            optional("segment", STRING, "customer segment the movement counts in (see docs/metrics.md)"),
            optional("region", STRING, "customer region the movement counts in"),
            optional("channel", STRING, "acquisition channel the movement counts in"),
            optional("plan", STRING, "main plan the movement counts in")),
            List.of("month", "customer_id", "movement"), "customer x month x movement, non-zero only",
            "MRR movements between consecutive month ends.");

    /**
     * The bridge and ratio columns of a monthly summary, shared by {@link #MRR_SUMMARY} (the company) and
     * {@link #MRR_DIMENSION_MONTH} (each dimension value), in this order.
     */
    private static List<Column> summaryColumns() {
        return List.of(
            required("mrr", MONEY, "total MRR, reporting currency"),
            required("mrr_constant_currency", MONEY, "total MRR at constant-currency rates"),
            required("arr", MONEY, "12 x mrr"),
            required("paying_customers", LONG, "customers with MRR > 0 at month end"),
            required("new", MONEY, "new MRR"),
            required("reactivation", MONEY, "reactivation MRR"),
            required("expansion", MONEY, "expansion MRR"),
            required("contraction", MONEY, "contraction MRR (negative)"),
            required("churn", MONEY, "churned MRR (negative)"),
            required("fx", MONEY, "currency effect"),
            required("new_customers", LONG, "customers with a new movement"),
            required("churned_customers", LONG, "customers with a churn movement"),
            optional("logo_churn_rate", DOUBLE, "churned customers / paying customers of previous month"),
            optional("gross_mrr_churn_rate", DOUBLE, "(|churn| + |contraction|) / previous constant-currency MRR"),
            optional("net_mrr_churn_rate", DOUBLE, "(|churn| + |contraction| - expansion) / previous constant-currency MRR"),
            optional("nrr", DOUBLE, "monthly net revenue retention"),
            optional("grr", DOUBLE, "monthly gross revenue retention"),
            optional("arpa", MONEY, "mrr / paying customers"),
            optional("arpu", MONEY, "ARPA, or mrr / active seats with policy arpu_unit=seat"),
            required("active_seats", AMOUNT, "seats of seat-based items with MRR"),
            optional("asp", MONEY, "new MRR / new customers"),
            optional("quick_ratio", DOUBLE, "(new + reactivation + expansion) / (|churn| + |contraction|)"),
            optional("nrr_12m", DOUBLE, "MRR now of customers paying 12 months ago / their MRR then"),
            optional("grr_12m", DOUBLE, "as nrr_12m with each customer capped at its MRR 12 months ago"));
    }

    private static List<Column> concat(List<Column> first, List<Column> second, List<Column> third) {
        return Stream.of(first, second, third).flatMap(List::stream).toList();
    }

    public static final TableDef MRR_SUMMARY = new TableDef(Layer.GOLD, "mrr_summary", concat(
            List.of(required("month", STRING, "YYYY-MM")),
            summaryColumns(),
            List.of(optional("clv_formula", MONEY, "arpa x gross margin / mean logo churn of the 6 months before"),
                    optional("sales_marketing_spend", MONEY, "sales + marketing expenses, reporting currency"),
                    optional("cac", MONEY, "sales_marketing_spend / new customers"),
                    optional("cac_payback_months", DOUBLE, "cac / (asp x gross margin)"),
                    optional("ltv_cac", DOUBLE, "clv_formula / cac"),
                    optional("usage_run_rate", MONEY, "trailing-3-month average of usage billings, reporting currency;"
                            + " not MRR"))),
            List.of("month"), "one row per month", "Monthly MRR totals, bridge and retention ratios.");

    /**
     * Dimensions of {@link #MRR_DIMENSION_MONTH}: segment, region and channel as of each month (from
     * {@link #CUSTOMER_DIMENSION_HISTORY}), the customer's main plan of each month (from its subscription items), and
     * the billing currency.
     */
    public static final List<String> MRR_DIMENSIONS = List.of("segment", "region", "plan", "channel", "currency");

    public static final TableDef MRR_DIMENSION_MONTH = new TableDef(Layer.GOLD, "mrr_dimension_month", concat(
            List.of(required("month", STRING, "YYYY-MM"),
                    required("dimension", STRING, "segment, region, plan (the customer's main plan), channel or"
                            + " currency (the customer's billing currency)"),
                    required("value", STRING, "the dimension's value; '(none)' when the customer has none")),
            summaryColumns(),
            List.of(required("entering", MONEY, "MRR of the previous month of customers who moved into the value"
                            + " while paying (docs/metrics.md, \"Entering and leaving\")"),
                    required("leaving", MONEY, "MRR of the previous month of customers who moved out of the value"
                            + " while paying (negative)"))),
            List.of("month", "dimension", "value"), "month x dimension x value, from the first month of each value",
            "The monthly summary and bridge of the customers with each segment, region, main plan, acquisition"
                    + " channel and billing currency, as of each month: mrr(M) = mrr(M-1) + new + reactivation + expansion +"
                    + " contraction + churn + fx + entering + leaving for every value.");

    public static final TableDef COHORT_RETENTION = cohortTable("cohort_retention", "segment", "customer segment",
            "Logo and revenue retention matrices.");

    public static final TableDef COHORT_RETENTION_CHANNEL = cohortTable("cohort_retention_channel", "channel",
            "acquisition channel", "Logo and revenue retention matrices by acquisition channel (same definition).");

    /** Cohort matrices split by one customer dimension; the dimension's value 'all' holds the unsplit matrix. */
    private static TableDef cohortTable(String name, String dimension, String dimensionDoc, String doc) {
        return new TableDef(Layer.GOLD, name, List.of(
                required("cohort_month", STRING, "YYYY-MM of the customers' first new movement"),
                required(dimension, STRING, dimensionDoc + ", or 'all'"),
                required("months_since_start", LONG, "k: months after the cohort month"),
                required("customers_start", LONG, "customers in the cohort"),
                required("customers_retained", LONG, "of them, paying at the end of cohort + k"),
                required("logo_retention", DOUBLE, "customers_retained / customers_start"),
                required("mrr_start", MONEY, "cohort MRR at the cohort month, constant currency"),
                required("mrr_retained", MONEY, "cohort MRR at cohort + k, constant currency"),
                optional("revenue_retention", DOUBLE, "mrr_retained / mrr_start")),
                List.of("cohort_month", dimension, "months_since_start"), "cohort x " + dimension + " x k", doc);
    }

    public static final TableDef RENEWAL_MONTH = new TableDef(Layer.GOLD, "renewal_month", List.of(
            required("month", STRING, "YYYY-MM of the contracts' last service day"),
            required("contracts_up", LONG, "contracts up for renewal"),
            required("contracts_renewed", LONG, "of them, followed by a contract of the same customer within 30 days"),
            optional("renewal_rate_count", DOUBLE, "contracts_renewed / contracts_up"),
            required("value_up", MONEY, "transaction price of the contracts up, reporting currency"),
            required("value_renewed", MONEY, "transaction price of those renewed, reporting currency"),
            optional("renewal_rate_value", DOUBLE, "value_renewed / value_up")),
            List.of("month"), "one row per month with contracts up for renewal", "Renewal rate by count and value.");

    public static final TableDef CLV_CUSTOMER = new TableDef(Layer.GOLD, "clv_customer", List.of(
            required("customer_id", STRING, "customer paying at the as-of month, or with transactional revenue"),
            optional("segment", STRING, "customer segment"),
            optional("mrr", MONEY, "MRR at the as-of month, reporting currency"),
            optional("tenure_months", LONG, "paid months of the current tenure"),
            optional("clv_formula", MONEY, "mrr x gross margin / mean logo churn of the 6 months before"),
            optional("derl_months", DOUBLE, "sBG discounted expected residual lifetime, months"),
            optional("clv_predictive", MONEY, "derl_months x mrr x gross margin (subscriptions)"),
            optional("clv_transactional", MONEY, "BG/NBD + Gamma-Gamma discounted 12-month value of usage/one-time revenue"),
            optional("probability_alive", DOUBLE, "BG/NBD probability the transactional customer is still active"),
            required("historical_revenue", MONEY, "billed to date net of credit notes, excluding tax and void invoices")),
            List.of("customer_id"), "one row per customer", "Customer lifetime value, formula and predictive.");

    public static final TableDef CLV_MODEL_PARAMS = new TableDef(Layer.GOLD, "clv_model_params", List.of(
            required("model", STRING, "sbg, bgnbd or gamma_gamma"),
            required("segment", STRING, "segment, or 'all'"),
            required("parameter", STRING, "alpha, beta, r, a, b, p, q, gamma"),
            optional("value", DOUBLE, "fitted value; null when unavailable"),
            optional("log_likelihood", DOUBLE, "log-likelihood at the fit"),
            required("n", LONG, "customers in the fit"),
            required("status", STRING, "ok or unavailable"),
            optional("reason", STRING, "why the model could not be identified")),
            List.of("model", "segment", "parameter"), "model x segment x parameter",
            "Fitted CLV model parameters, by maximum likelihood.");

    // ---- gold: cash, receivables, revenue recognition (transform.finance) ----
    // BEGIN FINANCE TABLES
    // Amounts are in the source (invoice or contract) currency unless the column name ends in _reporting; those are
    // converted at the fx_rate of the row (the rate on or before its as-of date or month end). See docs/finance.md.
    public static final TableDef AR_AGING = new TableDef(Layer.GOLD, "ar_aging", List.of(
            required("as_of", DATE, "aging date: every month end up to the run's as-of date, and the as-of date"),
            required("customer_id", STRING, "customer"),
            required("invoice_id", STRING, "invoice"),
            required("invoice_date", DATE, "invoice date"),
            required("due_date", DATE, "due date"),
            required("days_past_due", LONG, "as_of - due_date in days (0 or negative = not yet due)"),
            required("currency", STRING, "invoice currency"),
            required("bucket", STRING, "current, 1-30, 31-60, 61-90, 91-120, 120+ (edges are a policy)"),
            required("open_amount", MONEY, "total - payments applied - credit notes issued, on or before as_of; > 0"),
            required("fx_rate", RATE, "reporting units per invoice-currency unit at as_of"),
            required("open_amount_reporting", MONEY, "open_amount at fx_rate, reporting currency")),
            List.of("as_of", "invoice_id"), "aging date x open invoice", "AR aging snapshots; void and written-off invoices excluded.");

    public static final TableDef OVERDUE_INVOICES = new TableDef(Layer.GOLD, "overdue_invoices", List.of(
            required("as_of", DATE, "the run's as-of date"),
            required("invoice_id", STRING, "invoice"),
            required("customer_id", STRING, "customer"),
            required("invoice_date", DATE, "invoice date"),
            required("due_date", DATE, "due date"),
            required("days_past_due", LONG, "as_of - due_date, > 0"),
            required("bucket", STRING, "aging bucket"),
            optional("status", STRING, "invoice status as exported (open, paid, uncollectible)"),
            required("currency", STRING, "invoice currency"),
            required("total", MONEY, "invoice total including tax"),
            required("open_amount", MONEY, "open balance at as_of"),
            required("fx_rate", RATE, "rate at as_of"),
            required("open_amount_reporting", MONEY, "open balance, reporting currency")),
            List.of("invoice_id"), "one row per invoice past due with an open balance at the as-of date",
            "Collections work list.");

    public static final TableDef UNAPPLIED_CASH = new TableDef(Layer.GOLD, "unapplied_cash", List.of(
            required("as_of", DATE, "aging date (same dates as ar_aging)"),
            required("customer_id", STRING, "customer"),
            required("currency", STRING, "currency of the cash"),
            required("unapplied_amount", MONEY, "payments not applied to an open invoice: overpayments, payments without"
                    + " or before their invoice, payments to void invoices"),
            required("fx_rate", RATE, "rate at as_of"),
            required("unapplied_amount_reporting", MONEY, "unapplied_amount, reporting currency")),
            List.of("as_of", "customer_id", "currency"), "aging date x customer x currency, non-zero only",
            "Customer credit balances, kept out of AR.");

    public static final TableDef DSO_MONTH = new TableDef(Layer.GOLD, "dso_month", List.of(
            required("month", STRING, "YYYY-MM"),
            required("as_of", DATE, "the month's snapshot date (month end, or the run's as-of date)"),
            required("days", LONG, "days of the month up to the snapshot"),
            required("ar_start", MONEY, "open AR at the previous snapshot, each invoice converted at this month's"
                    + " rates and rounded"),
            required("billings", MONEY, "invoice totals (tax included) dated in the month"),
            required("ar_end", MONEY, "open AR at the snapshot: Σ gold.ar_aging.open_amount_reporting of its rows"),
            required("current_ar_end", MONEY, "part of ar_end not yet due (the aging rows with days_past_due <= 0)"),
            required("write_offs", MONEY, "open balances of uncollectible invoices written off in the month"),
            optional("dso_simple", DOUBLE, "ar_end / billings x days; null without billings"),
            optional("dso_countback", DOUBLE, "countback DSO: months of billings, newest first, that ar_end covers, in days"),
            optional("cei", DOUBLE, "collection effectiveness index, percent")),
            List.of("month"), "one row per month", "Days sales outstanding and collection effectiveness, reporting"
                    + " currency at each month's snapshot rates.");

    public static final TableDef BILLINGS = new TableDef(Layer.GOLD, "billings", List.of(
            required("invoice_id", STRING, "invoice"),
            required("customer_id", STRING, "customer"),
            required("invoice_date", DATE, "invoice date"),
            required("month", STRING, "YYYY-MM of invoice_date: the month it is billed in"),
            required("as_of", DATE, "the month's snapshot date (month end, or the run's as-of date), whose rate"
                    + " converts it"),
            required("currency", STRING, "invoice currency"),
            required("total", MONEY, "invoice total including tax, invoice currency; credit notes not deducted"),
            required("fx_rate", RATE, "reporting units per invoice-currency unit at as_of"),
            required("total_reporting", MONEY, "the invoice's share of gold.dso_month.billings: total x fx_rate,"
                    + " within a cent, the month's rows adding up to it exactly (largest remainder)")),
            List.of("invoice_id"), "one row per non-void invoice dated on or before the as-of date",
            "Billings invoice by invoice; per month they sum to gold.dso_month.billings.");

    public static final TableDef CUSTOMER_PAYMENT_DAYS = new TableDef(Layer.GOLD, "customer_payment_days", List.of(
            required("customer_id", STRING, "customer"),
            required("currency", STRING, "invoice currency"),
            required("payments", LONG, "positive payments applied to non-void invoices"),
            required("invoices_paid", LONG, "distinct invoices those payments went to"),
            required("amount_paid", MONEY, "sum of those payments, invoice currency"),
            required("avg_days_to_pay", DOUBLE, "amount-weighted mean of payment date - invoice date"),
            required("avg_days_late", DOUBLE, "amount-weighted mean of max(0, payment date - due date)"),
            required("share_paid_late", DOUBLE, "share of amount_paid received after the due date")),
            List.of("customer_id", "currency"), "customer x currency", "How fast each customer pays.");

    public static final TableDef BOOKINGS = new TableDef(Layer.GOLD, "bookings", List.of(
            required("source", STRING, "contract, or opportunity (closed-won without a contract)"),
            required("booking_id", STRING, "contract_id or opportunity_id"),
            optional("customer_id", STRING, "customer"),
            required("booked_date", DATE, "signed_date, or close_date of the opportunity"),
            required("month", STRING, "YYYY-MM of booked_date"),
            required("booking_type", STRING, "new, expansion or renewal"),
            required("currency", STRING, "contract currency"),
            required("tcv", MONEY, "total contract value: the transaction price"),
            required("contract_years", DOUBLE, "term in years by calendar months; 1 for opportunities"),
            required("acv", MONEY, "tcv / max(1, contract_years)"),
            required("fx_rate", RATE, "rate at booked_date"),
            required("tcv_reporting", MONEY, "tcv, reporting currency"),
            required("acv_reporting", MONEY, "acv, reporting currency")),
            List.of("source", "booking_id"), "one row per booking", "Bookings with TCV and ACV.");

    public static final TableDef BOOKINGS_MONTH = new TableDef(Layer.GOLD, "bookings_month", List.of(
            required("month", STRING, "YYYY-MM"),
            required("booking_type", STRING, "new, expansion or renewal"),
            required("bookings", LONG, "number of bookings"),
            required("tcv", MONEY, "sum of tcv_reporting"),
            required("acv", MONEY, "sum of acv_reporting")),
            List.of("month", "booking_type"), "month x booking type, months with bookings",
            "Bookings by month and type, reporting currency.");

    public static final TableDef REVENUE_SCHEDULE = new TableDef(Layer.GOLD, "revenue_schedule", List.of(
            required("source", STRING, "contract (obligations.csv) or invoice (invoice lines of customers without contracts)"),
            required("obligation_id", STRING, "obligation_id, or line_id for invoice lines"),
            required("contract_id", STRING, "contract, or the invoice_id for invoice lines"),
            required("customer_id", STRING, "customer"),
            required("method", STRING, "ratable, point_in_time or usage"),
            required("month", STRING, "YYYY-MM of recognition"),
            required("currency", STRING, "contract or invoice currency"),
            required("allocated_price", MONEY, "price the obligation's schedule sums to: allocated transaction price less"
                    + " credit notes; for usage, the amount billed"),
            required("recognized", MONEY, "revenue recognised in the month"),
            required("fx_rate", RATE, "rate at the month end (latest known rate for future months)"),
            required("recognized_reporting", MONEY, "recognized, reporting currency"),
            required("is_recognized", BOOLEAN, "false for months after the as-of month (scheduled, not yet earned)")),
            List.of("source", "obligation_id", "month"), "obligation x month", "Revenue recognition schedule.");

    public static final TableDef REVENUE_WATERFALL = new TableDef(Layer.GOLD, "revenue_waterfall", List.of(
            required("row_month", STRING, "billing month (or booking month, policy waterfall_rows);"
                    + " 'unbilled' for scheduled revenue no invoice covers yet"),
            required("recognition_month", STRING, "month revenue is recognised; 'unscheduled' for billed amounts no"
                    + " obligation will recognise"),
            required("currency", STRING, "source currency"),
            required("amount", MONEY, "revenue of the row recognised in the column"),
            required("fx_rate", RATE, "rate at the recognition month end"),
            required("amount_reporting", MONEY, "amount, reporting currency"),
            required("is_recognized", BOOLEAN, "recognition_month is on or before the as-of month")),
            List.of("row_month", "recognition_month", "currency"), "row month x recognition month x currency",
            "Revenue waterfall; each row sums to what was billed (or booked) in its month.");

    public static final TableDef DEFERRED_REVENUE = new TableDef(Layer.GOLD, "deferred_revenue", List.of(
            required("month", STRING, "YYYY-MM"),
            required("currency", STRING, "source currency"),
            required("opening", MONEY, "deferred revenue (contract liabilities) at the start of the month"),
            required("opening_unbilled", MONEY, "unbilled receivables (contract assets) at the start of the month"),
            required("billings", MONEY, "invoiced in the month excluding tax, less credit notes excluding tax"),
            required("recognized", MONEY, "revenue recognised in the month"),
            required("closing", MONEY, "deferred revenue at month end; closing - closing_unbilled ="
                    + " opening - opening_unbilled + billings - recognized"),
            required("closing_unbilled", MONEY, "unbilled receivables at month end (recognised ahead of billing)"),
            required("fx_rate", RATE, "rate at the month end"),
            required("billings_reporting", MONEY, "billings, reporting currency"),
            required("recognized_reporting", MONEY, "recognized, reporting currency"),
            required("closing_reporting", MONEY, "closing, reporting currency"),
            required("closing_unbilled_reporting", MONEY, "closing_unbilled, reporting currency")),
            List.of("month", "currency"), "month x currency", "Deferred revenue roll-forward, netted per contract.");

    public static final TableDef RPO_MONTH = new TableDef(Layer.GOLD, "rpo_month", List.of(
            required("month", STRING, "YYYY-MM"),
            required("currency", STRING, "source currency"),
            required("deferred", MONEY, "deferred revenue at month end (= deferred_revenue.closing)"),
            required("unbilled", MONEY, "unbilled receivables at month end (= deferred_revenue.closing_unbilled)"),
            required("backlog", MONEY, "contracted, not yet billed: price of contracts signed by month end - billed"),
            required("rpo", MONEY, "transaction price not yet recognised = deferred - unbilled + backlog"),
            required("crpo", MONEY, "part of rpo scheduled in the next 12 months"),
            required("fx_rate", RATE, "rate at the month end"),
            required("rpo_reporting", MONEY, "rpo, reporting currency"),
            required("crpo_reporting", MONEY, "crpo, reporting currency")),
            List.of("month", "currency"), "month end x currency", "Remaining performance obligations; usage-based"
                    + " (variable) consideration excluded.");

    public static final TableDef DEFERRED_REVENUE_CUSTOMER = new TableDef(Layer.GOLD, "deferred_revenue_customer",
            List.of(
            required("customer_id", STRING, "customer"),
            required("month", STRING, "YYYY-MM"),
            required("currency", STRING, "source currency"),
            required("opening", MONEY, "the customer's deferred revenue at the start of the month"),
            required("opening_unbilled", MONEY, "the customer's unbilled receivables at the start of the month"),
            required("billings", MONEY, "invoiced in the month excluding tax, less credit notes excluding tax"),
            required("recognized", MONEY, "revenue recognised in the month"),
            required("closing", MONEY, "deferred revenue at month end; closing - closing_unbilled ="
                    + " opening - opening_unbilled + billings - recognized"),
            required("closing_unbilled", MONEY, "unbilled receivables at month end"),
            required("fx_rate", RATE, "rate at the month end (the rate of the gold.deferred_revenue row)")),
            List.of("customer_id", "month", "currency"), "customer x month x currency, rows that are not all zero",
            "Deferred revenue roll-forward per customer, netted per contract; summed over customers it is"
                    + " gold.deferred_revenue (source currency). No reporting columns: the company row converts each"
                    + " currency's total once, so a customer's share of it is a split of that figure (the API's explain"
                    + " splits it by largest remainder).");

    public static final TableDef RPO_CUSTOMER = new TableDef(Layer.GOLD, "rpo_customer", List.of(
            required("customer_id", STRING, "customer"),
            required("month", STRING, "YYYY-MM"),
            required("currency", STRING, "source currency"),
            required("deferred", MONEY, "deferred revenue at month end (= deferred_revenue_customer.closing)"),
            required("unbilled", MONEY, "unbilled receivables at month end (= deferred_revenue_customer.closing_unbilled)"),
            required("backlog", MONEY, "contracted, not yet billed"),
            required("rpo", MONEY, "transaction price not yet recognised = deferred - unbilled + backlog"),
            required("crpo", MONEY, "part of rpo scheduled in the next 12 months"),
            required("fx_rate", RATE, "rate at the month end (the rate of the gold.rpo_month row)")),
            List.of("customer_id", "month", "currency"), "customer x month end x currency, rows that are not all zero",
            "Remaining performance obligations per customer; summed over customers it is gold.rpo_month (source"
                    + " currency). Reporting amounts are a split of the company row's, as for deferred_revenue_customer.");

    public static final TableDef FINANCE_JOURNAL = new TableDef(Layer.GOLD, "finance_journal", List.of(
            required("month", STRING, "YYYY-MM"),
            required("currency", STRING, "source currency"),
            required("entry", STRING, "billing, credit_note, recognition, unbilled_reclass, cash, write_off"),
            required("account", STRING, "accounts_receivable, deferred_revenue, unbilled_receivable, revenue,"
                    + " tax_payable, cash, unapplied_cash, bad_debt_expense"),
            required("debit", MONEY, "debit total"),
            required("credit", MONEY, "credit total")),
            List.of("month", "currency", "entry", "account"), "month x currency x entry x account",
            "Journal-style summary of billing, cash, revenue and write-offs; every entry balances.");

    /**
     * Internal state of the finance stage, not a published table: every per-customer fact the stage derives (aging
     * lines, monthly flows, schedules, waterfall cells, deferred and RPO balances, violations), one row per fact, in
     * the stage's positional layout ({@code kind} says what the generic columns hold). Every finance gold table is a
     * function of these rows, so an incremental refresh recomputes the rows of the customers it touches, keeps the
     * rest, and derives the tables from the whole set as a full run does.
     */
    public static final TableDef FINANCE_CUSTOMER_FACTS = new TableDef(Layer.GOLD, "_finance_customer_facts",
            financeFactColumns(), List.of(), "one row per customer fact", "Per-customer finance facts (internal).");

    /**
     * Internal state of the MRR stage: the raw sums behind mrr_summary and mrr_dimension_month, one row per dimension
     * value (all=all for the company), month, fact kind and movement. Every aggregate is a sum over customers, so an
     * incremental refresh subtracts the touched customers' old contributions and adds their new ones instead of
     * re-summing every customer; {@code facts} (the number of fact rows summed) tells an emptied group from one that
     * sums to zero.
     */
    public static final TableDef MRR_MONTH_SUMS = new TableDef(Layer.GOLD, "_mrr_month_sums", List.of(
            required("dimension", STRING, "all, or a customer dimension"),
            required("value", STRING, "the dimension's value ((none) when unset)"),
            required("month", STRING, "YYYY-MM"),
            required("kind", STRING, "mrr, movement or retention12"),
            optional("movement", STRING, "the movement (kind movement only)"),
            required("facts", LONG, "fact rows summed"),
            optional("mrr", MONEY, "sum of mrr"),
            optional("mrr_constant_currency", MONEY, "sum of mrr_constant_currency"),
            optional("seats", AMOUNT, "sum of seats"),
            optional("amount", MONEY, "sum of amount (movements; MRR at M for retention12)"),
            optional("base", MONEY, "sum of base (retention12: MRR at M-12)"),
            optional("gross", MONEY, "sum of min(base, amount) (retention12)")),
            List.of(), "dimension value x month x kind x movement", "Raw sums of the MRR aggregates (internal).");

    /** Internal state of the MRR stage: the cohort matrices' cells, summed over customers (see MRR_MONTH_SUMS). */
    public static final TableDef MRR_COHORT_SUMS = new TableDef(Layer.GOLD, "_mrr_cohort_sums", List.of(
            required("split", STRING, "segment or channel: the dimension the matrix is split by"),
            required("cohort_month", STRING, "YYYY-MM of the customers' first new movement"),
            optional("value", STRING, "the customers' current value of the split dimension"),
            required("months_since_start", LONG, "months after the cohort month"),
            required("facts", LONG, "customers paying then"),
            optional("mrr_constant_currency", MONEY, "their constant-currency MRR")),
            List.of(), "split x cohort x value x month offset", "Raw sums of the cohort matrices (internal).");

    /**
     * Internal state of the MRR stage: each customer's current dimensions as the aggregates above used them, so an
     * incremental refresh can take out a customer's old contribution after silver.customers has changed.
     */
    public static final TableDef MRR_CUSTOMER_DIMS = new TableDef(Layer.GOLD, "_mrr_customer_dims", List.of(
            required("customer_id", STRING, "customer"),
            optional("segment", STRING, "segment"),
            optional("region", STRING, "region"),
            optional("channel", STRING, "channel"),
            optional("customer_currency", STRING, "billing currency")),
            List.of("customer_id"), "one row per customer", "Customer dimensions the MRR sums used (internal).");

    /** The MRR stage's internal state, written last so that its recorded versions always describe one run. */
    public static final List<TableDef> MRR_STATE = List.of(MRR_CUSTOMER_DIMS, MRR_MONTH_SUMS, MRR_COHORT_SUMS);

    private static List<Column> financeFactColumns() {
        List<Column> c = new ArrayList<>(List.of(required("kind", STRING, "what the row holds"),
                optional("customer_id", STRING, "customer the fact belongs to")));
        for (int i = 1; i <= 6; i++) {
            c.add(optional("s" + i, STRING, "text field " + i));
        }
        for (int i = 1; i <= 3; i++) {
            c.add(optional("d" + i, DATE, "date field " + i));
        }
        c.add(optional("n1", LONG, "count field 1"));
        c.add(optional("n2", LONG, "count field 2"));
        c.add(optional("b1", BOOLEAN, "flag"));
        for (int i = 1; i <= 9; i++) {
            c.add(optional("m" + i, MONEY, "amount field " + i));
        }
        c.add(optional("r1", RATE, "FX rate"));
        for (int i = 1; i <= 3; i++) {
            c.add(optional("x" + i, DOUBLE, "ratio field " + i));
        }
        return c;
    }

    public static final List<TableDef> FINANCE = List.of(AR_AGING, OVERDUE_INVOICES, UNAPPLIED_CASH, DSO_MONTH,
            BILLINGS, CUSTOMER_PAYMENT_DAYS, BOOKINGS, BOOKINGS_MONTH, REVENUE_SCHEDULE, REVENUE_WATERFALL, DEFERRED_REVENUE,
            RPO_MONTH, DEFERRED_REVENUE_CUSTOMER, RPO_CUSTOMER, FINANCE_JOURNAL);
    // END FINANCE TABLES

    public static final List<TableDef> GOLD = Stream.concat(Stream.of(MRR_CUSTOMER_MONTH, MRR_MOVEMENTS, MRR_SUMMARY,
            MRR_DIMENSION_MONTH, COHORT_RETENTION, COHORT_RETENTION_CHANNEL, RENEWAL_MONTH, CLV_CUSTOMER, CLV_MODEL_PARAMS),
            FINANCE.stream()).toList();

    /** Every table with a fixed name (per-source bronze and quarantine tables are made by {@link #bronze}). */
    public static List<TableDef> fixed() {
        return Stream.concat(Stream.of(INGEST_LEDGER, TRANSFORM_RUNS, JOB_RUNS, PERIOD_CLOSE, QUALITY_RESULTS,
                        PUBLICATIONS),
                Stream.concat(Stream.concat(SILVER.values().stream(), Stream.of(IDENTITY_MAP, CUSTOMER_DIMENSION_HISTORY)), GOLD.stream())).toList();
    }

    /** Look a gold table up by its contract name, e.g. {@code mrr_summary} or {@code gold.mrr_summary}. */
    public static Optional<TableDef> byName(String name) {
        return fixed().stream()
                .filter(t -> t.qualifiedName().equals(name) || (t.layer() == Layer.GOLD && t.name().equals(name)))
                .findFirst();
    }
}
