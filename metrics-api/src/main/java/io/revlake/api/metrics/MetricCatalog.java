package io.revlake.api.metrics;

import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one declarative registry of metrics (definitions from METRICS.md). A metric over a new gold table is one
 * more {@code add(...)} here: the table comes from the catalog ({@link Tables}), its monthly numeric columns become
 * parts, and a formula says how to combine them. Metrics whose table the catalog does not (yet) define are left out.
 */
public final class MetricCatalog {
    private static final BigDecimal TWELVE = BigDecimal.valueOf(12);
    private static final Map<String, String> MRR_POLICY = Map.of(
            "discounts", "all (every discount that applies at month end reduces MRR)",
            "fx_date", "month_end", "same_month_churn", "ignore");
    private static final Map<String, String> RETENTION_POLICY = Map.of(
            "currency", "constant currency: movements ÷ previous constant-currency MRR, so FX is never churn",
            "same_month_churn", "ignore");

    private final Map<String, MetricDef> metrics;

    private MetricCatalog(List<MetricDef> metrics) {
        Map<String, MetricDef> byId = new LinkedHashMap<>();
        for (MetricDef m : metrics) {
            if (byId.put(m.id(), m) != null) {
                throw new IllegalArgumentException("duplicate metric id " + m.id());
            }
        }
        this.metrics = Collections.unmodifiableMap(byId);
    }

    public List<MetricDef> all() {
        return List.copyOf(metrics.values());
    }

    public Optional<MetricDef> get(String id) {
        return Optional.ofNullable(metrics.get(id));
    }

    public List<String> ids() {
        return List.copyOf(metrics.keySet());
    }

