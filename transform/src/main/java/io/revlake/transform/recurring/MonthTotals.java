package io.revlake.transform.recurring;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.Map;

/**
 * Aggregates of one month: MRR totals, movement sums and counts, seats and the 12-month retention sums.
 * Input of {@link SummaryCalculator}.
 *
 * @param retentionBase    Σ constant-currency MRR at M−12 of customers paying then
 * @param retentionCurrent Σ of their constant-currency MRR at M
 * @param retentionGross   Σ of min(MRR at M, MRR at M−12) over them
 */
public record MonthTotals(YearMonth month, BigDecimal mrr, BigDecimal mrrConstantCurrency, long payingCustomers,
                          Map<Movement, BigDecimal> movements, long newCustomers, long churnedCustomers,
                          BigDecimal seats, BigDecimal retentionBase, BigDecimal retentionCurrent,
                          BigDecimal retentionGross) {
    public MonthTotals {
        Map<Movement, BigDecimal> copy = new EnumMap<>(Movement.class);
        for (Movement m : Movement.values()) {
            copy.put(m, movements.getOrDefault(m, BigDecimal.ZERO).setScale(2));
        }
        movements = Map.copyOf(copy);
        mrr = mrr.setScale(2);
        mrrConstantCurrency = mrrConstantCurrency.setScale(2);
    }

    /** Totals without seats or 12-month retention data. */
    public MonthTotals(YearMonth month, BigDecimal mrr, BigDecimal mrrConstantCurrency, long payingCustomers,
                       Map<Movement, BigDecimal> movements, long newCustomers, long churnedCustomers) {
        this(month, mrr, mrrConstantCurrency, payingCustomers, movements, newCustomers, churnedCustomers,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    public static MonthTotals empty(YearMonth m) {
        return new MonthTotals(m, BigDecimal.ZERO, BigDecimal.ZERO, 0, Map.of(), 0, 0);
    }

    public BigDecimal movement(Movement m) {
        return movements.get(m);
    }

    public BigDecimal netMovement() {
        return movements.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
