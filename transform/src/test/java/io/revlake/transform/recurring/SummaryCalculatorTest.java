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
}