    /** The default catalog over the gold tables the catalog defines. */
    public static MetricCatalog defaults() {
        List<MetricDef> list = new ArrayList<>();
        PartSource summary = new MonthTableSource(Tables.MRR_SUMMARY, List.of());
        PartSource customers = new CustomerSource();
        Builder b = new Builder(list);

        // ---- recurring revenue (gold.mrr_summary; grouped from mrr_customer_month + mrr_movements) ----
        b.add("mrr", "MRR", "Monthly recurring revenue at month end: Σ customer MRR, net of discounts, excluding tax,"
                        + " one-time and usage charges; reporting currency at the month-end rate (currency=constant:"
                        + " at the constant-currency base rates).",
                Unit.MONEY, MetricKind.BALANCE, MRR_POLICY, summary, customers, p -> p.end(p.mrr()), true);
        b.add("arr", "ARR", "Annual recurring revenue = 12 × MRR at month end.",
                Unit.MONEY, MetricKind.BALANCE, MRR_POLICY, summary, customers, p -> times(p.end(p.mrr()), TWELVE), true);
        b.add("paying_customers", "Paying customers", "Customers with MRR > 0 at month end.",
                Unit.COUNT, MetricKind.BALANCE, MRR_POLICY, summary, customers, p -> p.end("paying_customers"), false);
        for (String movement : CustomerSource.movements()) {
            String id = movement.equals("churn") ? "churned_mrr" : movement + "_mrr";
            b.add(id, capitalise(movement) + " MRR", "Σ of the " + movement + " MRR movements in the period"
                            + (movement.equals("fx") ? " (currency effect: reporting-currency change − constant-currency"
                            + " change)" : " (constant currency; contraction and churn are negative)") + ".",
                    Unit.MONEY, MetricKind.FLOW, MRR_POLICY, summary, customers, p -> p.flow(movement), false);
        }
        // Filtered, customers also move MRR in and out of the filter (segment changes); company-wide those cancel
        // and mrr_summary has no such parts, hence zero when absent.
        b.add("net_new_mrr", "Net new MRR", "Σ of every MRR movement in the period = end MRR − start MRR; with a"
                        + " filter, the MRR of customers entering and leaving the filtered values is included.",
                Unit.MONEY, MetricKind.FLOW, MRR_POLICY, summary, customers,
                p -> sum(p.flow("new"), p.flow("reactivation"), p.flow("expansion"), p.flow("contraction"),
                        p.flow("churn"), p.flow("fx"), orZero(p.flow("entering")), orZero(p.flow("leaving"))), false);
        b.add("new_customers", "New customers", "Customers with a new movement in the period.",
                Unit.COUNT, MetricKind.FLOW, MRR_POLICY, summary, customers, p -> p.flow("new_customers"), false);
        b.add("churned_customers", "Churned customers", "Customers with a churn movement in the period.",
                Unit.COUNT, MetricKind.FLOW, MRR_POLICY, summary, customers, p -> p.flow("churned_customers"), false);

        // ---- retention and churn ----
        b.add("nrr", "Net revenue retention", "(MRR at the start + expansion − |contraction| − |churn| in the period)"
                        + " ÷ MRR at the start; constant currency. Monthly at grain=month; over the quarter or year"
                        + " otherwise.",
                Unit.RATIO, MetricKind.RATIO, RETENTION_POLICY, summary, customers,
                p -> divide(sum(p.start("mrr_constant_currency"), p.flow("expansion"), p.flow("contraction"),
                        p.flow("churn")), p.start("mrr_constant_currency")), false);
        b.add("grr", "Gross revenue retention", "(MRR at the start − |contraction| − |churn| in the period) ÷ MRR at"
                        + " the start; constant currency.",
                Unit.RATIO, MetricKind.RATIO, RETENTION_POLICY, summary, customers,
                p -> divide(sum(p.start("mrr_constant_currency"), p.flow("contraction"), p.flow("churn")),
                        p.start("mrr_constant_currency")), false);
        b.add("nrr_12m", "Net revenue retention, 12 months", "Σ MRR at the period end of the customers paying 12"
                        + " months before ÷ Σ their MRR then; constant currency.",
                Unit.RATIO, MetricKind.RATIO, RETENTION_POLICY, summary, customers, p -> p.end("nrr_12m"), false);
        b.add("grr_12m", "Gross revenue retention, 12 months", "As nrr_12m with each customer's MRR capped at its MRR"
                        + " 12 months before.",
                Unit.RATIO, MetricKind.RATIO, RETENTION_POLICY, summary, customers, p -> p.end("grr_12m"), false);
        b.add("logo_churn_rate", "Logo churn rate", "Customers with a churn movement in the period ÷ paying customers"
                        + " at the start.",
                Unit.RATIO, MetricKind.RATIO, RETENTION_POLICY, summary, customers,
                p -> divide(p.flow("churned_customers"), p.start("paying_customers")), false);
        b.add("gross_mrr_churn_rate", "Gross MRR churn rate", "(|churn| + |contraction|) in the period ÷ MRR at the"
                        + " start; constant currency.",
                Unit.RATIO, MetricKind.RATIO, RETENTION_POLICY, summary, customers,
                p -> divide(lost(p), p.start("mrr_constant_currency")), false);
        b.add("net_mrr_churn_rate", "Net MRR churn rate", "(|churn| + |contraction| − expansion) in the period ÷ MRR"
                        + " at the start; constant currency; negative when expansion exceeds losses.",
                Unit.RATIO, MetricKind.RATIO, RETENTION_POLICY, summary, customers,
                p -> divide(minus(lost(p), p.flow("expansion")), p.start("mrr_constant_currency")), false);
        b.add("quick_ratio", "SaaS quick ratio", "(new + reactivation + expansion) ÷ (|churn| + |contraction|) in the"
                        + " period; undefined without losses.",
                Unit.RATIO, MetricKind.RATIO, RETENTION_POLICY, summary, customers,
                p -> divide(sum(p.flow("new"), p.flow("reactivation"), p.flow("expansion")), lost(p)), false);

        // ---- value per customer ----
        b.add("arpa", "ARPA", "Average revenue per account = MRR ÷ paying customers at the period end, to the cent"
                        + " (half up).",
                Unit.MONEY, MetricKind.RATIO, MRR_POLICY, summary, customers,
                p -> cents(divide(p.end(p.mrr()), p.end("paying_customers"))), true);
        b.add("arpu", "ARPU", "ARPA by default; MRR ÷ active seats under policy arpu_unit=seat (as the transform"
                        + " wrote gold.mrr_summary.arpu). The value at the period end.",
                Unit.MONEY, MetricKind.RATIO, Map.of("arpu_unit", "as configured for ./revlake transform"),
                summary, null, p -> p.end("arpu"), false);
        b.add("asp", "Average selling price", "New MRR ÷ new customers in the period, to the cent.",
                Unit.MONEY, MetricKind.RATIO, MRR_POLICY, summary, customers,
                p -> cents(divide(p.flow("new"), p.flow("new_customers"))), false);
        b.add("clv_formula", "Customer lifetime value (formula)", "ARPA × gross margin ÷ mean logo churn rate of the 6"
                        + " months before; null when that churn is 0. The estimate as of the period end.",
                Unit.MONEY, MetricKind.RATIO, Map.of("gross_margin", "as configured for ./revlake transform"),
                summary, null, p -> p.end("clv_formula"), false);
        b.add("cac", "Customer acquisition cost", "Sales and marketing spend ÷ new customers in the period.",
                Unit.MONEY, MetricKind.RATIO, Map.of(), summary, null,
                p -> cents(divide(p.flow("sales_marketing_spend"), p.flow("new_customers"))), false);
        b.add("cac_payback_months", "CAC payback", "CAC ÷ (ASP × gross margin), in months of the new customers'"
                        + " MRR, from the period's spend, new MRR and new customers.",
                Unit.MONTHS, MetricKind.RATIO, Map.of("gross_margin", "server setting (default 1.0 = 100 %, METRICS.md);"
                        + " keep it equal to the transform's"), summary, null,
                p -> divide(divide(p.flow("sales_marketing_spend"), p.flow("new_customers")),
                        times(cents(divide(p.flow("new"), p.flow("new_customers"))), p.grossMargin())), false);
        b.add("ltv_cac", "LTV : CAC", "CLV (formula) at the period end ÷ CAC of the period.",
                Unit.RATIO, MetricKind.RATIO, Map.of(), summary, null,
                p -> divide(p.end("clv_formula"), cents(divide(p.flow("sales_marketing_spend"), p.flow("new_customers")))),
                false);

        // ---- renewals ----
        Tables.byName("renewal_month").ifPresent(t -> {
            PartSource s = new MonthTableSource(t, List.of());
            b.add("renewal_rate", "Renewal rate (value)", "Value of contracts up for renewal in the period that renewed"
                    + " ÷ value up for renewal.", Unit.RATIO, MetricKind.RATIO, Map.of(), s, null,
                    p -> divide(p.flow("value_renewed"), p.flow("value_up")), false);
            b.add("renewal_rate_count", "Renewal rate (count)", "Contracts up for renewal in the period that renewed ÷"
                    + " contracts up.", Unit.RATIO, MetricKind.RATIO, Map.of(), s, null,
                    p -> divide(p.flow("contracts_renewed"), p.flow("contracts_up")), false);
        });

        // ---- cash and receivables (added when the finance tables are in the catalog) ----
        Tables.byName("dso_month").ifPresent(t -> {
            PartSource s = new MonthTableSource(t, List.of());
            b.add("dso_simple", "DSO (simple)", "AR at the period end ÷ billings of the period × days of the period.",
                    Unit.DAYS, MetricKind.RATIO, Map.of(), s, null,
                    p -> times(divide(p.end("ar_end"), p.flow("billings")), p.flow("days")), false);
            b.add("dso_countback", "DSO (countback)", "Days of the most recent billings that AR at the period end"
                    + " covers (countback); the value at the period end.", Unit.DAYS, MetricKind.RATIO, Map.of(), s, null,
                    p -> p.end("dso_countback"), false);
            b.add("cei", "Collection effectiveness index", "(AR at the start + billings − AR at the end) ÷ (AR at the"
                    + " start + billings − current AR at the end) × 100.", Unit.PERCENT, MetricKind.RATIO, Map.of(), s,
                    null, p -> times(divide(minus(sum(p.first("ar_start"), p.flow("billings")), p.end("ar_end")),
                            minus(sum(p.first("ar_start"), p.flow("billings")), p.end("current_ar_end"))),
                            BigDecimal.valueOf(100)), false);
            b.add("accounts_receivable", "Accounts receivable", "Open AR at the period end, reporting currency.",
                    Unit.MONEY, MetricKind.BALANCE, Map.of(), s, null, p -> p.end("ar_end"), false);
            b.add("billings", "Billings", "Invoice totals (tax included) dated in the period, reporting currency.",
                    Unit.MONEY, MetricKind.FLOW, Map.of(), s, null, p -> p.flow("billings"), false);
        });

        // ---- revenue recognition ----
        Tables.byName("deferred_revenue").ifPresent(t -> {
            PartSource s = new MonthTableSource(t, List.of("currency"));
            b.add("deferred_revenue", "Deferred revenue", "Contract liabilities at the period end (Σ over currencies,"
                    + " reporting currency at month-end rates).", Unit.MONEY, MetricKind.BALANCE, Map.of(), s, s,
                    p -> p.end("closing_reporting"), false);
            b.add("recognized_revenue", "Recognised revenue", "Revenue recognised in the period, reporting currency.",
                    Unit.MONEY, MetricKind.FLOW, Map.of(), s, s, p -> p.flow("recognized_reporting"), false);
        });
        Tables.byName("rpo_month").ifPresent(t -> {
            PartSource s = new MonthTableSource(t, List.of("currency"));
            b.add("rpo", "Remaining performance obligations", "Transaction price of contracts signed by the period end"
                    + " not yet recognised = deferred revenue + backlog (usage excluded).", Unit.MONEY,
                    MetricKind.BALANCE, Map.of(), s, s, p -> p.end("rpo_reporting"), false);
            b.add("crpo", "Current RPO", "Part of RPO to be recognised in the 12 months after the period end.",
                    Unit.MONEY, MetricKind.BALANCE, Map.of(), s, s, p -> p.end("crpo_reporting"), false);
        });
        Tables.byName("bookings_month").ifPresent(t -> {
            PartSource s = new MonthTableSource(t, List.of("booking_type"));
            b.add("bookings_tcv", "Bookings (TCV)", "Total contract value booked in the period, reporting currency.",
                    Unit.MONEY, MetricKind.FLOW, Map.of(), s, s, p -> p.flow("tcv"), false);
            b.add("bookings_acv", "Bookings (ACV)", "Annual contract value booked in the period, reporting currency.",
                    Unit.MONEY, MetricKind.FLOW, Map.of(), s, s, p -> p.flow("acv"), false);
        });
        return new MetricCatalog(list);
    }

