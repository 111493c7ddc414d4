package io.revlake.api.metrics;

import io.revlake.api.gold.GoldSnapshot;
import io.revlake.api.gold.LoadedTable;
import io.revlake.api.gold.TableState;
import io.revlake.catalog.TableDef;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The metric catalog and metric series, computed from one gold snapshot per call.
 *
 * <p>A series is computed in three steps: the metric's source gives monthly parts per group; months are
 * gathered into periods of the grain (only months inside [from, to]); the metric's formula turns each period's
 * rolled-up parts (end, start, first, flow) into the value. So a quarter's NRR is recomputed from the MRR at the
 * end of the month before the quarter and the quarter's summed movements, never averaged from months.
 */
public final class MetricsService {
    private final MetricCatalog catalog;
    private final String reportingCurrency;
    private final BigDecimal grossMargin;

    public MetricsService(MetricCatalog catalog, String reportingCurrency, BigDecimal grossMargin) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.reportingCurrency = Objects.requireNonNull(reportingCurrency, "reportingCurrency");
        this.grossMargin = Objects.requireNonNull(grossMargin, "grossMargin");
    }

    public MetricCatalog catalog() {
        return catalog;
    }

    /** The catalog entry of a metric as served: its definition and whether its tables are loaded. */
    public Map<String, Object> describe(MetricDef m, GoldSnapshot snapshot) {
        return describe(m, snapshot, java.util.Optional.empty());
    }

    /**
     * As {@link #describe(MetricDef, GoldSnapshot)}, with each policy option the served run recorded shown at the
     * value it ran with (the catalog's text describes the default), and that run's id as {@code policy_run}.
     */
    public Map<String, Object> describe(MetricDef m, GoldSnapshot snapshot,
                                        java.util.Optional<RunPolicies.Recorded> recorded) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", m.id());
        d.put("name", m.name());
        d.put("definition", m.definition());
        d.put("unit", m.unit().value());
        d.put("currency", m.unit() == Unit.MONEY ? reportingCurrency : null);
        d.put("kind", m.kind().value());
        d.put("grain", "month");
        d.put("grains", Grain.accepted());
        d.put("rollup", m.rollup());
        d.put("dimensions", m.dimensions());
        d.put("currency_bases", m.constantCurrencyAvailable() ? List.of("reporting", "constant") : List.of("reporting"));
        Map<String, String> policy = new TreeMap<>(m.policy());
        recorded.ifPresent(r -> policy.replaceAll((option, text) -> r.values().getOrDefault(option, text)));
        d.put("policy", policy);
        d.put("policy_run", recorded.map(RunPolicies.Recorded::runId).orElse(null));
        d.put("source_table", m.sourceTable().qualifiedName());
        d.put("grouped_source_tables", m.groupedSource() == null ? List.of()
                : MetricCatalog.tableNames(m.groupedSource()));
        d.put("available", available(m, snapshot));
        d.put("series", "/api/v1/metrics/" + m.id() + "/series");
        return d;
    }

    public List<Map<String, Object>> describeAll(GoldSnapshot snapshot,
                                                 java.util.Optional<RunPolicies.Recorded> recorded) {
        return catalog.all().stream().map(m -> describe(m, snapshot, recorded)).toList();
    }

    private static boolean available(MetricDef m, GoldSnapshot snapshot) {
        return m.source().tables().stream().allMatch(t -> snapshot.tables().get(t.qualifiedName()) instanceof LoadedTable);
    }

    /** Delta versions of the tables a query reads, for the response. */
    public static Map<String, Long> versions(List<TableDef> tables, GoldSnapshot snapshot) {
        Map<String, Long> versions = new LinkedHashMap<>();
        for (TableDef t : tables) {
            TableState s = snapshot.tables().get(t.qualifiedName());
            versions.put(t.qualifiedName(), s instanceof LoadedTable l ? l.version() : null);
        }
        return versions;
    }

    /**
     * Answers already computed from the serving snapshot, by query. One slot: a published snapshot replaces it, so
     * identical requests between two swaps are computed once and no older snapshot is kept alive.
     */
    private record Answers(GoldSnapshot snapshot, java.util.concurrent.ConcurrentHashMap<SeriesQuery, SeriesResponse> byQuery) {
    }

    /** Bound on the answers kept per snapshot (each is a few rows; distinct queries beyond it are not kept). */
    static final int MAX_CACHED_ANSWERS = 2_000;

    private volatile Answers answers = new Answers(null, new java.util.concurrent.ConcurrentHashMap<>());
    /** Answers computed ahead for a snapshot about to be swapped in; adopted by the first request that sees it. */
    private volatile Answers warmed = new Answers(null, new java.util.concurrent.ConcurrentHashMap<>());

    /** How long {@link #warm} may spend before it leaves the remaining queries to be computed on first request. */
    static final java.time.Duration WARM_BUDGET = java.time.Duration.ofSeconds(30);

    /**
     * Computes, on {@code next}, every query answered from the serving snapshot so far, before {@code next} is swapped
     * in ({@link io.revlake.api.gold.GoldStore#beforeSwap}): after a new version is published, the dashboards' queries
     * are answered at once instead of queueing behind their first computation. Queries that fail on {@code next} (a
     * table it lacks) are left to fail on request, with their usual error. Stops after {@link #WARM_BUDGET}.
     *
     * @return how many answers were computed ahead
     */
    public int warm(GoldSnapshot next) {
        Answers now = answers;
        Answers ahead = new Answers(next, new java.util.concurrent.ConcurrentHashMap<>());
        long deadline = System.nanoTime() + WARM_BUDGET.toNanos();
        for (SeriesQuery q : List.copyOf(now.byQuery().keySet())) {
            if (System.nanoTime() > deadline) {
                break;
            }
            try {
                ahead.byQuery().put(q, series(q, next));
            } catch (RuntimeException e) {
                // e.g. a table unavailable in the new snapshot: the request gets the error, not the warm-up
            }
        }
        warmed = ahead;
        return ahead.byQuery().size();
    }

    /**
     * {@link #series(SeriesQuery, GoldSnapshot)} of the serving snapshot, computed once per snapshot and query. Only for
     * the current snapshot: time-travel snapshots are built per request and are not kept.
     */
    public SeriesResponse cachedSeries(SeriesQuery q, GoldSnapshot current) {
        Answers slot = answers;
        if (slot.snapshot() != current) {
            Answers ahead = warmed;
            slot = ahead.snapshot() == current ? ahead : new Answers(current, new java.util.concurrent.ConcurrentHashMap<>());
            answers = slot;
        }
        SeriesResponse known = slot.byQuery().get(q);
        if (known != null) {
            return known;
        }
        if (slot.byQuery().size() >= MAX_CACHED_ANSWERS) {
            return series(q, current);
        }
        // Computed once: concurrent requests for the same query wait for the first instead of repeating it.
        return slot.byQuery().computeIfAbsent(q, k -> series(k, current));
    }

    /** Whether the answer to {@code q} on {@code snapshot} is already computed (served, or warmed ahead). */
    public boolean hasAnswer(SeriesQuery q, GoldSnapshot snapshot) {
        for (Answers slot : List.of(answers, warmed)) {
            if (slot.snapshot() == snapshot && slot.byQuery().containsKey(q)) {
                return true;
            }
        }
        return false;
    }

    public SeriesResponse series(SeriesQuery q, GoldSnapshot snapshot) {
        MetricDef metric = q.metric();
        PartSource source = q.source();
        PartTable parts = source.compute(snapshot, q.groupBy(), q.filters());
        List<Map<String, Object>> rows = new ArrayList<>();
        String from = q.from().map(YearMonth::toString).orElse(null);
        String to = q.to().map(YearMonth::toString).orElse(null);
        if (!parts.months().isEmpty()) {
            YearMonth first = parts.months().first();
            YearMonth last = parts.months().last();
            YearMonth lo = q.from().filter(f -> f.isAfter(first)).orElse(first);
            YearMonth hi = q.to().filter(t -> t.isBefore(last)).orElse(last);
            Map<String, List<YearMonth>> periods = new LinkedHashMap<>();
            for (YearMonth m = lo; !m.isAfter(hi); m = m.plusMonths(1)) {
                periods.computeIfAbsent(q.grain().period(m), p -> new ArrayList<>()).add(m);
            }
            List<List<String>> groups = new ArrayList<>(parts.groups().keySet());
            if (groups.isEmpty() && q.groupBy().isEmpty()) {
                groups.add(List.of());
            }
            groups.sort(GROUP_ORDER);
            for (List<String> group : groups) {
                for (Map.Entry<String, List<YearMonth>> p : periods.entrySet()) {
                    List<YearMonth> months = p.getValue();
                    PeriodParts pp = new PeriodParts(parts, group, months, source.absentMeansZero(), last,
                            q.constantCurrency(), grossMargin);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("period", p.getKey());
                    for (int i = 0; i < q.groupBy().size(); i++) {
                        row.put(q.groupBy().get(i), group.get(i));
                    }
                    row.put("value", value(metric.unit(), metric.formula().apply(pp)));
                    row.put("period_start", months.get(0).toString());
                    row.put("period_end", months.get(months.size() - 1).toString());
                    row.put("months", months.size());
                    rows.add(row);
                }
            }
            from = from != null ? from : lo.toString();
            to = to != null ? to : hi.toString();
        }
        Map<String, List<String>> filter = new TreeMap<>();
        q.filters().forEach((k, v) -> filter.put(k, v.stream().sorted().toList()));
        return new SeriesResponse(metric.id(), metric.name(), metric.unit().value(), metric.kind().value(),
                q.grain().value(), metric.unit() == Unit.MONEY ? reportingCurrency : null,
                q.constantCurrency() ? "constant" : "reporting", from, to, q.groupBy(), filter,
                MetricCatalog.tableNames(source), versions(source.tables(), snapshot), rows);
    }

    private static final Comparator<String> NULLS_LAST = Comparator.nullsLast(Comparator.naturalOrder());
    private static final Comparator<List<String>> GROUP_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = NULLS_LAST.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    /** The JSON value in the metric's unit: exact cents for money, integers for counts, numbers for ratios. */
    static Object value(Unit unit, BigDecimal v) {
        if (v == null) {
            return null;
        }
        return switch (unit) {
            case MONEY -> v.setScale(2, RoundingMode.HALF_UP);
            case COUNT -> v.setScale(0, RoundingMode.HALF_UP).longValueExact();
            case RATIO, PERCENT, DAYS, MONTHS -> v.doubleValue();
        };
    }

    /** The rolled-up parts of one group over one period. */
    private record PeriodParts(PartTable parts, List<String> group, List<YearMonth> months, boolean absentMeansZero,
                               YearMonth lastMonth, boolean constantCurrency, BigDecimal grossMargin) implements Parts {
        @Override
        public BigDecimal end(String part) {
            return at(months.get(months.size() - 1), part);
        }

        @Override
        public BigDecimal start(String part) {
            return at(months.get(0).minusMonths(1), part);
        }

        @Override
        public BigDecimal first(String part) {
            return at(months.get(0), part);
        }

        @Override
        public BigDecimal flow(String part) {
            BigDecimal total = null;
            for (YearMonth m : months) {
                BigDecimal v = at(m, part);
                if (v != null) {
                    total = total == null ? v : total.add(v);
                }
            }
            return total;
        }

        private BigDecimal at(YearMonth month, String part) {
            BigDecimal v = parts.at(group, month).get(part);
            if (v == null && absentMeansZero && !month.isAfter(lastMonth) && CustomerSource.ZERO_PARTS.contains(part)) {
                return BigDecimal.ZERO;
            }
            return v;
        }
    }
}
