package io.revlake.sample;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Recomputes the MRR truth from the extract files alone, straight from METRICS.md, sharing no code with the
 * generator. Rows come out as CSV lines, comparable to the generator's truth files.
 */
final class IndependentTruth {
    /** How an item's per-interval amount is normalised to a month. */
    enum Division {
        /** One division at scale 12 (what the project's rules say). */
        SINGLE_SCALE_12,
        /** One division at scale 30. */
        SINGLE_SCALE_30,
        /** ÷12 then ÷count (or ×52 after ÷12), each at scale 12: a plausible but sloppier implementation. */
        CHAINED_SCALE_12
    }

    record Result(List<String> mrrRows, List<String> movementRows, YearMonth base) {
    }

    private record Item(String customer, LocalDate start, LocalDate end, String interval, long count, BigDecimal qty,
                        BigDecimal unit, BigDecimal pct, BigDecimal amount, LocalDate discountEnd, String currency,
                        LocalDate trialEnd) {
    }

    static Result compute(Path dir, YearMonth start, int months, Division division) {
        TreeMap<String, List<Item>> byCustomer = new TreeMap<>();
        for (Map<String, String> r : Extract.read(dir, "subscription_items.csv").rows()) {
            Item it = new Item(r.get("customer_id"), LocalDate.parse(r.get("start_date")), date(r.get("end_date")),
                    r.get("billing_interval"), Long.parseLong(r.get("interval_count")), new BigDecimal(r.get("quantity")),
                    new BigDecimal(r.get("unit_amount")), decimal(r.get("discount_pct")), decimal(r.get("discount_amount")),
                    date(r.get("discount_end")), r.get("currency"), date(r.get("trial_end")));
            byCustomer.computeIfAbsent(it.customer(), k -> new ArrayList<>()).add(it);
        }
        Map<String, TreeMap<LocalDate, BigDecimal>> fx = new TreeMap<>();
        for (Map<String, String> r : Extract.read(dir, "fx_rates.csv").rows()) {
            fx.computeIfAbsent(r.get("currency"), k -> new TreeMap<>())
                    .put(LocalDate.parse(r.get("date")), new BigDecimal(r.get("rate_to_reporting")));
        }

        // exact MRR per customer and month
        Map<String, BigDecimal[]> exact = new TreeMap<>();
        Map<String, String> currency = new TreeMap<>();
        int base = -1;
        for (var e : byCustomer.entrySet()) {
            BigDecimal[] perMonth = new BigDecimal[months];
            for (int m = 0; m < months; m++) {
                LocalDate last = start.plusMonths(m).atEndOfMonth();
                BigDecimal sum = BigDecimal.ZERO;
                for (Item it : e.getValue()) {
                    boolean active = !it.start().isAfter(last) && (it.end() == null || it.end().isAfter(last));
                    boolean trialing = it.trialEnd() != null && it.trialEnd().isAfter(last);
                    if (!active || trialing) {
                        continue;
                    }
                    BigDecimal net = it.unit().multiply(it.qty());
                    if (it.discountEnd() == null || it.discountEnd().isAfter(last)) {
                        net = net.multiply(BigDecimal.ONE.subtract(it.pct().movePointLeft(2))).subtract(it.amount());
                    }
                    if (net.signum() > 0) {
                        sum = sum.add(monthly(net, it.interval(), it.count(), division));
                        currency.put(e.getKey(), it.currency());
                    }
                }
                perMonth[m] = sum;
                if (sum.signum() > 0 && (base < 0 || m < base)) {
                    base = m;
                }
            }
            exact.put(e.getKey(), perMonth);
        }

        List<String> mrrRows = new ArrayList<>();
        List<String> moveRows = new ArrayList<>();
        for (var e : exact.entrySet()) {
            String c = e.getKey();
            String ccy = currency.get(c);
            BigDecimal prevRep = BigDecimal.ZERO.setScale(2);
            BigDecimal prevConst = BigDecimal.ZERO.setScale(2);
            boolean paidBefore = false;
            for (int m = 0; m < months; m++) {
                BigDecimal x = e.getValue()[m];
                BigDecimal rep = BigDecimal.ZERO.setScale(2);
                BigDecimal cst = BigDecimal.ZERO.setScale(2);
                String month = start.plusMonths(m).toString();
                if (x.signum() > 0) {
                    LocalDate last = start.plusMonths(m).atEndOfMonth();
                    rep = cents(x.multiply(rate(fx, ccy, last)));
                    cst = cents(x.multiply(rate(fx, ccy, start.plusMonths(base).atEndOfMonth())));
                    mrrRows.add(String.join(",", month, c, ccy, cents(x).toPlainString(), rep.toPlainString(),
                            cst.toPlainString()));
                }
                int p = prevConst.signum();
                if (p == 0 && cst.signum() > 0) {
                    moveRows.add(String.join(",", month, c, paidBefore ? "reactivation" : "new", cst.toPlainString()));
                } else if (p > 0 && cst.signum() == 0) {
                    moveRows.add(String.join(",", month, c, "churn", prevConst.negate().toPlainString()));
                } else if (p > 0 && cst.compareTo(prevConst) != 0) {
                    moveRows.add(String.join(",", month, c, cst.compareTo(prevConst) > 0 ? "expansion" : "contraction",
                            cst.subtract(prevConst).toPlainString()));
                }
                BigDecimal fxMove = rep.subtract(prevRep).subtract(cst.subtract(prevConst));
                if (fxMove.signum() != 0) {
                    moveRows.add(String.join(",", month, c, "fx", fxMove.toPlainString()));
                }
                paidBefore |= cst.signum() > 0;
                prevRep = rep;
                prevConst = cst;
            }
        }
        return new Result(mrrRows, moveRows, base < 0 ? null : start.plusMonths(base));
    }

