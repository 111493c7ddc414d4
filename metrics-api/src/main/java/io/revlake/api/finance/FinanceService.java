package io.revlake.api.finance;

import static io.revlake.api.gold.GoldRows.cents;
import static io.revlake.api.gold.GoldRows.convert;
import static io.revlake.api.gold.GoldRows.inRange;
import static io.revlake.api.gold.GoldRows.money;
import static io.revlake.api.gold.GoldRows.rate;

import io.revlake.api.gold.GoldRows;
import io.revlake.api.gold.GoldSnapshot;
import io.revlake.api.gold.LoadedTable;
import io.revlake.api.metrics.MetricsService;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Answers the finance questions (receivables, DSO, revenue recognition, RPO, bookings) from one gold snapshot per
 * call. Inputs are validated by the routes; money stays in exact unscaled cents until it becomes a decimal in the
 * answer, so every total is the exact sum of the rows it is shown with.
 */
public final class FinanceService {
    /** Row month of the waterfall for scheduled revenue that no invoice covers yet (gold.revenue_waterfall). */
    public static final String UNBILLED = "unbilled";
    /** Recognition month of billed amounts that no obligation will recognise (gold.revenue_waterfall). */
    public static final String UNSCHEDULED = "unscheduled";
    public static final List<String> WATERFALL_ROWS = List.of("billing", "booking");

    private final String reportingCurrency;
    private final Function<Set<String>, Map<String, String>> invoiceMonths;

    /**
     * @param invoiceMonths invoice_id → YYYY-MM of its invoice date, for the invoices asked (silver.invoices, read on
     *                      demand); booking-row waterfalls need it for revenue of invoices without a contract
     */
    public FinanceService(String reportingCurrency, Function<Set<String>, Map<String, String>> invoiceMonths) {
        this.reportingCurrency = Objects.requireNonNull(reportingCurrency, "reportingCurrency");
        this.invoiceMonths = Objects.requireNonNull(invoiceMonths, "invoiceMonths");
    }

    public String reportingCurrency() {
        return reportingCurrency;
    }

    // ---- receivables ----

    /** The aging dates of gold.ar_aging, oldest first (every month end, and the transform's as-of date). */
    public List<LocalDate> agingDates(GoldSnapshot snapshot) {
        DateColumn dates = snapshot.require(Tables.AR_AGING).data().dateColumn("as_of");
        TreeSet<LocalDate> distinct = new TreeSet<>();
        for (int i = 0; i < dates.size(); i++) {
            distinct.add(dates.get(i));
        }
        return List.copyOf(distinct);
    }

