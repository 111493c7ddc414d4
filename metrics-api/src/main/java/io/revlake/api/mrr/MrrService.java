package io.revlake.api.mrr;

import static io.revlake.api.mrr.GoldColumns.MOVEMENT_AMOUNT;
import static io.revlake.api.mrr.GoldColumns.MOVEMENT_CUSTOMER;
import static io.revlake.api.mrr.GoldColumns.MOVEMENT_KIND;
import static io.revlake.api.mrr.GoldColumns.MOVEMENT_MONTH;
import static io.revlake.api.mrr.GoldColumns.SUMMARY_MONTH;

import io.revlake.api.gold.ColumnCodec;
import io.revlake.api.gold.GoldRows;
import io.revlake.api.gold.GoldSnapshot;
import io.revlake.api.gold.LoadedTable;
import io.revlake.api.gold.TableState;
import io.revlake.api.gold.UnavailableTable;
import io.revlake.catalog.Tables;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Answers the MRR questions from the current gold snapshot. Inputs are already validated (typed);
 * each call reads one snapshot, so an answer never mixes two reloads. Money stays in exact unscaled
 * longs until it becomes a {@link BigDecimal} in the response.
 */
public final class MrrService {
    private final Supplier<GoldSnapshot> snapshots;
    private final String reportingCurrency;

    public MrrService(Supplier<GoldSnapshot> snapshots, String reportingCurrency) {
        this.snapshots = Objects.requireNonNull(snapshots, "snapshots");
        this.reportingCurrency = Objects.requireNonNull(reportingCurrency, "reportingCurrency");
    }

    /** Months of {@code gold.mrr_summary} within the inclusive range (either end open), oldest first. */
    public SummaryResponse summary(Optional<YearMonth> from, Optional<YearMonth> to) {
        return summary(snapshots.get(), from, to);
    }

    /** As {@link #summary(Optional, Optional)}, from a given snapshot (e.g. an older Delta version). */
    public SummaryResponse summary(GoldSnapshot snapshot, Optional<YearMonth> from, Optional<YearMonth> to) {
        LoadedTable summary = snapshot.require(Tables.MRR_SUMMARY);
        Table data = summary.data();
        StringColumn months = data.stringColumn(SUMMARY_MONTH.name());
        // YYYY-MM text sorts chronologically, so the range test and the sort work on the text itself.
        String lo = from.map(YearMonth::toString).orElse(null);
        String hi = to.map(YearMonth::toString).orElse(null);
        List<Integer> selected = new ArrayList<>(GoldRows.where(data, i -> GoldRows.inRange(months.get(i), from, to)));
        selected.sort(Comparator.comparing(months::get));
        List<Map<String, Object>> rows = GoldRows.rows(data, summary.table(), selected);
        String first = selected.isEmpty() ? null : months.get(selected.get(0));
        String last = selected.isEmpty() ? null : months.get(selected.get(selected.size() - 1));
        return new SummaryResponse(lo != null ? lo : first, hi != null ? hi : last, reportingCurrency, rows);
    }

    /**
     * The filtered bridge: months of {@code gold.mrr_dimension_month} for one value of one dimension (e.g.
     * segment = enterprise) within the range, oldest first, with the {@code entering} and {@code leaving} columns
     * that make it add up when customers move between values.
     *
     * @return empty when the value has no rows; {@link #dimensionValues} tells the known values
     */
    public SummaryResponse summary(GoldSnapshot snapshot, String dimension, String value, Optional<YearMonth> from,
                                   Optional<YearMonth> to) {
        LoadedTable loaded = snapshot.require(Tables.MRR_DIMENSION_MONTH);
        Table data = loaded.data();
        StringColumn months = data.stringColumn("month");
        StringColumn dimensions = data.stringColumn("dimension");
        StringColumn values = data.stringColumn("value");
        String lo = from.map(YearMonth::toString).orElse(null);
        String hi = to.map(YearMonth::toString).orElse(null);
        List<Integer> selected = new ArrayList<>(GoldRows.where(data, i -> dimension.equals(dimensions.get(i))
                && value.equals(values.get(i)) && GoldRows.inRange(months.get(i), from, to)));
        selected.sort(Comparator.comparing(months::get));
        List<Map<String, Object>> rows = GoldRows.rows(data, loaded.table(), selected);
        String first = selected.isEmpty() ? null : months.get(selected.get(0));
        String last = selected.isEmpty() ? null : months.get(selected.get(selected.size() - 1));
        return new SummaryResponse(lo != null ? lo : first, hi != null ? hi : last, reportingCurrency, rows);
    }

