package io.revlake.api.close;

import io.revlake.api.gold.ColumnCodec;
import io.revlake.api.gold.LoadedTable;
import io.revlake.catalog.Column;
import io.revlake.catalog.TableDef;
import io.revlake.catalog.Tables;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The accounting identities a close requires (METRICS.md), run on the gold tables as they would be frozen, for every
 * month up to and including the period. Plain functions over loaded tables: no I/O. Each check returns every
 * violation as a sentence naming the month (and currency) and both sides of the identity.
 *
 * <p>The transform runs the same identities before it publishes; running them again at close catches tables written
 * by different runs (a stage re-run alone), by hand, or damaged since.
 */
public final class CloseChecks {
    static final List<String> MOVEMENTS = List.of("new", "reactivation", "expansion", "contraction", "churn", "fx");
    /** Moves between dimension values (a segment change): not in the company bridge, and they cancel company-wide. */
    static final List<String> MOVES = List.of("entering", "leaving");

    private CloseChecks() {
    }

    /**
     * @param tables the loaded gold tables by qualified name; gold.mrr_summary must be among them
     */
    public static List<CloseCheck> run(YearMonth period, Map<String, LoadedTable> tables) {
        LoadedTable summary = tables.get(Tables.MRR_SUMMARY.qualifiedName());
        LoadedTable customers = tables.get(Tables.MRR_CUSTOMER_MONTH.qualifiedName());
        LoadedTable movements = tables.get(Tables.MRR_MOVEMENTS.qualifiedName());
        LoadedTable deferred = tables.get(Tables.DEFERRED_REVENUE.qualifiedName());
        LoadedTable rpo = tables.get(Tables.RPO_MONTH.qualifiedName());
        String p = period.toString();
        Map<String, Integer> summaryRows = new TreeMap<>();
        for (int r = 0; r < summary.rowCount(); r++) {
            summaryRows.put(text(summary, "month", r), r);
        }
        List<CloseCheck> checks = new ArrayList<>();
        checks.add(periodInGold(period, summaryRows.keySet()));
        checks.add(bridge(summary, summaryRows, p));
        checks.add(arr(summary, summaryRows, p));
        checks.add(customerSums(summary, summaryRows, customers, p));
        checks.add(movementSums(summary, summaryRows, movements, p));
        checks.add(deferredRollForward(deferred, p));
        checks.add(rpoIdentity(rpo, deferred, p));
        return checks;
    }

    private static CloseCheck periodInGold(YearMonth period, java.util.Set<String> months) {
        String name = "period_in_gold";
        String description = "gold.mrr_summary has a row for the period (the transform has run past its end)";
        List<String> failures = new ArrayList<>();
        if (!months.contains(period.toString())) {
            TreeSet<String> sorted = new TreeSet<>(months);
            String range = sorted.isEmpty() ? "it has no rows"
                    : "its months run from " + sorted.first() + " to " + sorted.last();
            failures.add("gold.mrr_summary has no row for " + period + " (" + range + "); run ./revlake transform"
                    + " --as-of " + period.atEndOfMonth() + " (or later) first");
        }
        return CloseCheck.of(name, description, failures);
    }

    /** previous MRR + new + reactivation + expansion + contraction + churn + fx = MRR (contraction, churn negative). */
    private static CloseCheck bridge(LoadedTable summary, Map<String, Integer> rows, String period) {
        List<String> failures = new ArrayList<>();
        BigDecimal previous = BigDecimal.ZERO;
        for (Map.Entry<String, Integer> e : rows.entrySet()) {
            if (e.getKey().compareTo(period) > 0) {
                break;
            }
            int r = e.getValue();
            BigDecimal expected = previous;
            StringBuilder terms = new StringBuilder("start " + previous.toPlainString());
            for (String m : MOVEMENTS) {
                BigDecimal v = money(summary, m, r);
                expected = expected.add(v);
                terms.append(" + ").append(m).append(' ').append(v.toPlainString());
            }
            BigDecimal mrr = money(summary, "mrr", r);
            if (expected.compareTo(mrr) != 0) {
                failures.add(e.getKey() + ": " + terms + " = " + expected.toPlainString() + " but mrr is "
                        + mrr.toPlainString());
            }
            previous = mrr;
        }
        return CloseCheck.of("mrr_bridge", "gold.mrr_summary: previous month's mrr + new + reactivation + expansion"
                + " + contraction + churn + fx = mrr (contraction and churn are negative)", failures);
    }