    /**
     * Open invoices at one aging date, which must be one of {@link #agingDates} (the routes check); null means the
     * latest. An empty table answers with no date and no rows.
     */
    public FinanceResponses.ArAging arAging(GoldSnapshot snapshot, LocalDate date) {
        LoadedTable loaded = snapshot.require(Tables.AR_AGING);
        Table data = loaded.data();
        List<LocalDate> dates = agingDates(snapshot);
        LocalDate wanted = date != null ? date : dates.isEmpty() ? null : dates.get(dates.size() - 1);
        List<String> order = bucketOrder(data);
        DateColumn asOf = data.dateColumn("as_of");
        StringColumn bucket = data.stringColumn("bucket");
        StringColumn currency = data.stringColumn("currency");
        StringColumn customer = data.stringColumn("customer_id");
        StringColumn invoice = data.stringColumn("invoice_id");
        LongColumn daysPastDue = data.longColumn("days_past_due");
        LongColumn open = data.longColumn("open_amount");
        LongColumn openReporting = data.longColumn("open_amount_reporting");
        List<Integer> selected = GoldRows.where(data, i -> asOf.get(i).equals(wanted));
        selected.sort(Comparator.<Integer>comparingLong(i -> -daysPastDue.getLong(i))
                .thenComparing(customer::get).thenComparing(invoice::get));

        Map<String, long[]> buckets = new LinkedHashMap<>();
        order.forEach(b -> buckets.put(b, new long[2]));
        Map<String, long[]> currencies = new TreeMap<>();
        long total = 0;
        for (int i : selected) {
            long[] b = buckets.computeIfAbsent(bucket.get(i), k -> new long[2]);
            b[0] += cents(openReporting, i);
            b[1]++;
            long[] c = currencies.computeIfAbsent(currency.get(i), k -> new long[3]);
            c[0] += cents(open, i);
            c[1] += cents(openReporting, i);
            c[2]++;
            total += cents(openReporting, i);
        }
        List<Map<String, Object>> bucketRows = new ArrayList<>();
        buckets.forEach((name, sums) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("bucket", name);
            row.put("open_amount_reporting", money(sums[0]));
            row.put("invoices", sums[1]);
            bucketRows.add(row);
        });
        List<Map<String, Object>> currencyRows = new ArrayList<>();
        currencies.forEach((name, sums) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("currency", name);
            row.put("open_amount", money(sums[0]));
            row.put("open_amount_reporting", money(sums[1]));
            row.put("invoices", sums[2]);
            currencyRows.add(row);
        });
        List<Map<String, Object>> rows = GoldRows.rows(data, loaded.table(), selected, List.of("as_of", "customer_id",
                "invoice_id", "invoice_date", "due_date", "days_past_due", "bucket", "currency", "open_amount",
                "fx_rate", "open_amount_reporting"));
        return new FinanceResponses.ArAging(wanted == null ? null : wanted.toString(), reportingCurrency,
                dates.stream().map(LocalDate::toString).toList(), bucketRows, money(total), currencyRows,
                versions(snapshot, Tables.AR_AGING), rows);
    }

    /** Bucket totals (reporting currency) at every aging date: a complete grid, zeros included. */
    public FinanceResponses.AgingHistory agingHistory(GoldSnapshot snapshot) {
        Table data = snapshot.require(Tables.AR_AGING).data();
        List<String> order = bucketOrder(data);
        List<LocalDate> dates = agingDates(snapshot);
        DateColumn asOf = data.dateColumn("as_of");
        StringColumn bucket = data.stringColumn("bucket");
        LongColumn openReporting = data.longColumn("open_amount_reporting");
        Map<LocalDate, Map<String, long[]>> grid = new TreeMap<>();
        for (LocalDate d : dates) {
            Map<String, long[]> cells = new LinkedHashMap<>();
            order.forEach(b -> cells.put(b, new long[2]));
            grid.put(d, cells);
        }
        for (int i = 0; i < data.rowCount(); i++) {
            long[] cell = grid.get(asOf.get(i)).get(bucket.get(i));
            cell[0] += cents(openReporting, i);
            cell[1]++;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> totals = new ArrayList<>();
        grid.forEach((date, cells) -> {
            long total = 0;
            long invoices = 0;
            boolean monthEnd = date.equals(YearMonth.from(date).atEndOfMonth());
            for (Map.Entry<String, long[]> cell : cells.entrySet()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("as_of", date.toString());
                row.put("is_month_end", monthEnd);
                row.put("bucket", cell.getKey());
                row.put("open_amount_reporting", money(cell.getValue()[0]));
                row.put("invoices", cell.getValue()[1]);
                rows.add(row);
                total += cell.getValue()[0];
                invoices += cell.getValue()[1];
            }
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("as_of", date.toString());
            t.put("is_month_end", monthEnd);
            t.put("open_amount_reporting", money(total));
            t.put("invoices", invoices);
            totals.add(t);
        });
        return new FinanceResponses.AgingHistory(reportingCurrency, order,
                dates.stream().map(LocalDate::toString).toList(), totals, versions(snapshot, Tables.AR_AGING), rows);
    }

    /** Buckets in aging order: by the fewest days past due seen in each (bucket edges are a transform policy). */
    private static List<String> bucketOrder(Table data) {
        StringColumn bucket = data.stringColumn("bucket");
        LongColumn days = data.longColumn("days_past_due");
        Map<String, Long> least = new HashMap<>();
        for (int i = 0; i < data.rowCount(); i++) {
            least.merge(bucket.get(i), days.getLong(i), Math::min);
        }
        return least.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey).toList();
    }

    /** gold.dso_month in [from, to], oldest first, every column (reporting currency at each month's rates). */
    public FinanceResponses.MonthRows dso(GoldSnapshot snapshot, Optional<YearMonth> from, Optional<YearMonth> to) {
        LoadedTable loaded = snapshot.require(Tables.DSO_MONTH);
        StringColumn month = loaded.data().stringColumn("month");
        List<Integer> selected = GoldRows.where(loaded.data(), i -> inRange(month.get(i), from, to));
        selected.sort(Comparator.comparing(month::get));
        return monthRows(snapshot, loaded, from, to, month, selected, GoldRows.rows(loaded.data(), loaded.table(), selected));
    }

    /** gold.bookings_month in [from, to], oldest first, types in the order new, expansion, renewal. */
    public FinanceResponses.MonthRows bookings(GoldSnapshot snapshot, Optional<YearMonth> from, Optional<YearMonth> to) {
        LoadedTable loaded = snapshot.require(Tables.BOOKINGS_MONTH);
        StringColumn month = loaded.data().stringColumn("month");
        StringColumn type = loaded.data().stringColumn("booking_type");
        List<String> types = List.of("new", "expansion", "renewal");
        List<Integer> selected = GoldRows.where(loaded.data(), i -> inRange(month.get(i), from, to));
        selected.sort(Comparator.comparing(month::get).thenComparingInt(i -> {
            int t = types.indexOf(type.get(i));
            return t < 0 ? types.size() : t;
        }).thenComparing(type::get));
        return monthRows(snapshot, loaded, from, to, month, selected, GoldRows.rows(loaded.data(), loaded.table(), selected));
    }

    /**
     * RPO per month end, Σ over currencies in reporting currency: deferred and unbilled converted at each row's rate
     * (to the cent, half up, like the transform), rpo and crpo as gold.rpo_month has them, and backlog as the part of
     * RPO that is neither, so that {@code rpo = deferred − unbilled + backlog} holds exactly in every row.
     */
    public FinanceResponses.MonthRows rpo(GoldSnapshot snapshot, Optional<YearMonth> from, Optional<YearMonth> to) {
        LoadedTable loaded = snapshot.require(Tables.RPO_MONTH);
        Table data = loaded.data();
        StringColumn month = data.stringColumn("month");
        LongColumn deferred = data.longColumn("deferred");
        LongColumn unbilled = data.longColumn("unbilled");
        LongColumn rpo = data.longColumn("rpo_reporting");
        LongColumn crpo = data.longColumn("crpo_reporting");
        LongColumn fx = data.longColumn("fx_rate");
        TreeMap<String, long[]> byMonth = new TreeMap<>();
        Map<String, Set<String>> currencies = new HashMap<>();
        StringColumn currency = data.stringColumn("currency");
        for (int i = 0; i < data.rowCount(); i++) {
            if (!inRange(month.get(i), from, to)) {
                continue;
            }
            long[] sums = byMonth.computeIfAbsent(month.get(i), m -> new long[4]);
            sums[0] += convert(cents(deferred, i), rate(fx, i));
            sums[1] += convert(cents(unbilled, i), rate(fx, i));
            sums[2] += cents(rpo, i);
            sums[3] += cents(crpo, i);
            currencies.computeIfAbsent(month.get(i), m -> new TreeSet<>()).add(currency.get(i));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        byMonth.forEach((m, s) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("month", m);
            row.put("deferred_reporting", money(s[0]));
            row.put("unbilled_reporting", money(s[1]));
            row.put("backlog_reporting", money(s[2] - s[0] + s[1]));
            row.put("rpo_reporting", money(s[2]));
            row.put("crpo_reporting", money(s[3]));
            row.put("non_current_rpo_reporting", money(s[2] - s[3]));
            row.put("currencies", String.join(";", currencies.get(m)));
            rows.add(row);
        });
        return new FinanceResponses.MonthRows(loaded.table().qualifiedName(), reportingCurrency,
                first(rows, from), last(rows, to), versions(snapshot, Tables.RPO_MONTH), rows);
    }

    // ---- revenue recognition ----

    /**
     * The deferred revenue roll-forward per month, Σ over currencies in reporting currency. Opening balances are the
     * previous month's closing balances as reported then (at that month's rate); the change of rate between the two
     * month ends is the {@code fx_translation} line, so each row ties exactly. The first month of a currency opens
     * at its own month's rate.
     */
    public FinanceResponses.DeferredRevenue deferredRevenue(GoldSnapshot snapshot, Optional<YearMonth> from,
                                                           Optional<YearMonth> to) {
        LoadedTable loaded = snapshot.require(Tables.DEFERRED_REVENUE);
        Table data = loaded.data();
        StringColumn month = data.stringColumn("month");
        StringColumn currency = data.stringColumn("currency");
        LongColumn opening = data.longColumn("opening");
        LongColumn openingUnbilled = data.longColumn("opening_unbilled");
        LongColumn billings = data.longColumn("billings");
        LongColumn recognized = data.longColumn("recognized");
        LongColumn closing = data.longColumn("closing");
        LongColumn closingUnbilled = data.longColumn("closing_unbilled");
        LongColumn fx = data.longColumn("fx_rate");
        LongColumn billingsReporting = data.longColumn("billings_reporting");
        LongColumn recognizedReporting = data.longColumn("recognized_reporting");
        LongColumn closingReporting = data.longColumn("closing_reporting");
        LongColumn closingUnbilledReporting = data.longColumn("closing_unbilled_reporting");
        List<Integer> all = GoldRows.where(data, i -> true);
        all.sort(Comparator.comparing(month::get).thenComparing(currency::get));

        Map<String, long[]> lastClosing = new HashMap<>(); // currency → {closing_rep, closing_unbilled_rep}
        TreeMap<String, long[]> byMonth = new TreeMap<>();
        List<Integer> shown = new ArrayList<>();
        for (int i : all) {
            long[] previous = lastClosing.get(currency.get(i));
            long openRep = previous != null ? previous[0] : convert(cents(opening, i), rate(fx, i));
            long openUnbilledRep = previous != null ? previous[1] : convert(cents(openingUnbilled, i), rate(fx, i));
            long closeRep = cents(closingReporting, i);
            long closeUnbilledRep = cents(closingUnbilledReporting, i);
            lastClosing.put(currency.get(i), new long[] {closeRep, closeUnbilledRep});
            if (!inRange(month.get(i), from, to)) {
                continue;
            }
            shown.add(i);
            long bill = cents(billingsReporting, i);
            long rec = cents(recognizedReporting, i);
            long translation = (closeRep - closeUnbilledRep) - (openRep - openUnbilledRep + bill - rec);
            long[] s = byMonth.computeIfAbsent(month.get(i), m -> new long[7]);
            s[0] += openRep;
            s[1] += openUnbilledRep;
            s[2] += bill;
            s[3] += rec;
            s[4] += translation;
            s[5] += closeRep;
            s[6] += closeUnbilledRep;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        byMonth.forEach((m, s) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("month", m);
            row.put("opening", money(s[0]));
            row.put("opening_unbilled", money(s[1]));
            row.put("billings", money(s[2]));
            row.put("recognized", money(s[3]));
            row.put("fx_translation", money(s[4]));
            row.put("closing", money(s[5]));
            row.put("closing_unbilled", money(s[6]));
            row.put("net_contract_liability", money(s[5] - s[6]));
            rows.add(row);
        });
        List<Map<String, Object>> byCurrency = GoldRows.rows(data, loaded.table(), shown, List.of("month", "currency",
                "opening", "opening_unbilled", "billings", "recognized", "closing", "closing_unbilled", "fx_rate"));
        return new FinanceResponses.DeferredRevenue(reportingCurrency, first(rows, from), last(rows, to),
                versions(snapshot, Tables.DEFERRED_REVENUE), byCurrency, rows);
    }

    /**
     * The revenue waterfall in reporting currency, Σ over currencies. Billing rows come from gold.revenue_waterfall
     * (the transform's default policy); booking rows are derived from gold.revenue_schedule: contract revenue goes to
     * the month the contract was booked (gold.bookings), revenue of invoices without a contract to the invoice's
     * month (silver.invoices). Row months are filtered by [from, to]; the 'unbilled' row is always kept.
     */
    public FinanceResponses.Waterfall waterfall(GoldSnapshot snapshot, String rowsBy, Optional<YearMonth> from,
                                                Optional<YearMonth> to) {
        Map<String, Map<String, long[]>> cells = new TreeMap<>(WATERFALL_ORDER); // row → column → {amount, recognised}
        String asOfMonth = null;
        List<TableDef> tables;
        if (rowsBy.equals("booking")) {
            tables = List.of(Tables.REVENUE_SCHEDULE, Tables.BOOKINGS);
            Table schedule = snapshot.require(Tables.REVENUE_SCHEDULE).data();
            Table bookings = snapshot.require(Tables.BOOKINGS).data();
            Map<String, String> bookedMonth = new HashMap<>();
            for (int i = 0; i < bookings.rowCount(); i++) {
                if (bookings.stringColumn("source").get(i).equals("contract")) {
                    bookedMonth.put(bookings.stringColumn("booking_id").get(i), bookings.stringColumn("month").get(i));
                }
            }
            StringColumn source = schedule.stringColumn("source");
            StringColumn contract = schedule.stringColumn("contract_id");
            Set<String> invoices = new TreeSet<>();
            for (int i = 0; i < schedule.rowCount(); i++) {
                if (source.get(i).equals("invoice")) {
                    invoices.add(contract.get(i));
                }
            }
            Map<String, String> invoiceMonth = invoices.isEmpty() ? Map.of() : invoiceMonths.apply(invoices);
            StringColumn month = schedule.stringColumn("month");
            LongColumn amount = schedule.longColumn("recognized_reporting");
            BooleanColumn recognised = schedule.booleanColumn("is_recognized");
            for (int i = 0; i < schedule.rowCount(); i++) {
                String row = source.get(i).equals("contract") ? bookedMonth.getOrDefault(contract.get(i), "unbooked")
                        : invoiceMonth.getOrDefault(contract.get(i), "unbooked");
                boolean isRecognised = Boolean.TRUE.equals(recognised.get(i));
                add(cells, row, month.get(i), cents(amount, i), isRecognised);
                if (isRecognised && (asOfMonth == null || month.get(i).compareTo(asOfMonth) > 0)) {
                    asOfMonth = month.get(i);
                }
            }
        } else {
            tables = List.of(Tables.REVENUE_WATERFALL);
            Table data = snapshot.require(Tables.REVENUE_WATERFALL).data();
            StringColumn row = data.stringColumn("row_month");
            StringColumn column = data.stringColumn("recognition_month");
            LongColumn amount = data.longColumn("amount_reporting");
            BooleanColumn recognised = data.booleanColumn("is_recognized");
            for (int i = 0; i < data.rowCount(); i++) {
                boolean isRecognised = Boolean.TRUE.equals(recognised.get(i));
                add(cells, row.get(i), column.get(i), cents(amount, i), isRecognised);
                if (isRecognised && !column.get(i).equals(UNSCHEDULED)
                        && (asOfMonth == null || column.get(i).compareTo(asOfMonth) > 0)) {
                    asOfMonth = column.get(i);
                }
            }
        }
        TreeSet<String> columns = new TreeSet<>(WATERFALL_ORDER);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> totals = new ArrayList<>();
        for (Map.Entry<String, Map<String, long[]>> r : cells.entrySet()) {
            String rowMonth = r.getKey();
            boolean isMonth = rowMonth.matches("\\d{4}-\\d{2}");
            if (isMonth && !inRange(rowMonth, from, to)) {
                continue;
            }
            long total = 0;
            long toDate = 0;
            Map<String, long[]> byColumn = new TreeMap<>(WATERFALL_ORDER);
            byColumn.putAll(r.getValue());
            for (Map.Entry<String, long[]> c : byColumn.entrySet()) {
                columns.add(c.getKey());
                Map<String, Object> cell = new LinkedHashMap<>();
                cell.put("row_month", rowMonth);
                cell.put("recognition_month", c.getKey());
                cell.put("amount_reporting", money(c.getValue()[0]));
                cell.put("is_recognized", c.getValue()[1] != 0);
                rows.add(cell);
                total += c.getValue()[0];
                toDate += c.getValue()[1] != 0 ? c.getValue()[0] : 0;
            }
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("row_month", rowMonth);
            t.put("total", money(total));
            t.put("recognized_to_date", money(toDate));
            t.put("remaining", money(total - toDate));
            totals.add(t);
        }
        return new FinanceResponses.Waterfall(rowsBy, reportingCurrency, asOfMonth, List.copyOf(columns), totals,
                MetricsService.versions(tables, snapshot), rows);
    }

    /** Months first in time order, then the special rows/columns ('unbilled', 'unbooked', 'unscheduled'). */
    private static final Comparator<String> WATERFALL_ORDER = Comparator
            .<String>comparingInt(s -> s.matches("\\d{4}-\\d{2}") ? 0 : 1).thenComparing(Comparator.naturalOrder());

    private static void add(Map<String, Map<String, long[]>> cells, String row, String column, long amount,
                            boolean recognised) {
        long[] cell = cells.computeIfAbsent(row, r -> new TreeMap<>(WATERFALL_ORDER)).computeIfAbsent(column,
                c -> new long[2]);
        cell[0] += amount;
        if (recognised) {
            cell[1] = 1;
        }
    }

    // ---- helpers ----

    private FinanceResponses.MonthRows monthRows(GoldSnapshot snapshot, LoadedTable loaded, Optional<YearMonth> from,
                                                 Optional<YearMonth> to, StringColumn month, List<Integer> selected,
                                                 List<Map<String, Object>> rows) {
        String lo = from.map(YearMonth::toString).orElse(selected.isEmpty() ? null : month.get(selected.get(0)));
        String hi = to.map(YearMonth::toString).orElse(selected.isEmpty() ? null
                : month.get(selected.get(selected.size() - 1)));
        return new FinanceResponses.MonthRows(loaded.table().qualifiedName(), reportingCurrency, lo, hi,
                versions(snapshot, loaded.table()), rows);
    }

    private static String first(List<Map<String, Object>> rows, Optional<YearMonth> from) {
        return from.map(YearMonth::toString).orElse(rows.isEmpty() ? null : (String) rows.get(0).get("month"));
    }

    private static String last(List<Map<String, Object>> rows, Optional<YearMonth> to) {
        return to.map(YearMonth::toString).orElse(rows.isEmpty() ? null
                : (String) rows.get(rows.size() - 1).get("month"));
    }

    static Map<String, Long> versions(GoldSnapshot snapshot, TableDef table) {
        return MetricsService.versions(List.of(table), snapshot);
    }
}
