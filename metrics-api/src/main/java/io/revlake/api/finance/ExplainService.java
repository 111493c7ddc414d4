package io.revlake.api.finance;

import static io.revlake.api.gold.GoldRows.cents;
import static io.revlake.api.gold.GoldRows.money;

import io.revlake.api.gold.ColumnCodec;
import io.revlake.api.gold.GoldRows;
import io.revlake.api.gold.GoldSnapshot;
import io.revlake.api.gold.LoadedTable;
import io.revlake.api.metrics.Grain;
import io.revlake.api.metrics.MetricDef;
import io.revlake.api.metrics.MetricsService;
import io.revlake.api.metrics.PartSource;
import io.revlake.api.metrics.SeriesQuery;
import io.revlake.api.metrics.SeriesResponse;
import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.Column;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * "Which customers make up this number?" For a metric cell (metric, month, filter) the gold rows behind it, one per
 * customer (per invoice for AR and billings, per booking for bookings), whose amounts sum exactly to the cell that
 * {@code /api/v1/metrics/{id}/series} serves; the answer carries both the cell and the sum, so a client can see that
 * they tie. For one customer, the silver rows the gold row was computed from and the bronze rows they came from, down
 * to source file and line.
 */
public final class ExplainService {
    /** Metrics with customer rows in gold: id → what the rows are. */
    public enum Kind { MRR, ARR, PAYING, MOVEMENT, AR, REVENUE, DEFERRED, RPO, CRPO, BILLINGS, BOOKINGS }

    /** Explainable metric ids, and the short names the issue uses for them. */
    public static final Map<String, String> ALIASES = aliases();
    public static final List<String> FILTER_DIMENSIONS = Tables.MRR_DIMENSIONS;
    /** What a bookings explanation can be filtered by: gold.bookings_month's dimension. */
    public static final List<String> BOOKING_DIMENSIONS = List.of("booking_type");

    private final MetricsService metrics;
    private final LineageReader lineage;

    /**
     * The customer an id names: the id itself when it is a customer's id (or the identity map does not know it),
     * else the one customer the identity map matched the source records of that id to (a Stripe {@code cus_…}, an
     * ERP number). Empty when records of several sources share the id and belong to different customers.
     */
    public Optional<Resolved> resolveCustomer(String id) {
        List<LineageReader.SourceRecord> records = lineage.matchedRecords(id);
        if (records.isEmpty() || records.stream().anyMatch(r -> r.customerId().equals(id))) {
            return Optional.of(new Resolved(id, List.of()));
        }
        java.util.Set<String> customers = new java.util.TreeSet<>();
        records.forEach(r -> customers.add(r.customerId()));
        return customers.size() == 1 ? Optional.of(new Resolved(customers.iterator().next(), records)) : Optional.empty();
    }

    /** @param via the source records the id was resolved through; empty when it is the customer's own id */
    public record Resolved(String customerId, List<LineageReader.SourceRecord> via) {
        /** For answers: [{source, source_customer_id}], or null when nothing was resolved. */
        public List<Map<String, String>> describe() {
            return via.isEmpty() ? null : via.stream().map(r -> Map.of("source", r.source(), "source_customer_id",
                    r.sourceCustomerId())).toList();
        }
    }

