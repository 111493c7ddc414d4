package io.revlake.transform.recurring;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryCalculatorTest {
    static BigDecimal d(String s) {
        return new BigDecimal(s);
    }

    @Test
    void rates_use_the_previous_month_as_denominator_and_gaps_are_filled() {
        var jan = new MonthTotals(YearMonth.of(2024, 1), d("1000"), d("1000"), 10,
                Map.of(Movement.NEW, d("1000")), 10, 0);
        // Feb: +100 expansion, −50 contraction, −200 churn (2 customers), +150 new (1 customer)
        var feb = new MonthTotals(YearMonth.of(2024, 2), d("1000"), d("1000"), 9,
                Map.of(Movement.EXPANSION, d("100"), Movement.CONTRACTION, d("-50"), Movement.CHURN, d("-200"),
                        Movement.NEW, d("150")), 1, 2);
        var apr = new MonthTotals(YearMonth.of(2024, 4), d("0"), d("0"), 0, Map.of(Movement.CHURN, d("-1000")), 0, 9);
        List<MrrSummaryRow> rows = SummaryCalculator.summarise(List.of(jan, feb, apr));
        assertThat(rows).extracting(r -> r.month().toString()).containsExactly("2024-01", "2024-02", "2024-03", "2024-04");
        MrrSummaryRow f = rows.get(1);
        assertThat(f.logoChurnRate()).isEqualTo(0.2);          // 2 / 10
        assertThat(f.grossMrrChurnRate()).isEqualTo(0.25);     // (200 + 50) / 1000
        assertThat(f.netMrrChurnRate()).isEqualTo(0.15);       // (250 − 100) / 1000
        assertThat(f.nrr()).isEqualTo(0.85);                   // (1000 + 100 − 250) / 1000
        assertThat(f.grr()).isEqualTo(0.75);                   // (1000 − 250) / 1000
        assertThat(f.arpa()).isEqualByComparingTo("111.11");   // 1000 / 9
        assertThat(f.arr()).isEqualByComparingTo("12000");
        assertThat(rows.get(0).logoChurnRate()).isNull();
        // March is a filled gap: MRR 1000 carried? No: a gap month has no MRR rows at all, so it is 0 …
        assertThat(rows.get(2).mrr()).isEqualByComparingTo("0");
        // … and April's rates are null because March had no MRR.
        assertThat(rows.get(3).nrr()).isNull();
        assertThat(rows.get(3).arpa()).isNull();
    }

    @Test
    void the_bridge_check_names_the_month_that_does_not_add_up() {
        var jan = new MonthTotals(YearMonth.of(2024, 1), d("100"), d("100"), 1, Map.of(Movement.NEW, d("100")), 1, 0);
        var feb = new MonthTotals(YearMonth.of(2024, 2), d("130"), d("100"), 1, Map.of(Movement.FX, d("20")), 0, 0);
        List<String> violations = SummaryCalculator.bridgeViolations(SummaryCalculator.summarise(List.of(jan, feb)));
        assertThat(violations).singleElement().asString().startsWith("2024-02: start 100.00 + movements 20.00 = 120.00 but end MRR is 130.00");
    }

    static MonthTotals month(int m, String mrr, long paying, long churned, Map<Movement, BigDecimal> moves, long newCustomers) {
        return new MonthTotals(YearMonth.of(2024, m), d(mrr), d(mrr), paying, moves, newCustomers, churned);
    }

    @Test
    void quick_ratio_asp_and_seat_arpu_are_worked_from_the_month() {
        var jan = new MonthTotals(YearMonth.of(2024, 1), d("1000"), d("1000"), 4, Map.of(Movement.NEW, d("1000")), 4, 0,
                d("25"), d("0"), d("0"), d("0"));
        // Feb: new 300 (2 customers), reactivation 100, expansion 200 vs churn −150, contraction −50 → quick ratio 600 / 200 = 3
        var feb = new MonthTotals(YearMonth.of(2024, 2), d("1400"), d("1400"), 6,
                Map.of(Movement.NEW, d("300"), Movement.REACTIVATION, d("100"), Movement.EXPANSION, d("200"),
                        Movement.CHURN, d("-150"), Movement.CONTRACTION, d("-50")), 2, 1, d("40"), d("0"), d("0"), d("0"));
        var perSeat = new SummaryPolicy(SummaryPolicy.ArpuUnit.SEAT, BigDecimal.ONE);
        List<MrrSummaryRow> rows = SummaryCalculator.summarise(List.of(jan, feb), Map.of(), perSeat);
        MrrSummaryRow f = rows.get(1);
        assertThat(f.quickRatio()).isEqualTo(3.0);
        assertThat(f.asp()).isEqualByComparingTo("150.00");            // 300 / 2
        assertThat(f.arpa()).isEqualByComparingTo("233.33");           // 1400 / 6
        assertThat(f.arpu()).isEqualByComparingTo("35.00");            // 1400 / 40 seats
        assertThat(rows.get(0).quickRatio()).isNull();                 // nothing lost: no ratio
        assertThat(SummaryCalculator.summarise(List.of(jan, feb)).get(1).arpu()).isEqualByComparingTo("233.33");
    }

    @Test
    void twelve_month_nrr_and_grr_come_from_the_customer_sums() {
        // Customers paying in 2023-03: A 100 → 150 now, B 200 → 0 (churned), C 100 → 80.
        // NRR = (150 + 0 + 80) / 400 = 0.575; GRR = (100 + 0 + 80) / 400 = 0.45
        var t = new MonthTotals(YearMonth.of(2024, 3), d("230"), d("230"), 2, Map.of(), 0, 0,
                d("0"), d("400"), d("230"), d("180"));
        MrrSummaryRow r = SummaryCalculator.summarise(List.of(t)).get(0);
        assertThat(r.nrr12m()).isEqualTo(0.575);
        assertThat(r.grr12m()).isEqualTo(0.45);
    }

    @Test
    void clv_divides_arpa_by_six_months_of_logo_churn_and_is_null_without_churn() {
        // 7 months of 100 customers at 10,000 MRR; 2 churn and 2 new each month from February → churn 2 % a month.
        List<MonthTotals> months = new java.util.ArrayList<>();
        months.add(month(1, "10000", 100, 0, Map.of(Movement.NEW, d("10000")), 100));
        for (int m = 2; m <= 8; m++) {
            months.add(month(m, "10000", 100, 2, Map.of(Movement.NEW, d("200"), Movement.CHURN, d("-200")), 2));
        }
        var policy = new SummaryPolicy(SummaryPolicy.ArpuUnit.CUSTOMER, new BigDecimal("0.8"));
        var spend = Map.of(YearMonth.of(2024, 8), d("1000"));
        List<MrrSummaryRow> rows = SummaryCalculator.summarise(months, spend, policy);
        // Months 2–7 are known in August's window; January's rate is null, so July's window (Jan–Jun) has no CLV.
        assertThat(rows.get(6).clvFormula()).isNull();
        MrrSummaryRow aug = rows.get(7);
        assertThat(aug.clvFormula()).isEqualByComparingTo("4000.00");  // ARPA 100 × 0.8 / 0.02
        assertThat(aug.cac()).isEqualByComparingTo("500.00");          // 1000 / 2 new customers
        assertThat(aug.cacPaybackMonths()).isEqualTo(6.25);            // 500 / (ASP 100 × 0.8)
        assertThat(aug.ltvCac()).isEqualTo(8.0);                       // 4000 / 500
        assertThat(rows.get(6).cac()).isNull();                        // no spend recorded for July: unknown, not 0

        List<MonthTotals> noChurn = new java.util.ArrayList<>();
        for (int m = 1; m <= 8; m++) {
            noChurn.add(month(m, "10000", 100, 0, m == 1 ? Map.of(Movement.NEW, d("10000")) : Map.of(), m == 1 ? 100 : 0));
        }
        assertThat(SummaryCalculator.summarise(noChurn).get(7).clvFormula()).isNull();
    }

    @Test
    void usage_run_rate_is_the_trailing_three_month_average_and_needs_three_months() {
        var billed = Map.of(YearMonth.of(2024, 1), d("90"), YearMonth.of(2024, 2), d("120"), YearMonth.of(2024, 4), d("300"));
        var rate = UsageRunRate.byMonth(billed, YearMonth.of(2024, 1), YearMonth.of(2024, 5));
        assertThat(rate).doesNotContainKeys(YearMonth.of(2024, 1), YearMonth.of(2024, 2));
        assertThat(rate.get(YearMonth.of(2024, 3))).isEqualByComparingTo("70.00");    // (90 + 120 + 0) / 3
        assertThat(rate.get(YearMonth.of(2024, 4))).isEqualByComparingTo("140.00");   // (120 + 0 + 300) / 3
        assertThat(rate.get(YearMonth.of(2024, 5))).isEqualByComparingTo("100.00");   // (0 + 300 + 0) / 3
    }

    @Test
    void retention_invariants_hold_on_computed_rows_and_name_a_broken_month() {
        var jan = month(1, "1000", 10, 0, Map.of(Movement.NEW, d("1000")), 10);
        var feb = month(2, "1100", 10, 1, Map.of(Movement.EXPANSION, d("200"), Movement.CHURN, d("-100")), 0);
        List<MrrSummaryRow> rows = SummaryCalculator.summarise(List.of(jan, feb));
        assertThat(SummaryCalculator.retentionViolations(rows)).isEmpty();
        MrrSummaryRow r = rows.get(1);
        MrrSummaryRow broken = new MrrSummaryRow(r.month(), r.mrr(), r.mrrConstantCurrency(), d("1"), r.payingCustomers(),
                r.totals(), r.logoChurnRate(), r.grossMrrChurnRate(), r.netMrrChurnRate(), 0.5, 0.9, r.arpa(), r.arpu(),
                r.asp(), r.quickRatio(), null, null, null, null, null, null, null);
        assertThat(SummaryCalculator.retentionViolations(List.of(broken)))
                .containsExactly("2024-02: NRR 0.5 is below GRR 0.9", "2024-02: ARR 1 is not 12 x MRR 1100.00");
    }
}
