package io.revlake.transform.recurring;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

class CohortAndRenewalTest {
    static final YearMonth JAN = YearMonth.of(2024, 1);

    @Test
    void cohort_retention_is_relative_to_month_zero_and_fills_empty_months() {
        // January cohort: 4 SMB customers at 400 and 1 enterprise at 1000; in March 2 SMB remain at 250 and the
        // enterprise customer expanded to 1200; in February nobody was recorded (all paused) → 0, not missing.
        List<CohortCalculator.Cell> cells = List.of(
                new CohortCalculator.Cell(JAN, "smb", 0, 4, new BigDecimal("400")),
                new CohortCalculator.Cell(JAN, "enterprise", 0, 1, new BigDecimal("1000")),
                new CohortCalculator.Cell(JAN, "smb", 2, 2, new BigDecimal("250")),
                new CohortCalculator.Cell(JAN, "enterprise", 2, 1, new BigDecimal("1200")));
        List<CohortCalculator.Row> rows = CohortCalculator.matrix(cells, YearMonth.of(2024, 3));
        var all = rows.stream().filter(r -> r.segment().equals("all")).toList();
        assertThat(all).extracting(CohortCalculator.Row::monthsSinceStart).containsExactly(0, 1, 2);
        assertThat(all.get(0).logoRetention()).isEqualTo(1.0);
        assertThat(all.get(1).customersRetained()).isZero();
        assertThat(all.get(2).logoRetention()).isEqualTo(0.6);                 // 3 of 5
        assertThat(all.get(2).revenueRetention()).isCloseTo(1450.0 / 1400.0, org.assertj.core.data.Offset.offset(1e-12));  // (250 + 1200) / (400 + 1000)
        var smb = rows.stream().filter(r -> r.segment().equals("smb") && r.monthsSinceStart() == 2).findFirst().orElseThrow();
        assertThat(smb.logoRetention()).isEqualTo(0.5);
        assertThat(smb.revenueRetention()).isEqualTo(0.625);
        assertThat(CohortCalculator.violations(rows)).isEmpty();
    }

    @Test
    void a_cohort_without_month_zero_breaks_the_invariant() {
        var rows = CohortCalculator.matrix(List.of(new CohortCalculator.Cell(JAN, "smb", 1, 3, BigDecimal.TEN)), YearMonth.of(2024, 2));
        assertThat(CohortCalculator.violations(rows)).isNotEmpty();
    }

    @Test
    void renewal_counts_a_follow_on_contract_within_thirty_days_and_dates_by_the_last_service_day() {
        var a1 = new RenewalCalculator.Contract("A1", "A", LocalDate.of(2023, 1, 1), LocalDate.of(2024, 1, 1), new BigDecimal("1200"));
        var a2 = new RenewalCalculator.Contract("A2", "A", LocalDate.of(2024, 1, 20), LocalDate.of(2025, 1, 20), new BigDecimal("1500"));
        var b1 = new RenewalCalculator.Contract("B1", "B", LocalDate.of(2023, 1, 1), LocalDate.of(2024, 1, 1), new BigDecimal("800"));
        var b2 = new RenewalCalculator.Contract("B2", "B", LocalDate.of(2024, 3, 1), LocalDate.of(2025, 3, 1), new BigDecimal("800"));
        List<RenewalCalculator.Row> rows = RenewalCalculator.byMonth(List.of(a1, a2, b1, b2), YearMonth.of(2024, 12));
        // A1 and B1 end 2024-01-01 exclusive: last service day 2023-12-31 → up in December 2023.
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.month()).isEqualTo(YearMonth.of(2023, 12));
            assertThat(r.contractsUp()).isEqualTo(2);
            assertThat(r.contractsRenewed()).isEqualTo(1);               // A renewed 19 days later; B lapsed 60 days
            assertThat(r.renewalRateCount()).isEqualTo(0.5);
            assertThat(r.renewalRateValue()).isEqualTo(0.6);             // 1200 / 2000
        });
    }
}