    public ExplainService(MetricsService metrics, LineageReader lineage) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.lineage = Objects.requireNonNull(lineage, "lineage");
    }

    private static Map<String, String> aliases() {
        Map<String, String> a = new LinkedHashMap<>();
        for (String id : List.of("mrr", "arr", "paying_customers", "new_mrr", "reactivation_mrr", "expansion_mrr",
                "contraction_mrr", "churned_mrr", "fx_mrr", "net_new_mrr", "accounts_receivable", "recognized_revenue",
                "deferred_revenue", "rpo", "crpo", "billings", "bookings_tcv", "bookings_acv")) {
            a.put(id, id);
        }
        for (String m : List.of("new", "reactivation", "expansion", "contraction", "fx")) {
            a.put(m, m + "_mrr");
        }
        a.put("churn", "churned_mrr");
        a.put("ar", "accounts_receivable");
        a.put("revenue", "recognized_revenue");
        a.put("deferred", "deferred_revenue");
        a.put("bookings", "bookings_tcv");
        a.put("tcv", "bookings_tcv");
        a.put("acv", "bookings_acv");
        return a;
    }

    public static Kind kind(String metricId) {
        return switch (metricId) {
            case "mrr" -> Kind.MRR;
            case "arr" -> Kind.ARR;
            case "paying_customers" -> Kind.PAYING;
            case "accounts_receivable" -> Kind.AR;
            case "recognized_revenue" -> Kind.REVENUE;
            case "deferred_revenue" -> Kind.DEFERRED;
            case "rpo" -> Kind.RPO;
            case "crpo" -> Kind.CRPO;
            case "billings" -> Kind.BILLINGS;
            case "bookings_tcv", "bookings_acv" -> Kind.BOOKINGS;
            default -> Kind.MOVEMENT;
        };
    }

    /** The gold tables an explanation of the metric reads. */
    public static List<TableDef> tables(String metricId) {
        return switch (kind(metricId)) {
            case MRR, ARR, PAYING -> List.of(Tables.MRR_CUSTOMER_MONTH, Tables.MRR_MOVEMENTS);
            case MOVEMENT -> List.of(Tables.MRR_CUSTOMER_MONTH, Tables.MRR_MOVEMENTS);
            case AR -> List.of(Tables.AR_AGING, Tables.DSO_MONTH);
            case BILLINGS -> List.of(Tables.BILLINGS, Tables.DSO_MONTH);
            case BOOKINGS -> List.of(Tables.BOOKINGS, Tables.BOOKINGS_MONTH);
            case REVENUE -> List.of(Tables.REVENUE_SCHEDULE, Tables.DEFERRED_REVENUE);
            case DEFERRED, RPO, CRPO -> {
                Balance b = balance(kind(metricId));
                yield List.of(b.customers(), b.company());
            }
        };
    }

    /**
     * A company balance per month × currency (gold.deferred_revenue, gold.rpo_month) and the per-customer table it is
     * the sum of: {@code column} in the source currency, {@code reportingColumn} its company-row conversion.
     */
    record Balance(TableDef customers, TableDef company, String column, String reportingColumn,
                   List<String> context) {
    }

    private static Balance balance(Kind kind) {
        return switch (kind) {
            case DEFERRED -> new Balance(Tables.DEFERRED_REVENUE_CUSTOMER, Tables.DEFERRED_REVENUE, "closing",
                    "closing_reporting", List.of("opening", "billings", "recognized", "closing_unbilled"));
            case RPO -> new Balance(Tables.RPO_CUSTOMER, Tables.RPO_MONTH, "rpo", "rpo_reporting",
                    List.of("deferred", "unbilled", "backlog", "crpo"));
            case CRPO -> new Balance(Tables.RPO_CUSTOMER, Tables.RPO_MONTH, "crpo", "crpo_reporting",
                    List.of("rpo", "deferred", "unbilled", "backlog"));
            default -> throw new IllegalArgumentException(kind + " is not a finance balance");
        };
    }

    /**
     * The dimensions a filter on the metric may name: the customer dimensions for the MRR tables' rows, the booking
     * type for bookings (as the bookings series groups and filters by it), none for the other finance metrics.
     */
    public static List<String> filterDimensions(String metricId) {
        return switch (kind(metricId)) {
            case MRR, ARR, PAYING, MOVEMENT -> FILTER_DIMENSIONS;
            case BOOKINGS -> BOOKING_DIMENSIONS;
            case AR, REVENUE, DEFERRED, RPO, CRPO, BILLINGS -> List.of();
        };
    }

    /** Whether the metric's rows carry a dimension a filter can name. */
    public static boolean filterable(String metricId) {
        return !filterDimensions(metricId).isEmpty();
    }

    /** Filterable dimension → values in the data, for validating a filter on the metric. */
    public Map<String, java.util.SortedSet<String>> dimensionValues(GoldSnapshot snapshot, String metricId) {
        if (kind(metricId) == Kind.BOOKINGS) {
            return new io.revlake.api.metrics.MonthTableSource(Tables.BOOKINGS_MONTH, BOOKING_DIMENSIONS)
                    .dimensionValues(snapshot);
        }
        return new io.revlake.api.metrics.CustomerSource().dimensionValues(snapshot);
    }

    /**
     * @param metricId   a canonical id of {@link #ALIASES}
     * @param filters    dimension → values ({@link PartSource#NONE} for missing), already validated
     * @param customerId when present, only that customer, with its silver and bronze rows
     */
    public Map<String, Object> explain(GoldSnapshot snapshot, String metricId, YearMonth month,
                                       Map<String, Set<String>> filters, Optional<String> customerId) {
        MetricDef metric = metrics.catalog().get(metricId).orElseThrow();
        Kind kind = kind(metricId);
        List<Map<String, Object>> contributions;
        String sourceTable;
        LocalDate agingDate = null;
        Split split = null;
        String unit = metric.unit().value();
        if (kind == Kind.AR) {
            agingDate = arDate(snapshot, month).orElse(null);
            contributions = arRows(snapshot, agingDate);
            sourceTable = Tables.AR_AGING.qualifiedName();
        } else if (kind == Kind.BILLINGS) {
            contributions = billingRows(snapshot, month);
            sourceTable = Tables.BILLINGS.qualifiedName();
        } else if (kind == Kind.BOOKINGS) {
            contributions = bookingRows(snapshot, month, metricId.equals("bookings_acv") ? "acv" : "tcv", filters);
            sourceTable = Tables.BOOKINGS.qualifiedName();
        } else if (kind == Kind.REVENUE) {
            split = revenueRows(snapshot, month);
            contributions = split.rows();
            sourceTable = Tables.REVENUE_SCHEDULE.qualifiedName();
        } else if (kind == Kind.DEFERRED || kind == Kind.RPO || kind == Kind.CRPO) {
            split = balanceRows(snapshot, balance(kind), month);
            contributions = split.rows();
            sourceTable = balance(kind).customers().qualifiedName();
        } else if (kind == Kind.MOVEMENT) {
            contributions = movementRows(snapshot, metricId, month, filters);
            sourceTable = Tables.MRR_MOVEMENTS.qualifiedName();
        } else {
            contributions = customerMonthRows(snapshot, kind, month, filters);
            sourceTable = Tables.MRR_CUSTOMER_MONTH.qualifiedName();
        }
        // The whole cell's total first (this is what must tie), then the customer's part when one is asked for.
        long total = 0;
        for (Map<String, Object> row : contributions) {
            total += units(row.get("amount"), kind);
        }
        Object cell = cell(snapshot, metric, month, filters);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("metric", metricId);
        body.put("name", metric.name());
        body.put("unit", unit);
        body.put("currency", kind == Kind.PAYING ? null : metrics.describe(metric, snapshot).get("currency"));
        body.put("month", month.toString());
        body.put("filter", sortedFilters(filters));
        if (agingDate != null || kind == Kind.AR) {
            body.put("aging_date", agingDate == null ? null : agingDate.toString());
        }
        body.put("source_table", sourceTable);
        body.put("cell", cell);
        Object sum = kind == Kind.PAYING ? (Object) total : money(total);
        body.put("total", sum);
        boolean ties = cell != null && new BigDecimal(cell.toString()).compareTo(new BigDecimal(sum.toString())) == 0;
        if (split != null) {
            body.put("by_currency", split.byCurrency());
            ties = ties && split.currenciesTie();
        }
        body.put("ties", ties);
        body.put("contributors", contributions.stream().map(r -> r.get("customer_id")).distinct().count());
        body.put("versions", MetricsService.versions(tables(metricId), snapshot));
        if (customerId.isPresent()) {
            String id = customerId.get();
            List<Map<String, Object>> own = contributions.stream().filter(r -> id.equals(r.get("customer_id"))).toList();
            long part = 0;
            for (Map<String, Object> row : own) {
                part += units(row.get("amount"), kind);
            }
            body.put("customer_id", id);
            body.put("customer_amount", kind == Kind.PAYING ? (Object) part : money(part));
            body.put("contributions", own);
            TableDef gold = Tables.byName(sourceTable).orElseThrow();
            Instant at = lineage.at(gold, snapshot.require(gold).version());
            Lineage l = lineage(kind, id, month, agingDate, own, at);
            body.put("lineage_as_of", at.toString());
            body.put("silver", l.silver());
            body.put("bronze", l.bronze());
            body.put("rows", l.rows());
        } else {
            body.put("rows", contributions);
        }
        return body;
    }

    /** The series cell of the month, as /metrics/{id}/series serves it (null when the month has none). */
    private Object cell(GoldSnapshot snapshot, MetricDef metric, YearMonth month, Map<String, Set<String>> filters) {
        SeriesQuery query = new SeriesQuery(metric, Optional.of(month), Optional.of(month), Grain.MONTH, List.of(),
                filters, false);
        SeriesResponse series = metrics.series(query, snapshot);
        return series.rows().isEmpty() ? null : series.rows().get(0).get("value");
    }

    private static long units(Object amount, Kind kind) {
        if (kind == Kind.PAYING) {
            return ((Number) amount).longValue();
        }
        return ((BigDecimal) amount).movePointRight(2).longValueExact();
    }

    // ---- gold rows behind a cell ----

    private static List<Map<String, Object>> customerMonthRows(GoldSnapshot snapshot, Kind kind, YearMonth month,
                                                               Map<String, Set<String>> filters) {
        LoadedTable loaded = snapshot.require(Tables.MRR_CUSTOMER_MONTH);
        Table data = loaded.data();
        StringColumn months = data.stringColumn("month");
        LongColumn mrr = data.longColumn("mrr");
        String m = month.toString();
        List<Integer> selected = GoldRows.where(data, i -> months.get(i).equals(m) && matches(data, i, filters)
                && (kind != Kind.PAYING || cents(mrr, i) > 0));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i : selected) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("customer_id", data.stringColumn("customer_id").get(i));
            row.put("amount", switch (kind) {
                case ARR -> money(Math.multiplyExact(cents(mrr, i), 12));
                case PAYING -> 1L;
                default -> money(cents(mrr, i));
            });
            row.put("mrr", money(cents(mrr, i)));
            for (String c : List.of("mrr_source_currency", "currency", "fx_rate", "segment", "region", "channel", "plan")) {
                Column column = loaded.table().column(c).orElseThrow();
                row.put(c, ColumnCodec.jsonValue(data, column, i));
            }
            rows.add(row);
        }
        rows.sort(BY_AMOUNT);
        return rows;
    }

    private static List<Map<String, Object>> movementRows(GoldSnapshot snapshot, String metricId, YearMonth month,
                                                          Map<String, Set<String>> filters) {
        LoadedTable loaded = snapshot.require(Tables.MRR_MOVEMENTS);
        Table data = loaded.data();
        StringColumn months = data.stringColumn("month");
        StringColumn movement = data.stringColumn("movement");
        String wanted = metricId.equals("net_new_mrr") ? null
                : metricId.equals("churned_mrr") ? "churn" : metricId.substring(0, metricId.length() - "_mrr".length());
        String m = month.toString();
        List<Integer> selected = GoldRows.where(data, i -> months.get(i).equals(m) && matches(data, i, filters)
                && (wanted == null || movement.get(i).equals(wanted)));
        List<Map<String, Object>> rows = GoldRows.rows(data, loaded.table(), selected, List.of("customer_id", "amount",
                "movement", "currency", "segment", "region", "channel", "plan"));
        rows = new ArrayList<>(rows);
        rows.sort(BY_AMOUNT);
        return rows;
    }

    /** The aging date behind AR of a month: the snapshot date of gold.dso_month, else the month's last aging date. */
    private static Optional<LocalDate> arDate(GoldSnapshot snapshot, YearMonth month) {
        Table dso = snapshot.require(Tables.DSO_MONTH).data();
        for (int i = 0; i < dso.rowCount(); i++) {
            if (dso.stringColumn("month").get(i).equals(month.toString()) && !dso.dateColumn("as_of").isMissing(i)) {
                return Optional.of(dso.dateColumn("as_of").get(i));
            }
        }
        DateColumn dates = snapshot.require(Tables.AR_AGING).data().dateColumn("as_of");
        LocalDate latest = null;
        for (int i = 0; i < dates.size(); i++) {
            LocalDate d = dates.get(i);
            if (YearMonth.from(d).equals(month) && (latest == null || d.isAfter(latest))) {
                latest = d;
            }
        }
        return Optional.ofNullable(latest);
    }

    private static List<Map<String, Object>> arRows(GoldSnapshot snapshot, LocalDate date) {
        LoadedTable loaded = snapshot.require(Tables.AR_AGING);
        Table data = loaded.data();
        if (date == null) {
            return List.of();
        }
        DateColumn asOf = data.dateColumn("as_of");
        LongColumn reporting = data.longColumn("open_amount_reporting");
        List<Integer> selected = GoldRows.where(data, i -> asOf.get(i).equals(date));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i : selected) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("customer_id", data.stringColumn("customer_id").get(i));
            row.put("amount", money(cents(reporting, i)));
            for (String c : List.of("invoice_id", "due_date", "days_past_due", "bucket", "currency", "open_amount",
                    "fx_rate")) {
                row.put(c, ColumnCodec.jsonValue(data, loaded.table().column(c).orElseThrow(), i));
            }
            rows.add(row);
        }
        rows.sort(BY_AMOUNT);
        return rows;
    }

    /**
     * One row per invoice billed in the month (gold.billings): its share of gold.dso_month.billings, the invoice total
     * in its currency and the rate. The rows of a month sum to dso_month.billings by a declared check, so they tie.
     */
    private static List<Map<String, Object>> billingRows(GoldSnapshot snapshot, YearMonth month) {
        LoadedTable loaded = snapshot.require(Tables.BILLINGS);
        Table data = loaded.data();
        String m = month.toString();
        List<Integer> selected = GoldRows.where(data, i -> data.stringColumn("month").get(i).equals(m));
        return rowsOf(loaded, selected, "total_reporting", List.of("invoice_id", "invoice_date", "currency", "total",
                "fx_rate"));
    }

    /**
     * One row per booking of the month (gold.bookings, contracts and uncontracted closed-won opportunities): its
     * tcv_reporting or acv_reporting, of the booking types {@code filters} names (all when it names none).
     * gold.bookings_month sums exactly those columns per month and type, so the rows tie with the filtered cell.
     */
    private static List<Map<String, Object>> bookingRows(GoldSnapshot snapshot, YearMonth month, String measure,
                                                         Map<String, Set<String>> filters) {
        LoadedTable loaded = snapshot.require(Tables.BOOKINGS);
        Table data = loaded.data();
        String m = month.toString();
        Set<String> types = filters.get("booking_type");
        List<Integer> selected = GoldRows.where(data, i -> data.stringColumn("month").get(i).equals(m)
                && (types == null || types.contains(data.stringColumn("booking_type").get(i))));
        return rowsOf(loaded, selected, measure + "_reporting", List.of("source", "booking_id", "booked_date",
                "booking_type", "currency", "tcv", "acv", "fx_rate"));
    }

    /** customer_id, amount (the {@code amount} column) and the context columns of the selected rows, largest first. */
    private static List<Map<String, Object>> rowsOf(LoadedTable loaded, List<Integer> selected, String amount,
                                                    List<String> context) {
        Table data = loaded.data();
        LongColumn amounts = data.longColumn(amount);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i : selected) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("customer_id", ColumnCodec.jsonValue(data, loaded.table().column("customer_id").orElseThrow(), i));
            row.put("amount", money(cents(amounts, i)));
            for (String c : context) {
                row.put(c, ColumnCodec.jsonValue(data, loaded.table().column(c).orElseThrow(), i));
            }
            rows.add(row);
        }
        rows.sort(BY_AMOUNT);
        return rows;
    }

    /**
     * Rows that split a per-currency company figure over customers, and per currency whether the customers' source
     * amounts sum to that figure (the revenue schedule against the roll-forward, customers against the company row).
     */
    record Split(List<Map<String, Object>> rows, List<Map<String, Object>> byCurrency, boolean currenciesTie) {
    }

    /**
     * One row per customer and currency: revenue recognised in the month by its obligations (gold.revenue_schedule),
     * in the source currency, and its share of the month's reporting-currency figure. The roll-forward converts each
     * currency's total once ({@code deferred_revenue.recognized_reporting}); that amount is split over the customers by
     * {@link CentAllocation}, so the rows add up to the cell exactly. Per currency the answer also shows whether the
     * schedule's total equals the roll-forward's {@code recognized}: that is the check that can fail.
     */
    private static Split revenueRows(GoldSnapshot snapshot, YearMonth month) {
        String m = month.toString();
        LoadedTable schedule = snapshot.require(Tables.REVENUE_SCHEDULE);
        Table data = schedule.data();
        LongColumn recognized = data.longColumn("recognized");
        Map<String, Map<String, Long>> cents = new TreeMap<>(); // currency → customer → recognised cents
        Map<String, List<Map<String, String>>> sources = new TreeMap<>(); // currency|customer → obligations
        for (int i : GoldRows.where(data, i -> data.stringColumn("month").get(i).equals(m))) {
            String currency = data.stringColumn("currency").get(i);
            String customer = data.stringColumn("customer_id").get(i);
            cents.computeIfAbsent(currency, c -> new TreeMap<>()).merge(customer, cents(recognized, i), Long::sum);
            sources.computeIfAbsent(currency + "|" + customer, k -> new ArrayList<>()).add(Map.of(
                    "source", data.stringColumn("source").get(i),
                    "obligation_id", data.stringColumn("obligation_id").get(i)));
        }
        Table deferred = snapshot.require(Tables.DEFERRED_REVENUE).data();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> byCurrency = new ArrayList<>();
        boolean allTie = true;
        for (int i : GoldRows.where(deferred, i -> deferred.stringColumn("month").get(i).equals(m))) {
            String currency = deferred.stringColumn("currency").get(i);
            long rollForward = cents(deferred.longColumn("recognized"), i);
            long reporting = cents(deferred.longColumn("recognized_reporting"), i);
            BigDecimal rate = GoldRows.rate(deferred.longColumn("fx_rate"), i);
            Map<String, Long> customers = cents.getOrDefault(currency, Map.of());
            long scheduled = customers.values().stream().mapToLong(Long::longValue).sum();
            boolean tie = scheduled == rollForward;
            allTie &= tie;
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("currency", currency);
            c.put("recognized", money(rollForward));
            c.put("scheduled", money(scheduled));
            c.put("fx_rate", rate);
            c.put("recognized_reporting", money(reporting));
            c.put("ties", tie);
            byCurrency.add(c);
            if (!tie) {
                continue; // no honest split of a figure the rows do not add up to: ties=false says so
            }
            Map<String, Long> shares = CentAllocation.allocate(customers, rate, reporting);
            for (Map.Entry<String, Long> e : customers.entrySet()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("customer_id", e.getKey());
                row.put("amount", money(shares.get(e.getKey())));
                row.put("currency", currency);
                row.put("recognized", money(e.getValue()));
                row.put("fx_rate", rate);
                row.put("obligations", sources.get(currency + "|" + e.getKey()));
                rows.add(row);
            }
        }
        rows.sort(BY_AMOUNT);
        return new Split(rows, byCurrency, allTie);
    }

    /**
     * One row per customer and currency with a non-zero balance at the month end (gold.deferred_revenue_customer or
     * gold.rpo_customer), in the source currency, and its share of the company row's reporting figure. The company
     * row converts each currency's total once, so that figure is split over the customers by {@link CentAllocation}
     * and the rows add up to the cell exactly. Per currency, Σ customers against the company row is the check that can
     * fail (the transform blocks publication when it does, so a failure here means tables from different runs).
     */
    private static Split balanceRows(GoldSnapshot snapshot, Balance balance, YearMonth month) {
        String m = month.toString();
        LoadedTable customers = snapshot.require(balance.customers());
        Table data = customers.data();
        LongColumn amount = data.longColumn(balance.column());
        Map<String, Map<String, Long>> cents = new TreeMap<>(); // currency → customer → source cents
        Map<String, Integer> rowOf = new java.util.HashMap<>(); // currency|customer → row index
        for (int i : GoldRows.where(data, i -> data.stringColumn("month").get(i).equals(m) && cents(amount, i) != 0)) {
            String currency = data.stringColumn("currency").get(i);
            String customer = data.stringColumn("customer_id").get(i);
            cents.computeIfAbsent(currency, c -> new TreeMap<>()).merge(customer, cents(amount, i), Long::sum);
            rowOf.put(currency + "|" + customer, i);
        }
        Table company = snapshot.require(balance.company()).data();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> byCurrency = new ArrayList<>();
        boolean allTie = true;
        Set<String> seen = new TreeSet<>();
        for (int i : GoldRows.where(company, i -> company.stringColumn("month").get(i).equals(m))) {
            String currency = company.stringColumn("currency").get(i);
            seen.add(currency);
            long whole = cents(company.longColumn(balance.column()), i);
            long reporting = cents(company.longColumn(balance.reportingColumn()), i);
            BigDecimal rate = GoldRows.rate(company.longColumn("fx_rate"), i);
            Map<String, Long> parts = cents.getOrDefault(currency, Map.of());
            long sum = parts.values().stream().mapToLong(Long::longValue).sum();
            boolean tie = sum == whole;
            allTie &= tie;
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("currency", currency);
            c.put(balance.column(), money(whole));
            c.put("customers", money(sum));
            c.put("fx_rate", rate);
            c.put(balance.reportingColumn(), money(reporting));
            c.put("ties", tie);
            byCurrency.add(c);
            if (!tie) {
                continue; // no honest split of a figure the rows do not add up to: ties=false says so
            }
            Map<String, Long> shares = CentAllocation.allocate(parts, rate, reporting);
            for (Map.Entry<String, Long> e : parts.entrySet()) {
                int r = rowOf.get(currency + "|" + e.getKey());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("customer_id", e.getKey());
                row.put("amount", money(shares.get(e.getKey())));
                row.put("currency", currency);
                row.put(balance.column(), money(e.getValue()));
                for (String context : balance.context()) {
                    row.put(context, money(cents(data.longColumn(context), r)));
                }
                row.put("fx_rate", rate);
                rows.add(row);
            }
        }
        for (String currency : cents.keySet()) {
            if (!seen.contains(currency)) { // customers in a currency the company table lacks: cannot tie
                allTie = false;
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("currency", currency);
                c.put(balance.column(), null);
                c.put("customers", money(cents.get(currency).values().stream().mapToLong(Long::longValue).sum()));
                c.put("ties", false);
                byCurrency.add(c);
            }
        }
        rows.sort(BY_AMOUNT);
        return new Split(rows, byCurrency, allTie);
    }

    private static final Comparator<Map<String, Object>> BY_AMOUNT = Comparator
            .<Map<String, Object>, BigDecimal>comparing(r -> new BigDecimal(r.get("amount").toString()).abs())
            .reversed().thenComparing(r -> (String) r.get("customer_id"), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(r -> String.valueOf(r.get("invoice_id")))
            .thenComparing(r -> String.valueOf(r.get("booking_id")));

    private static boolean matches(Table data, int row, Map<String, Set<String>> filters) {
        for (Map.Entry<String, Set<String>> f : filters.entrySet()) {
            StringColumn c = data.stringColumn(f.getKey());
            String v = c.isMissing(row) ? PartSource.NONE : c.get(row);
            if (!f.getValue().contains(v)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, List<String>> sortedFilters(Map<String, Set<String>> filters) {
        Map<String, List<String>> out = new TreeMap<>();
        filters.forEach((k, v) -> out.put(k, v.stream().sorted().toList()));
        return out;
    }

    // ---- silver and bronze behind one customer's row ----

    /** @param rows flat lineage rows (the CSV): one per silver row and one per bronze row */
    record Lineage(List<Map<String, Object>> silver, List<Map<String, Object>> bronze, List<Map<String, Object>> rows) {
    }

    private Lineage lineage(Kind kind, String customerId, YearMonth month, LocalDate agingDate,
                            List<Map<String, Object>> own, Instant at) {
        Map<CanonicalEntity, Table> silver = new LinkedHashMap<>();
        silver.put(CanonicalEntity.CUSTOMERS, lineage.silver(CanonicalEntity.CUSTOMERS, "customer_id", Set.of(customerId), at));
        if (kind == Kind.AR) {
            Set<String> invoices = new TreeSet<>();
            own.forEach(r -> invoices.add((String) r.get("invoice_id")));
            silver.put(CanonicalEntity.INVOICES, lineage.silver(CanonicalEntity.INVOICES, "invoice_id", invoices, at));
            Table payments = lineage.silver(CanonicalEntity.PAYMENTS, "customer_id", Set.of(customerId), at);
            silver.put(CanonicalEntity.PAYMENTS, keep(payments, i -> !payments.stringColumn("invoice_id").isMissing(i)
                    && invoices.contains(payments.stringColumn("invoice_id").get(i))
                    && !payments.dateColumn("payment_date").get(i).isAfter(agingDate)));
            Table credits = lineage.silver(CanonicalEntity.CREDIT_NOTES, "invoice_id", invoices, at);
            silver.put(CanonicalEntity.CREDIT_NOTES, keep(credits,
                    i -> !credits.dateColumn("issue_date").get(i).isAfter(agingDate)));
        } else if (kind == Kind.BILLINGS) {
            Set<String> invoices = new TreeSet<>();
            own.forEach(r -> invoices.add((String) r.get("invoice_id")));
            silver.put(CanonicalEntity.INVOICES, lineage.silver(CanonicalEntity.INVOICES, "invoice_id", invoices, at));
        } else if (kind == Kind.BOOKINGS) {
            Map<String, Set<String>> ids = new TreeMap<>(); // source → booking ids
            own.forEach(r -> ids.computeIfAbsent((String) r.get("source"), k -> new TreeSet<>())
                    .add((String) r.get("booking_id")));
            silver.put(CanonicalEntity.CONTRACTS, lineage.silverIfPresent(CanonicalEntity.CONTRACTS, "contract_id",
                    ids.getOrDefault("contract", Set.of()), at));
            silver.put(CanonicalEntity.OPPORTUNITIES, lineage.silverIfPresent(CanonicalEntity.OPPORTUNITIES,
                    "opportunity_id", ids.getOrDefault("opportunity", Set.of()), at));
        } else if (kind == Kind.DEFERRED || kind == Kind.RPO || kind == Kind.CRPO) {
            contractBalanceLineage(silver, customerId, month, own, at);
        } else if (kind == Kind.REVENUE) {
            Set<String> obligations = new TreeSet<>();
            Set<String> lines = new TreeSet<>();
            for (Map<String, Object> r : own) {
                @SuppressWarnings("unchecked")
                List<Map<String, String>> sources = (List<Map<String, String>>) r.get("obligations");
                for (Map<String, String> o : sources) {
                    (o.get("source").equals("contract") ? obligations : lines).add(o.get("obligation_id"));
                }
            }
            silver.put(CanonicalEntity.OBLIGATIONS, lineage.silver(CanonicalEntity.OBLIGATIONS, "obligation_id",
                    obligations, at));
            silver.put(CanonicalEntity.INVOICE_LINES, lineage.silver(CanonicalEntity.INVOICE_LINES, "line_id",
                    lines, at));
        } else {
            // Items active at the end of the month (and of the month before, for a movement between the two).
            LocalDate end = month.atEndOfMonth();
            LocalDate previousEnd = month.minusMonths(1).atEndOfMonth();
            Table items = lineage.silver(CanonicalEntity.SUBSCRIPTION_ITEMS, "customer_id", Set.of(customerId), at);
            silver.put(CanonicalEntity.SUBSCRIPTION_ITEMS, keep(items, i -> activeAt(items, i, end)
                    || (kind == Kind.MOVEMENT && activeAt(items, i, previousEnd))));
        }
        List<Map<String, Object>> silverRows = new ArrayList<>();
        List<Map<String, Object>> bronzeRows = new ArrayList<>();
        List<Map<String, Object>> flat = new ArrayList<>();
        for (Map.Entry<CanonicalEntity, Table> e : silver.entrySet()) {
            CanonicalEntity entity = e.getKey();
            TableDef silverDef = Tables.silver(entity);
            Table rows = e.getValue();
            Map<String, Set<String>> hashesBySource = new TreeMap<>();
            for (int i = 0; i < rows.rowCount(); i++) {
                Map<String, Object> values = values(rows, silverDef, i);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("table", silverDef.qualifiedName());
                row.put("key", key(entity, values));
                row.put("values", values);
                silverRows.add(row);
                flat.add(flat("silver", silverDef.qualifiedName(), key(entity, values), values));
                hashesBySource.computeIfAbsent((String) values.get("_source"), s -> new LinkedHashSet<>())
                        .add((String) values.get("_file_hash"));
            }
            for (Map.Entry<String, Set<String>> source : hashesBySource.entrySet()) {
                TableDef bronzeDef = Tables.bronze(source.getKey(), entity);
                Optional<Table> bronze = lineage.bronze(source.getKey(), entity, source.getValue(), at);
                if (bronze.isEmpty()) {
                    continue;
                }
                Table b = bronze.get();
                Set<String> wanted = new LinkedHashSet<>();
                for (int i = 0; i < rows.rowCount(); i++) {
                    wanted.add(rows.stringColumn("_file_hash").get(i) + "#" + rows.longColumn("_source_row").get(i));
                }
                for (int i = 0; i < b.rowCount(); i++) {
                    String id = b.stringColumn("_file_hash").get(i) + "#" + b.longColumn("_source_row").get(i);
                    if (!wanted.contains(id)) {
                        continue;
                    }
                    Map<String, Object> values = values(b, bronzeDef, i);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("table", bronzeDef.qualifiedName());
                    row.put("key", key(entity, values));
                    row.put("values", values);
                    bronzeRows.add(row);
                    flat.add(flat("bronze", bronzeDef.qualifiedName(), key(entity, values), values));
                }
            }
        }
        return new Lineage(silverRows, bronzeRows, flat);
    }

    /**
     * The silver rows a customer's contract balances at the end of {@code month} are computed from, in the currencies
     * of its rows: its contracts signed by then with their obligations, and its non-void invoices dated by then with
     * their lines and the credit notes issued by then (billings to date − revenue to date, per contract).
     */
    private void contractBalanceLineage(Map<CanonicalEntity, Table> silver, String customerId, YearMonth month,
                                        List<Map<String, Object>> own, Instant at) {
        LocalDate end = month.atEndOfMonth();
        Set<String> currencies = new TreeSet<>();
        own.forEach(r -> currencies.add((String) r.get("currency")));
        Table signed = lineage.silverIfPresent(CanonicalEntity.CONTRACTS, "customer_id", Set.of(customerId), at);
        Table contracts = keep(signed, i -> !signed.dateColumn("signed_date").isMissing(i)
                && !signed.dateColumn("signed_date").get(i).isAfter(end)
                && currencies.contains(signed.stringColumn("currency").get(i)));
        silver.put(CanonicalEntity.CONTRACTS, contracts);
        silver.put(CanonicalEntity.OBLIGATIONS, lineage.silverIfPresent(CanonicalEntity.OBLIGATIONS, "contract_id",
                new TreeSet<>(contracts.stringColumn("contract_id").asList()), at));
        Table all = lineage.silver(CanonicalEntity.INVOICES, "customer_id", Set.of(customerId), at);
        Table invoices = keep(all, i -> !all.dateColumn("invoice_date").get(i).isAfter(end)
                && currencies.contains(all.stringColumn("currency").get(i))
                && !"void".equals(all.stringColumn("status").get(i)));
        silver.put(CanonicalEntity.INVOICES, invoices);
        Set<String> invoiceIds = new TreeSet<>(invoices.stringColumn("invoice_id").asList());
        silver.put(CanonicalEntity.INVOICE_LINES, lineage.silverIfPresent(CanonicalEntity.INVOICE_LINES, "invoice_id",
                invoiceIds, at));
        Table credits = lineage.silverIfPresent(CanonicalEntity.CREDIT_NOTES, "invoice_id", invoiceIds, at);
        silver.put(CanonicalEntity.CREDIT_NOTES, keep(credits,
                i -> !credits.dateColumn("issue_date").get(i).isAfter(end)));
    }

    private static boolean activeAt(Table items, int i, LocalDate day) {
        DateColumn start = items.dateColumn("start_date");
        DateColumn end = items.dateColumn("end_date");
        return !start.isMissing(i) && !start.get(i).isAfter(day) && (end.isMissing(i) || end.get(i).isAfter(day));
    }

    private static Table keep(Table table, java.util.function.IntPredicate test) {
        int[] rows = GoldRows.where(table, test).stream().mapToInt(Integer::intValue).toArray();
        // Tablesaw's rows() refuses an empty selection (it takes the max index), so none kept is an empty copy.
        return rows.length == 0 ? table.emptyCopy() : table.rows(rows);
    }

    private static Map<String, Object> values(Table data, TableDef def, int row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Column c : def.columns()) {
            values.put(c.name(), ColumnCodec.jsonValue(data, c, row));
        }
        return values;
    }

    private static String key(CanonicalEntity entity, Map<String, Object> values) {
        return String.join("|", entity.key().stream().map(k -> String.valueOf(values.get(k))).toList());
    }

    private static Map<String, Object> flat(String layer, String table, String key, Map<String, Object> values) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("layer", layer);
        row.put("table", table);
        row.put("key", key);
        for (Column c : Tables.LINEAGE) {
            row.put(c.name(), values.get(c.name()));
        }
        return row;
    }
}
