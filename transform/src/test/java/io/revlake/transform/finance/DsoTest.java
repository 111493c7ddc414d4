package io.revlake.transform.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.revlake.transform.finance.Dso.MonthBillings;
import io.revlake.transform.recurring.FxTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
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

    static Receivables.AgingLine line(LocalDate asOf, String invoice, LocalDate due, String currency, String open) {
        long pastDue = java.time.temporal.ChronoUnit.DAYS.between(due, asOf);
        return new Receivables.AgingLine(asOf, "c1", invoice, due.minusDays(30), due, pastDue, currency,
                pastDue <= 0 ? "current" : "1-30", "open", m(open), m(open));
    }

    @Test
    void monthly_rows_convert_every_amount_at_the_months_own_rate() {
        // EUR only; rates 1.00 at 01-31 and 2.00 at 02-29. January: billed 100 (INV1, due 02-15), AR end 100 (all
        // current). February: billed 50 (INV2, due 03-15), AR end 150 (INV1's 100 overdue). At February's rate: AR
        // start 100 × 2 = 200, billings 100, AR end 300, current 100; countback 300 − 100 = 200 (29 d), 200 ≥ January
        // 100 × 2 = 200 → 0 left, 31 d → 60.
        LocalDate jan = LocalDate.of(2024, 1, 31);
        LocalDate feb = LocalDate.of(2024, 2, 29);
        FxTable fx = new FxTable("USD").put("EUR", jan, m("1.00")).put("EUR", feb, m("2.00"));
        BigDecimal z = BigDecimal.ZERO;
        List<Receivables.MonthFlows> flows = List.of(
                new Receivables.MonthFlows(YearMonth.of(2024, 1), jan, "EUR", m("100"), m("100"),
                        m("100"), m("100"), z, z, z, z, z),
                new Receivables.MonthFlows(YearMonth.of(2024, 2), feb, "EUR", m("150"), m("50"),
                        m("50"), m("50"), z, z, z, z, z));
        LocalDate due1 = LocalDate.of(2024, 2, 15);
        List<Receivables.AgingLine> aging = List.of(line(jan, "INV1", due1, "EUR", "100"),
                line(feb, "INV1", due1, "EUR", "100"), line(feb, "INV2", LocalDate.of(2024, 3, 15), "EUR", "50"));
        List<Dso.DsoMonth> rows = Dso.months(flows, Dso.arReporting(aging, feb, fx), List.of(jan, feb), fx);
        Dso.DsoMonth february = rows.get(1);
        assertThat(february.arStart()).isEqualByComparingTo("200.00");
        assertThat(february.billings()).isEqualByComparingTo("100.00");
        assertThat(february.arEnd()).isEqualByComparingTo("300.00");
        assertThat(february.currentArEnd()).isEqualByComparingTo("100.00");
        assertThat(february.dsoSimple()).isEqualTo(87.0);                 // 300 / 100 × 29
        assertThat(february.dsoCountback()).isEqualTo(60.0);
        assertThat(february.cei()).isCloseTo(0.0, within(1e-12));         // (200 + 100 − 300) / (200 + 100 − 100)
        assertThat(rows.get(0).arStart()).isEqualByComparingTo("0");
        assertThat(rows.get(0).arEnd()).isEqualByComparingTo("100.00");
    }

    @Test
    void ar_end_is_the_sum_of_the_aging_rows_rounded_invoice_by_invoice_not_the_converted_currency_totals() {
        // At 2024-03-31, EUR→USD 1.10 and GBP→USD 1.25. Three open invoices, all billed in March and due in April:
        //   INV-E1  EUR 10.05 × 1.10 = 11.055   → 11.06
        //   INV-E2  EUR 20.05 × 1.10 = 22.055   → 22.06
        //   INV-G1  GBP 10.01 × 1.25 = 12.5125  → 12.51
        // Σ of the aging rows = 45.63. Converting each currency's total once instead gives EUR 30.10 × 1.10 = 33.11
        // and GBP 12.5125, together 45.6225 → 45.62: a cent less than the aging, because both EUR invoices round up.
        // ar_end and current_ar_end must be 45.63, so that Σ aging buckets = AR end holds to the cent.
        // Billings are converted per currency total: 33.11 + 12.5125 → 45.62; DSO simple = 45.63 / 45.62 × 31.
        LocalDate mar = LocalDate.of(2024, 3, 31);
        LocalDate due = LocalDate.of(2024, 4, 30);
        FxTable fx = new FxTable("USD").put("EUR", mar, m("1.10")).put("GBP", mar, m("1.25"));
        List<Receivables.AgingLine> aging = List.of(line(mar, "INV-E1", due, "EUR", "10.05"),
                line(mar, "INV-E2", due, "EUR", "20.05"), line(mar, "INV-G1", due, "GBP", "10.01"));
        assertThat(aging).extracting(a -> a.openAmountReporting(fx).toPlainString())
                .containsExactly("11.06", "22.06", "12.51");
        BigDecimal z = BigDecimal.ZERO;
        List<Receivables.MonthFlows> flows = List.of(
                new Receivables.MonthFlows(YearMonth.of(2024, 3), mar, "EUR", m("30.10"), m("30.10"), m("30.10"),
                        m("30.10"), z, z, z, z, z),
                new Receivables.MonthFlows(YearMonth.of(2024, 3), mar, "GBP", m("10.01"), m("10.01"), m("10.01"),
                        m("10.01"), z, z, z, z, z));

        Dso.DsoMonth row = Dso.months(flows, Dso.arReporting(aging, mar, fx), List.of(mar), fx).get(0);

        assertThat(row.arEnd()).isEqualByComparingTo("45.63");
        assertThat(row.currentArEnd()).isEqualByComparingTo("45.63");
        assertThat(row.billings()).isEqualByComparingTo("45.62");
        assertThat(row.dsoSimple()).isEqualTo(new BigDecimal("45.63").multiply(BigDecimal.valueOf(31))
                .divide(new BigDecimal("45.62"), Cents.EXACT).doubleValue());
        FinanceChecks.ArReportingTotal agingTotal = new FinanceChecks.ArReportingTotal(m("45.63"), m("45.63"));
        assertThat(FinanceChecks.arEndMatchesAging(List.of(row), Map.of(mar, agingTotal))).isEmpty();
        // the old definition (currency totals converted once) is a cent off, and the check has no tolerance
        FinanceChecks.ArReportingTotal byTotals = new FinanceChecks.ArReportingTotal(m("45.62"), m("45.62"));
        assertThat(FinanceChecks.arEndMatchesAging(Map.of(mar, byTotals), Map.of(mar, agingTotal))).containsExactly(
                "DSO at 2024-03-31: ar_end 45.62 / current_ar_end 45.62 but the AR aging rows sum to 45.63 / 45.63"
                        + " (open_amount_reporting, all / not yet due)");
    }

    @Test
    void ar_start_converts_the_previous_aging_rows_one_by_one_at_this_months_rate() {
        // INV-E1 (EUR 10.05) and INV-E2 (EUR 20.05) are open at 03-31 and still at 04-30, when EUR→USD is 1.10.
        // April's AR start is the March rows at April's rate, invoice by invoice: 11.06 + 22.06 = 33.12 (the total
        // converted once would be 33.11), equal to April's AR end since nothing moved.
        LocalDate mar = LocalDate.of(2024, 3, 31);
        LocalDate apr = LocalDate.of(2024, 4, 30);
        LocalDate due = LocalDate.of(2024, 4, 15);
        FxTable fx = new FxTable("USD").put("EUR", mar, m("1.00")).put("EUR", apr, m("1.10"));
        List<Receivables.AgingLine> aging = List.of(line(mar, "INV-E1", due, "EUR", "10.05"),
                line(mar, "INV-E2", due, "EUR", "20.05"), line(apr, "INV-E1", due, "EUR", "10.05"),
                line(apr, "INV-E2", due, "EUR", "20.05"));
        Map<LocalDate, Dso.ArReporting> ar = Dso.arReporting(aging, apr, fx);
        assertThat(ar.get(mar)).isEqualTo(new Dso.ArReporting(m("30.10"), m("30.10"), m("0.00")));
        assertThat(ar.get(apr)).isEqualTo(new Dso.ArReporting(m("33.12"), m("0.00"), m("33.12")));
    }
}