    /** Distinct values of one dimension in {@code gold.mrr_dimension_month}, for validating requests. */
    public java.util.SortedSet<String> dimensionValues(GoldSnapshot snapshot, String dimension) {
        Table data = snapshot.require(Tables.MRR_DIMENSION_MONTH).data();
        StringColumn dimensions = data.stringColumn("dimension");
        StringColumn values = data.stringColumn("value");
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        for (int i = 0; i < data.rowCount(); i++) {
            if (dimension.equals(dimensions.get(i))) {
                out.add(values.get(i));
            }
        }
        return out;
    }

    /** The movements of one month from {@code gold.mrr_movements}, optionally of one kind. */
    public MovementsResponse movements(YearMonth month, Optional<Movement> movement) {
        return movements(snapshots.get(), month, movement);
    }

    /** As {@link #movements(YearMonth, Optional)}, from a given snapshot. */
    public MovementsResponse movements(GoldSnapshot snapshot, YearMonth month, Optional<Movement> movement) {
        LoadedTable movements = snapshot.require(Tables.MRR_MOVEMENTS);
        Table data = movements.data();
        StringColumn months = data.stringColumn(MOVEMENT_MONTH.name());
        StringColumn kinds = data.stringColumn(MOVEMENT_KIND.name());
        StringColumn customers = data.stringColumn(MOVEMENT_CUSTOMER.name());
        LongColumn amounts = data.longColumn(MOVEMENT_AMOUNT.name());
        String wantedMonth = month.toString();
        String wantedKind = movement.map(Movement::value).orElse(null);

        Map<String, Long> totals = new LinkedHashMap<>();
        if (wantedKind != null) {
            totals.put(wantedKind, 0L);
        } else {
            for (Movement m : Movement.values()) {
                totals.put(m.value(), 0L);
            }
        }
        List<Integer> selected = new ArrayList<>();
        for (int i = 0; i < data.rowCount(); i++) {
            if (!months.get(i).equals(wantedMonth) || (wantedKind != null && !kinds.get(i).equals(wantedKind))
                    || Movement.parse(kinds.get(i)).isEmpty()) {
                // entering/leaving rows move MRR between dimension values; company-wide they cancel out
                continue;
            }
            selected.add(i);
            if (!amounts.isMissing(i)) {
                totals.merge(kinds.get(i), amounts.getLong(i), Math::addExact);
            }
        }
        selected.sort(Comparator.<Integer>comparingInt(i -> rank(kinds.get(i)))
                .thenComparing(kinds::get)
                .thenComparing(Comparator.<Integer>comparingLong(i -> magnitude(amounts, i)).reversed())
                .thenComparing(customers::get));

        List<String> rowColumns = movements.table().columnNames().stream()
                .filter(c -> !c.equals(MOVEMENT_MONTH.name())).toList();
        List<Map<String, Object>> rows = GoldRows.rows(data, movements.table(), selected, rowColumns);
        Map<String, BigDecimal> totalAmounts = new LinkedHashMap<>();
        totals.forEach((kind, unscaled) -> totalAmounts.put(kind, ColumnCodec.decimal(unscaled, MOVEMENT_AMOUNT.type())));
        return new MovementsResponse(wantedMonth, wantedKind, reportingCurrency, totalAmounts, rows);
    }