    private static BigDecimal monthly(BigDecimal net, String interval, long count, Division division) {
        int scale = division == Division.SINGLE_SCALE_30 ? 30 : 12;
        BigDecimal c = BigDecimal.valueOf(count);
        if (division == Division.CHAINED_SCALE_12) {
            return switch (interval) {
                case "week" -> net.divide(BigDecimal.valueOf(12), 12, RoundingMode.HALF_EVEN).multiply(BigDecimal.valueOf(52))
                        .divide(c, 12, RoundingMode.HALF_EVEN);
                case "month" -> net.divide(c, 12, RoundingMode.HALF_EVEN);
                case "quarter" -> net.divide(BigDecimal.valueOf(3), 12, RoundingMode.HALF_EVEN).divide(c, 12, RoundingMode.HALF_EVEN);
                case "year" -> net.divide(BigDecimal.valueOf(12), 12, RoundingMode.HALF_EVEN).divide(c, 12, RoundingMode.HALF_EVEN);
                default -> throw new IllegalArgumentException(interval);
            };
        }
        return switch (interval) {
            case "week" -> net.multiply(BigDecimal.valueOf(52)).divide(BigDecimal.valueOf(12).multiply(c), scale, RoundingMode.HALF_EVEN);
            case "month" -> net.divide(c, scale, RoundingMode.HALF_EVEN);
            case "quarter" -> net.divide(BigDecimal.valueOf(3).multiply(c), scale, RoundingMode.HALF_EVEN);
            case "year" -> net.divide(BigDecimal.valueOf(12).multiply(c), scale, RoundingMode.HALF_EVEN);
            default -> throw new IllegalArgumentException(interval);
        };
    }

    private static BigDecimal rate(Map<String, TreeMap<LocalDate, BigDecimal>> fx, String ccy, LocalDate day) {
        if (ccy.equals("USD")) {
            return BigDecimal.ONE;
        }
        return fx.get(ccy).floorEntry(day).getValue();
    }

    private static BigDecimal cents(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP);
    }

    private static LocalDate date(String s) {
        return s == null || s.isEmpty() ? null : LocalDate.parse(s);
    }

    private static BigDecimal decimal(String s) {
        return s == null || s.isEmpty() ? BigDecimal.ZERO : new BigDecimal(s);
    }
}
