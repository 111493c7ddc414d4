package io.revlake.transform.recurring;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Renewal rate by month (METRICS.md "Renewal rate"). A contract is up for renewal in the month of its last service
 * day (end_date − 1, end_date being exclusive). It renewed when the same customer has another contract starting
 * within {@link #GRACE_DAYS} days of its end date, either side (early renewals and short lapses both count).
 */
public final class RenewalCalculator {
    public static final int GRACE_DAYS = 30;

    private RenewalCalculator() {
    }

    /** @param valueReporting transaction price in the reporting currency */
    public record Contract(String contractId, String customerId, LocalDate start, LocalDate end, BigDecimal valueReporting) {
    }

    public record Row(YearMonth month, long contractsUp, long contractsRenewed, Double renewalRateCount,
                      BigDecimal valueUp, BigDecimal valueRenewed, Double renewalRateValue) {
    }

    /** Months up to and including {@code lastMonth}; contracts ending later are not yet up for renewal. */
    public static List<Row> byMonth(List<Contract> contracts, YearMonth lastMonth) {
        Map<String, List<Contract>> byCustomer = contracts.stream().collect(Collectors.groupingBy(Contract::customerId));
        TreeMap<YearMonth, Object[]> acc = new TreeMap<>();
        for (Contract c : contracts) {
            YearMonth month = YearMonth.from(c.end().minusDays(1));
            if (month.isAfter(lastMonth)) {
                continue;
            }
            boolean renewed = byCustomer.get(c.customerId()).stream()
                    .filter(o -> !o.contractId().equals(c.contractId()))
                    .anyMatch(o -> Math.abs(java.time.temporal.ChronoUnit.DAYS.between(c.end(), o.start())) <= GRACE_DAYS);
            Object[] a = acc.computeIfAbsent(month, m -> new Object[] {0L, 0L, BigDecimal.ZERO, BigDecimal.ZERO});
            a[0] = (long) a[0] + 1;
            a[2] = ((BigDecimal) a[2]).add(c.valueReporting());
            if (renewed) {
                a[1] = (long) a[1] + 1;
                a[3] = ((BigDecimal) a[3]).add(c.valueReporting());
            }
        }
        List<Row> rows = new ArrayList<>();
        acc.forEach((m, a) -> {
            long up = (long) a[0];
            long ok = (long) a[1];
            BigDecimal vUp = (BigDecimal) a[2];
            BigDecimal vOk = (BigDecimal) a[3];
            rows.add(new Row(m, up, ok, up == 0 ? null : (double) ok / up, vUp, vOk,
                    vUp.signum() == 0 ? null : vOk.divide(vUp, java.math.MathContext.DECIMAL64).doubleValue()));
        });
        rows.sort(Comparator.comparing(Row::month));
        return rows;
    }
}