    /**
     * The customers of {@code gold.mrr_customer_month} in one month (the latest when empty), largest MRR first.
     */
    public CustomersResponse customers(GoldSnapshot snapshot, Optional<YearMonth> month) {
        return customers(snapshot, month, 0, Integer.MAX_VALUE);
    }

    /** One page of the month's paying customers: {@code limit} rows from {@code offset} in MRR order. */
    public CustomersResponse customers(GoldSnapshot snapshot, Optional<YearMonth> month, int offset, int limit) {
        LoadedTable loaded = snapshot.require(Tables.MRR_CUSTOMER_MONTH);
        CustomerOrder order = customerOrder(loaded);
        String wanted = month.map(YearMonth::toString).orElse(order.latestMonth());
        List<Integer> selected = order.byMonth().computeIfAbsent(wanted == null ? "" : wanted,
                m -> sortedRows(loaded.data(), m));
        int total = selected.size();
        List<Integer> page = selected.subList(Math.min(offset, total), (int) Math.min((long) offset + limit, total));
        return new CustomersResponse(wanted, reportingCurrency, total, offset,
                GoldRows.rows(loaded.data(), loaded.table(), page));
    }

    /**
     * Row order of the customer list per month, for one loaded version of mrr_customer_month. Paging through a month
     * then costs the page, not a scan and sort of the table; a new version (or a time-travel read) gets its own.
     */
    private record CustomerOrder(LoadedTable table, String latestMonth,
                                 java.util.concurrent.ConcurrentHashMap<String, List<Integer>> byMonth) {
    }

    /** Orders of the latest versions asked, newest first: the serving one, one warmed ahead of a swap, one read back. */
    private volatile List<CustomerOrder> customerOrders = List.of();
    private static final int KEPT_ORDERS = 3;

    private CustomerOrder customerOrder(LoadedTable loaded) {
        CustomerOrder known = knownOrder(loaded);
        if (known != null) {
            return known;
        }
        synchronized (this) {
            known = knownOrder(loaded);
            if (known != null) {
                return known;
            }
            StringColumn months = loaded.data().stringColumn("month");
            String latest = null;
            for (int i = 0; i < months.size(); i++) {
                latest = latest == null || months.get(i).compareTo(latest) > 0 ? months.get(i) : latest;
            }
            CustomerOrder order = new CustomerOrder(loaded, latest, new java.util.concurrent.ConcurrentHashMap<>());
            List<CustomerOrder> kept = new ArrayList<>(List.of(order));
            customerOrders.stream().limit(KEPT_ORDERS - 1).forEach(kept::add);
            customerOrders = List.copyOf(kept);
            return order;
        }
    }

    private CustomerOrder knownOrder(LoadedTable loaded) {
        for (CustomerOrder o : customerOrders) {
            if (o.table() == loaded) {
                return o;
            }
        }
        return null;
    }

    /**
     * Sorts, on a snapshot about to be swapped in, the customer list of every month asked of the serving version, so
     * the first list requests after a publish find their order ready instead of all waiting for one sort of the new
     * table (which held request threads for up to a second at 100k customers).
     *
     * @return how many months were sorted ahead
     */
    public int warmCustomerOrder(GoldSnapshot serving, GoldSnapshot next) {
        String name = Tables.MRR_CUSTOMER_MONTH.qualifiedName();
        if (serving == null || !(serving.tables().get(name) instanceof LoadedTable now)
                || !(next.tables().get(name) instanceof LoadedTable ahead) || now == ahead) {
            return 0;
        }
        CustomerOrder was = knownOrder(now);
        if (was == null) {
            return 0;
        }
        CustomerOrder order = customerOrder(ahead);
        for (String month : List.copyOf(was.byMonth().keySet())) {
            order.byMonth().computeIfAbsent(month, m -> sortedRows(ahead.data(), m));
        }
        return order.byMonth().size();
    }

