package io.revlake.transform.recurring;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.EnumMap;
import java.util.Map;

/** Aggregates of one month: MRR totals, movement sums and counts. Input of {@link SummaryCalculator}. */
public record MonthTotals(YearMonth month, BigDecimal mrr, BigDecimal mrrConstantCurrency, long payingCustomers,
                          Map<Movement, BigDecimal> movements, long newCustomers, long churnedCustomers) {
    public MonthTotals {
        Map<Movement, BigDecimal> copy = new EnumMap<>(Movement.class);
        for (Movement m : Movement.values()) {
            copy.put(m, movements.getOrDefault(m, BigDecimal.ZERO).setScale(2));
        }
        movements = Map.copyOf(copy);
        mrr = mrr.setScale(2);
        mrrConstantCurrency = mrrConstantCurrency.setScale(2);
    }

    public BigDecimal movement(Movement m) {
        return movements.get(m);
    }

    public BigDecimal netMovement() {
        return movements.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
