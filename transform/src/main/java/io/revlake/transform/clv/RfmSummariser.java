package io.revlake.transform.clv;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Builds {@link RfmObservation}s from a transaction log, with the conventions of Fader, Hardie &amp; Lee (2005) on the
 * CDNOW data:
 * <ul>
 * <li>only transactions on or before {@code calibrationEnd} count;</li>
 * <li>all purchases of a customer on one calendar day are one transaction, whose value is their sum;</li>
 * <li>the customer's first transaction starts her clock and is not a repeat transaction;</li>
 * <li>x = number of later transaction days, t<sub>x</sub> = days from the first to the last of them, T = days from the
 * first transaction to {@code calibrationEnd}, both divided by {@code daysPerTimeUnit} (7 for weeks);</li>
 * <li>z̄ = mean value of the x repeat transactions (0 when x = 0).</li>
 * </ul>
 * A customer whose first transaction is after {@code calibrationEnd} is left out.
 */
public final class RfmSummariser {
    private RfmSummariser() {
    }

    /** One purchase. */
    public record Transaction(String customerId, LocalDate date, double amount) {
    }

    /** @return the customers' summaries, by customer id */
    public static SortedMap<String, RfmObservation> summarise(Collection<Transaction> transactions,
                                                              LocalDate calibrationEnd, double daysPerTimeUnit) {
        if (!(daysPerTimeUnit > 0)) {
            throw new IllegalArgumentException("daysPerTimeUnit must be > 0: " + daysPerTimeUnit);
        }
        Map<String, TreeMap<LocalDate, Double>> days = new TreeMap<>();
        for (Transaction t : transactions) {
            if (!t.date().isAfter(calibrationEnd)) {
                days.computeIfAbsent(t.customerId(), k -> new TreeMap<>()).merge(t.date(), t.amount(), Double::sum);
            }
        }
        SortedMap<String, RfmObservation> out = new TreeMap<>();
        days.forEach((id, byDay) -> {
            LocalDate first = byDay.firstKey();
            int x = byDay.size() - 1;
            double repeatSum = 0;
            for (Map.Entry<LocalDate, Double> e : byDay.tailMap(first, false).entrySet()) {
                repeatSum += e.getValue();
            }
            double recency = ChronoUnit.DAYS.between(first, byDay.lastKey()) / daysPerTimeUnit;
            double age = ChronoUnit.DAYS.between(first, calibrationEnd) / daysPerTimeUnit;
            out.put(id, new RfmObservation(x, recency, age, x == 0 ? 0 : repeatSum / x));
        });
        return out;
    }
}