    private static CloseCheck arr(LoadedTable summary, Map<String, Integer> rows, String period) {
        List<String> failures = new ArrayList<>();
        rows.forEach((month, r) -> {
            if (month.compareTo(period) <= 0) {
                BigDecimal mrr = money(summary, "mrr", r);
                BigDecimal arr = money(summary, "arr", r);
                if (arr.compareTo(mrr.multiply(BigDecimal.valueOf(12))) != 0) {
                    failures.add(month + ": arr " + arr.toPlainString() + " is not 12 x mrr " + mrr.toPlainString()
                            + " = " + mrr.multiply(BigDecimal.valueOf(12)).toPlainString());
                }
            }
        });
        return CloseCheck.of("arr_is_12_mrr", "gold.mrr_summary: arr = 12 x mrr", failures);
    }

    /** Σ mrr_customer_month.mrr = mrr_summary.mrr, and the customers with MRR > 0 = paying_customers, per month. */
    private static CloseCheck customerSums(LoadedTable summary, Map<String, Integer> rows, LoadedTable customers,
                                           String period) {
        String name = "customer_mrr_sums_to_summary";
        String description = "Σ gold.mrr_customer_month.mrr = gold.mrr_summary.mrr and the number of customers with"
                + " mrr > 0 = paying_customers, per month";
        if (customers == null) {
            return CloseCheck.skipped(name, description);
        }
        Map<String, BigDecimal> sums = new TreeMap<>();
        Map<String, Long> paying = new TreeMap<>();
        for (int r = 0; r < customers.rowCount(); r++) {
            String month = text(customers, "month", r);
            if (month.compareTo(period) <= 0) {
                BigDecimal mrr = money(customers, "mrr", r);
                sums.merge(month, mrr, BigDecimal::add);
                paying.merge(month, mrr.signum() > 0 ? 1L : 0L, Long::sum);
            }
        }
        TreeSet<String> months = new TreeSet<>(sums.keySet());
        rows.keySet().stream().filter(m -> m.compareTo(period) <= 0).forEach(months::add);
        List<String> failures = new ArrayList<>();
        for (String month : months) {
            Integer r = rows.get(month);
            BigDecimal expected = r == null ? BigDecimal.ZERO : money(summary, "mrr", r);
            BigDecimal actual = sums.getOrDefault(month, BigDecimal.ZERO);
            if (actual.compareTo(expected) != 0) {
                failures.add(month + ": gold.mrr_customer_month sums to " + actual.toPlainString() + " but"
                        + (r == null ? " gold.mrr_summary has no row for the month" : " gold.mrr_summary.mrr is "
                        + expected.toPlainString()));
            }
            long payingNow = paying.getOrDefault(month, 0L);
            long expectedPaying = r == null ? 0 : summary.data().longColumn("paying_customers").getLong(r);
            if (r != null && payingNow != expectedPaying) {
                failures.add(month + ": " + payingNow + " customers have mrr > 0 in gold.mrr_customer_month but"
                        + " gold.mrr_summary.paying_customers is " + expectedPaying);
            }
        }
        return CloseCheck.of(name, description, failures);
    }

