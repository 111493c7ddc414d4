package io.revlake.transform.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.revlake.transform.finance.Dso.MonthBillings;
import io.revlake.transform.recurring.FxTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class DsoTest {
    static BigDecimal m(String v) {
        return new BigDecimal(v);
    }

    @Test
    void countback_on_a_growing_series_walks_back_through_the_latest_months() {
        // billings January 100 (31 d), February 200 (29 d), March 300 (31 d), April 400 (30 d); AR end of April 550.
        // Countback: 550 ≥ 400 → 150 left, 30 days; 150 < 300 → 150/300 × 31 = 15.5 days → 45.5 days.
        // Simple DSO: 550 / 400 × 30 = 41.25 days.
        List<MonthBillings> newestFirst = List.of(new MonthBillings(m("400"), 30), new MonthBillings(m("300"), 31),
                new MonthBillings(m("200"), 29), new MonthBillings(m("100"), 31));
        assertThat(Dso.countback(m("550"), newestFirst)).isEqualTo(45.5);
        assertThat(Dso.simple(m("550"), m("400"), 30)).isEqualTo(41.25);
    }

    @Test
    void countback_on_a_seasonal_series_is_not_fooled_by_a_quiet_month() {
        // October 1,000 (31 d), November 1,500 (30 d), December 3,000 (31 d), January 500 (31 d); AR end of January
        // 2,000. Countback: 2,000 ≥ 500 → 1,500 left, 31 days; 1,500 < 3,000 → 1,500/3,000 × 31 = 15.5 → 46.5 days.
        // Simple DSO: 2,000 / 500 × 31 = 124 days, because January billed little after a big December.
        List<MonthBillings> newestFirst = List.of(new MonthBillings(m("500"), 31), new MonthBillings(m("3000"), 31),
                new MonthBillings(m("1500"), 30), new MonthBillings(m("1000"), 31));
        assertThat(Dso.countback(m("2000"), newestFirst)).isEqualTo(46.5);
        assertThat(Dso.simple(m("2000"), m("500"), 31)).isEqualTo(124.0);
    }

    @Test
    void countback_stops_when_ar_is_used_up_exactly_and_counts_months_without_billings() {
        // AR 700 = March 400 (31 d) + February 0 (29 d, a whole month with nothing billed) + January 300 (31 d)
        assertThat(Dso.countback(m("700"), List.of(new MonthBillings(m("400"), 31), new MonthBillings(m("0"), 29),
                new MonthBillings(m("300"), 31), new MonthBillings(m("999"), 31)))).isEqualTo(91.0);
        assertThat(Dso.countback(m("0"), List.of(new MonthBillings(m("0"), 31)))).isEqualTo(0.0);
    }

    @Test
    void simple_dso_is_null_without_billings_and_cei_is_collected_over_collectible() {
        assertThat(Dso.simple(m("100"), BigDecimal.ZERO, 31)).isNull();
        // AR start 1,000, billings 500, AR end 900 of which 300 not yet due: (1,000 + 500 − 900) /
        // (1,000 + 500 − 300) × 100 = 600 / 1,200 × 100 = 50 %
        assertThat(Dso.cei(m("1000"), m("500"), m("900"), m("300"))).isEqualTo(50.0);
        assertThat(Dso.cei(m("0"), m("0"), m("0"), m("0"))).isNull();
    }

    @Test
    void monthly_rows_convert_every_amount_at_the_months_own_rate() {
        // EUR only; rates 1.00 at 01-31 and 2.00 at 02-29. January: billed 100, AR end 100 (all current).
        // February: billed 50, AR end 150 (100 overdue). At February's rate: AR start 100 × 2 = 200, billings 100,
        // AR end 300, current 100; countback 300 − 100 = 200 (29 d), 200 ≥ January 100 × 2 = 200 → 0 left, 31 d → 60.
        FxTable fx = new FxTable("USD").put("EUR", LocalDate.of(2024, 1, 31), m("1.00"))
                .put("EUR", LocalDate.of(2024, 2, 29), m("2.00"));
        BigDecimal z = BigDecimal.ZERO;
        List<Receivables.MonthFlows> flows = List.of(
                new Receivables.MonthFlows(YearMonth.of(2024, 1), LocalDate.of(2024, 1, 31), "EUR", m("100"), m("100"),
                        m("100"), m("100"), z, z, z, z, z),
                new Receivables.MonthFlows(YearMonth.of(2024, 2), LocalDate.of(2024, 2, 29), "EUR", m("150"), m("50"),
                        m("50"), m("50"), z, z, z, z, z));
        List<Dso.DsoMonth> rows = Dso.months(flows, List.of(LocalDate.of(2024, 1, 31), LocalDate.of(2024, 2, 29)), fx);
        Dso.DsoMonth feb = rows.get(1);
        assertThat(feb.arStart()).isEqualByComparingTo("200.00");
        assertThat(feb.billings()).isEqualByComparingTo("100.00");
        assertThat(feb.arEnd()).isEqualByComparingTo("300.00");
        assertThat(feb.currentArEnd()).isEqualByComparingTo("100.00");
        assertThat(feb.dsoSimple()).isEqualTo(87.0);                 // 300 / 100 × 29
        assertThat(feb.dsoCountback()).isEqualTo(60.0);
        assertThat(feb.cei()).isCloseTo(0.0, within(1e-12));         // (200 + 100 − 300) / (200 + 100 − 100)
        assertThat(rows.get(0).arStart()).isEqualByComparingTo("0");
    }
}
