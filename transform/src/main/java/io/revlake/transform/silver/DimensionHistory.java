package io.revlake.transform.silver;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A customer's dimension history (silver.customer_dimension_history) from every version of its customer record.
 *
 * <p>A version takes effect in the month of its {@code updated_at} (UTC): dimensions are read at month ends, like
 * MRR, so the last version of a month is the month's value. The earliest period applies from the customer's first
 * month (its {@code validFrom} is empty): there is nothing before it to compare with, and a customer must have a
 * segment in every month it pays. A version without {@code updated_at} has no date and counts as earlier than every
 * dated version (silver orders versions the same way, so the current period is silver.customers' row).
 */
public final class DimensionHistory {
    private DimensionHistory() {
    }

    /** The dimensions that have history. */
    public record Dims(String segment, String region, String channel, String country) {
        public static final Dims NONE = new Dims(null, null, null, null);
    }

    /**
     * One version of a customer record, in precedence order.
     *
     * @param updatedAt when the source changed the record; null when unknown
     * @param lineage   anything identifying the row (kept with the period it opens)
     */
    public record Version<L>(Instant updatedAt, Dims dims, L lineage) {
    }

    /**
     * @param period    1-based number of the period
     * @param validFrom first month the values apply to; null for the first period (from the customer's first month)
     * @param validTo   first month they no longer apply to (exclusive); null for the current period
     * @param opened    the version that opened the period
     */
    public record Period<L>(int period, YearMonth validFrom, YearMonth validTo, Dims dims, Version<L> opened) {
    }

    /** @param versions every version of one customer, oldest first (ties broken as silver breaks them) */
    public static <L> List<Period<L>> periods(List<Version<L>> versions) {
        // (month it takes effect, version) with the last version of each month winning.
        List<YearMonth> months = new ArrayList<>();
        List<Version<L>> winners = new ArrayList<>();
        for (Version<L> v : versions) {
            YearMonth m = v.updatedAt() == null ? null : YearMonth.from(v.updatedAt().atOffset(ZoneOffset.UTC));
            int last = months.size() - 1;
            if (last >= 0 && Objects.equals(months.get(last), m)) {
                winners.set(last, v);
            } else {
                months.add(m);
                winners.add(v);
            }
        }
        // Consecutive versions with the same dimensions are one period (a name change is not a move).
        List<YearMonth> froms = new ArrayList<>();
        List<Version<L>> openers = new ArrayList<>();
        for (int i = 0; i < winners.size(); i++) {
            Version<L> v = winners.get(i);
            if (!openers.isEmpty() && openers.get(openers.size() - 1).dims().equals(v.dims())) {
                continue;
            }
            froms.add(openers.isEmpty() ? null : months.get(i));
            openers.add(v);
        }
        List<Period<L>> out = new ArrayList<>();
        for (int i = 0; i < openers.size(); i++) {
            YearMonth to = i + 1 < froms.size() ? froms.get(i + 1) : null;
            out.add(new Period<>(i + 1, froms.get(i), to, openers.get(i).dims(), openers.get(i)));
        }
        return out;
    }
}