    /** Collects definitions; keeps the registry above one line per fact. */
    private record Builder(List<MetricDef> list) {
        void add(String id, String name, String definition, Unit unit, MetricKind kind, Map<String, String> policy,
                 PartSource source, PartSource grouped, Function<Parts, BigDecimal> formula, boolean constant) {
            list.add(new MetricDef(id, name, definition, unit, kind, policy, source, grouped, formula, constant));
        }
    }

    // ---- null-propagating arithmetic: an unknown part makes the value unknown ----

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    static BigDecimal sum(BigDecimal... values) {
        BigDecimal total = BigDecimal.ZERO;
        for (BigDecimal v : values) {
            if (v == null) {
                return null;
            }
            total = total.add(v);
        }
        return total;
    }

    static BigDecimal minus(BigDecimal a, BigDecimal b) {
        return a == null || b == null ? null : a.subtract(b);
    }

    static BigDecimal times(BigDecimal a, BigDecimal b) {
        return a == null || b == null ? null : a.multiply(b);
    }

    /** a ÷ b; null when either is unknown or b is 0 (an undefined ratio is null, never infinity). */
    static BigDecimal divide(BigDecimal a, BigDecimal b) {
        return a == null || b == null || b.signum() == 0 ? null : a.divide(b, MathContext.DECIMAL128);
    }

    static BigDecimal cents(BigDecimal value) {
        return value == null ? null : value.setScale(2, RoundingMode.HALF_UP);
    }

    private static BigDecimal lost(Parts p) {
        BigDecimal churn = p.flow("churn");
        BigDecimal contraction = p.flow("contraction");
        return churn == null || contraction == null ? null : churn.abs().add(contraction.abs());
    }

    private static String capitalise(String s) {
        return s.equals("fx") ? "FX" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Table names a metric reads, for messages and the catalog. */
    static List<String> tableNames(PartSource source) {
        return source.tables().stream().map(TableDef::qualifiedName).toList();
    }
}