    /**
     * Σ mrr_movements.amount per movement = the movement's column of mrr_summary, per month; the entering and leaving
     * rows of customers who moved between dimension values sum to zero per month (each move is a pair).
     */
    private static CloseCheck movementSums(LoadedTable summary, Map<String, Integer> rows, LoadedTable movements,
                                           String period) {
        String name = "movements_sum_to_summary";
        String description = "Σ gold.mrr_movements.amount per movement = the movement's column of gold.mrr_summary,"
                + " and entering + leaving = 0, per month";
        if (movements == null) {
            return CloseCheck.skipped(name, description);
        }
        Map<String, Map<String, BigDecimal>> sums = new TreeMap<>();
        Map<String, BigDecimal> moves = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int r = 0; r < movements.rowCount(); r++) {
            String month = text(movements, "month", r);
            if (month.compareTo(period) > 0) {
                continue;
            }
            String movement = text(movements, "movement", r);
            if (MOVES.contains(movement)) {
                moves.merge(month, money(movements, "amount", r), BigDecimal::add);
                continue;
            }
            if (!MOVEMENTS.contains(movement)) {
                failures.add(month + ": customer " + text(movements, "customer_id", r) + " has movement '" + movement
                        + "', which is not one of " + String.join(", ", MOVEMENTS) + ", " + String.join(", ", MOVES));
                continue;
            }
            sums.computeIfAbsent(month, m -> new TreeMap<>()).merge(movement, money(movements, "amount", r),
                    BigDecimal::add);
        }
        TreeSet<String> months = new TreeSet<>(sums.keySet());
        rows.keySet().stream().filter(m -> m.compareTo(period) <= 0).forEach(months::add);
        for (String month : months) {
            Integer r = rows.get(month);
            for (String movement : MOVEMENTS) {
                BigDecimal actual = sums.getOrDefault(month, Map.of()).getOrDefault(movement, BigDecimal.ZERO);
                BigDecimal expected = r == null ? BigDecimal.ZERO : money(summary, movement, r);
                if (actual.compareTo(expected) != 0) {
                    failures.add(month + ": " + movement + " movements sum to " + actual.toPlainString() + " but"
                            + (r == null ? " gold.mrr_summary has no row for the month"
                            : " gold.mrr_summary." + movement + " is " + expected.toPlainString()));
                }
            }
        }
        moves.forEach((month, net) -> {
            if (net.signum() != 0) {
                failures.add(month + ": entering and leaving movements sum to " + net.toPlainString() + " but each"
                        + " move takes the same mrr out of one value and into another, so they sum to 0.00");
            }
        });
        return CloseCheck.of(name, description, failures);
    }

    /**
     * Per currency: closing − closing_unbilled = opening − opening_unbilled + billings − recognized, and each month
     * opens where the previous one closed (at zero when there is no previous month).
     */
    private static CloseCheck deferredRollForward(LoadedTable deferred, String period) {
        String name = "deferred_revenue_roll_forward";
        String description = "gold.deferred_revenue per currency: (closing - closing_unbilled) = (opening -"
                + " opening_unbilled) + billings - recognized, and opening = previous month's closing";
        if (deferred == null || deferred.rowCount() == 0) {
            return CloseCheck.skipped(name, description);
        }
        Map<String, TreeMap<String, Integer>> byCurrency = new TreeMap<>();
        for (int r = 0; r < deferred.rowCount(); r++) {
            String month = text(deferred, "month", r);
            if (month.compareTo(period) <= 0) {
                byCurrency.computeIfAbsent(text(deferred, "currency", r), c -> new TreeMap<>()).put(month, r);
            }
        }
        List<String> failures = new ArrayList<>();
        byCurrency.forEach((currency, months) -> {
            String previousMonth = null;
            Integer previous = null;
            for (Map.Entry<String, Integer> e : months.entrySet()) {
                int r = e.getValue();
                String where = e.getKey() + " " + currency + ": ";
                BigDecimal opening = money(deferred, "opening", r);
                BigDecimal openingUnbilled = money(deferred, "opening_unbilled", r);
                BigDecimal closing = money(deferred, "closing", r);
                BigDecimal closingUnbilled = money(deferred, "closing_unbilled", r);
                BigDecimal billings = money(deferred, "billings", r);
                BigDecimal recognized = money(deferred, "recognized", r);
                BigDecimal lhs = closing.subtract(closingUnbilled);
                BigDecimal rhs = opening.subtract(openingUnbilled).add(billings).subtract(recognized);
                if (lhs.compareTo(rhs) != 0) {
                    failures.add(where + "opening " + opening.toPlainString() + " - opening_unbilled "
                            + openingUnbilled.toPlainString() + " + billings " + billings.toPlainString()
                            + " - recognized " + recognized.toPlainString() + " = " + rhs.toPlainString()
                            + " but closing " + closing.toPlainString() + " - closing_unbilled "
                            + closingUnbilled.toPlainString() + " = " + lhs.toPlainString());
                }
                boolean contiguous = previousMonth != null
                        && YearMonth.parse(previousMonth).plusMonths(1).toString().equals(e.getKey());
                BigDecimal previousClosing = contiguous ? money(deferred, "closing", previous) : BigDecimal.ZERO;
                BigDecimal previousUnbilled = contiguous ? money(deferred, "closing_unbilled", previous)
                        : BigDecimal.ZERO;
                if (opening.compareTo(previousClosing) != 0 || openingUnbilled.compareTo(previousUnbilled) != 0) {
                    failures.add(where + "opens at " + opening.toPlainString() + " / unbilled "
                            + openingUnbilled.toPlainString() + " but the previous month closed at "
                            + previousClosing.toPlainString() + " / unbilled " + previousUnbilled.toPlainString());
                }
                previousMonth = e.getKey();
                previous = r;
            }
        });
        return CloseCheck.of(name, description, failures);
    }

    /** rpo = deferred − unbilled + backlog, and deferred / unbilled = deferred_revenue's closing balances. */
    private static CloseCheck rpoIdentity(LoadedTable rpo, LoadedTable deferred, String period) {
        String name = "rpo_identity";
        String description = "gold.rpo_month per currency: rpo = deferred - unbilled + backlog, and deferred, unbilled"
                + " = gold.deferred_revenue closing, closing_unbilled";
        if (rpo == null || rpo.rowCount() == 0) {
            return CloseCheck.skipped(name, description);
        }
        Map<String, Integer> deferredRows = new LinkedHashMap<>();
        if (deferred != null) {
            for (int r = 0; r < deferred.rowCount(); r++) {
                deferredRows.put(text(deferred, "month", r) + " " + text(deferred, "currency", r), r);
            }
        }
        List<String> failures = new ArrayList<>();
        TreeMap<String, Integer> rows = new TreeMap<>();
        for (int r = 0; r < rpo.rowCount(); r++) {
            if (text(rpo, "month", r).compareTo(period) <= 0) {
                rows.put(text(rpo, "month", r) + " " + text(rpo, "currency", r), r);
            }
        }
        rows.forEach((where, r) -> {
            BigDecimal d = money(rpo, "deferred", r);
            BigDecimal u = money(rpo, "unbilled", r);
            BigDecimal b = money(rpo, "backlog", r);
            BigDecimal value = money(rpo, "rpo", r);
            BigDecimal expected = d.subtract(u).add(b);
            if (value.compareTo(expected) != 0) {
                failures.add(where + ": deferred " + d.toPlainString() + " - unbilled " + u.toPlainString()
                        + " + backlog " + b.toPlainString() + " = " + expected.toPlainString() + " but rpo is "
                        + value.toPlainString());
            }
            Integer dr = deferredRows.get(where);
            if (dr != null && (d.compareTo(money(deferred, "closing", dr)) != 0
                    || u.compareTo(money(deferred, "closing_unbilled", dr)) != 0)) {
                failures.add(where + ": deferred " + d.toPlainString() + " / unbilled " + u.toPlainString()
                        + " differ from gold.deferred_revenue closing " + money(deferred, "closing", dr).toPlainString()
                        + " / closing_unbilled " + money(deferred, "closing_unbilled", dr).toPlainString());
            }
        });
        return CloseCheck.of(name, description, failures);
    }

    // ---- cells ----

    static String text(LoadedTable table, String column, int row) {
        return table.data().stringColumn(column).get(row);
    }

    /** A money cell as an exact decimal; a missing value counts as zero. */
    static BigDecimal money(LoadedTable table, String column, int row) {
        Column c = column(table.table(), column);
        Object v = ColumnCodec.jsonValue(table.data(), c, row);
        return v == null ? BigDecimal.ZERO : (BigDecimal) v;
    }

    private static Column column(TableDef table, String name) {
        return table.column(name).orElseThrow(() -> new IllegalStateException(table.qualifiedName() + " has no " + name));
    }
}