    /** Whether the customer list of {@code month} is already sorted for {@code snapshot}'s version. */
    public boolean hasCustomerOrder(GoldSnapshot snapshot, String month) {
        TableState state = snapshot.tables().get(Tables.MRR_CUSTOMER_MONTH.qualifiedName());
        CustomerOrder order = state instanceof LoadedTable loaded ? knownOrder(loaded) : null;
        return order != null && order.byMonth().containsKey(month);
    }

    /** Rows of {@code month}, largest MRR first, then by customer id. */
    private static List<Integer> sortedRows(Table data, String month) {
        StringColumn months = data.stringColumn("month");
        List<Integer> selected = new ArrayList<>();
        for (int i = 0; i < data.rowCount(); i++) {
            if (months.get(i).equals(month)) {
                selected.add(i);
            }
        }
        LongColumn mrr = data.longColumn("mrr");
        StringColumn ids = data.stringColumn("customer_id");
        selected.sort(Comparator.<Integer>comparingLong(i -> mrr.isMissing(i) ? Long.MIN_VALUE : mrr.getLong(i))
                .reversed().thenComparing(ids::get));
        return List.copyOf(selected);
    }

    /** Distinct segments of {@code gold.cohort_retention} ({@code all} included), for validating requests. */
    public java.util.SortedSet<String> cohortSegments(GoldSnapshot snapshot) {
        StringColumn segments = snapshot.require(Tables.COHORT_RETENTION).data().stringColumn("segment");
        java.util.SortedSet<String> values = new java.util.TreeSet<>();
        for (int i = 0; i < segments.size(); i++) {
            if (!segments.isMissing(i)) {
                values.add(segments.get(i));
            }
        }
        values.add("all");
        return values;
    }

    /**
     * The retention matrix of one segment from {@code gold.cohort_retention}: cohorts in [from, to] (either open),
     * oldest cohort first, then months since start.
     */
    public CohortsResponse cohorts(GoldSnapshot snapshot, String segment, Optional<YearMonth> from, Optional<YearMonth> to) {
        LoadedTable loaded = snapshot.require(Tables.COHORT_RETENTION);
        Table data = loaded.data();
        StringColumn cohorts = data.stringColumn("cohort_month");
        StringColumn segments = data.stringColumn("segment");
        LongColumn k = data.longColumn("months_since_start");
        List<Integer> selected = new ArrayList<>(GoldRows.where(data, i -> segment.equals(segments.get(i))
                && GoldRows.inRange(cohorts.get(i), from, to)));
        selected.sort(Comparator.comparing(cohorts::get).thenComparingLong(k::getLong));
        return new CohortsResponse(segment, reportingCurrency, GoldRows.rows(data, loaded.table(), selected));
    }

    /** Which gold tables are loaded, at which Delta version and with how many rows. */
    public HealthResponse health() {
        GoldSnapshot snapshot = snapshots.get();
        Map<String, Map<String, Object>> tables = new LinkedHashMap<>();
        for (TableState state : snapshot.tables().values()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("table", state.table().qualifiedName());
            if (state instanceof LoadedTable loaded) {
                entry.put("available", true);
                entry.put("version", loaded.version());
                entry.put("rows", loaded.rowCount());
                entry.put("loaded_at", loaded.loadedAt().toString());
            } else if (state instanceof UnavailableTable unavailable) {
                entry.put("available", false);
                entry.put("reason", unavailable.reason());
            }
            tables.put(state.table().name(), entry);
        }
        return new HealthResponse(snapshot.allLoaded() ? "ok" : "degraded", snapshot.createdAt().toString(), tables);
    }

    private static int rank(String kind) {
        return Movement.parse(kind).map(Enum::ordinal).orElse(Movement.values().length);
    }

    private static long magnitude(LongColumn amounts, int i) {
        return amounts.isMissing(i) ? -1 : Math.abs(amounts.getLong(i));
    }
}
