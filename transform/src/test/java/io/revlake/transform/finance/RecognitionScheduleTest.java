package io.revlake.transform.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.revlake.transform.finance.RecognitionSchedule.EventKind;
import io.revlake.transform.finance.RecognitionSchedule.PriceEvent;
import io.revlake.transform.finance.RecognitionSchedule.Terms;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RecognitionScheduleTest {
    static BigDecimal m(String v) {
        return new BigDecimal(v);
    }

    static YearMonth ym(String v) {
        return YearMonth.parse(v);
    }

    static BigDecimal sum(TreeMap<YearMonth, BigDecimal> cells) {
        return cells.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void one_hundred_twenty_over_four_months_from_a_mid_month_start_is_recognised_by_days() {
        // 120.00 from 2023-05-16 to 2023-09-16 (exclusive): May 16 days, June 30, July 31, August 31, September 15
        // = 123 days. May 120 × 16/123 = 15.609… → 15.61; June × 30/123 = 29.268… → 29.27; July and August
        // × 31/123 = 30.243… → 30.24; September takes the residue 120 − 105.36 = 14.64 (its own share would round to
        // 14.63, and the months would then sum to 119.99).
        TreeMap<YearMonth, BigDecimal> s = RecognitionSchedule.ratable(m("120.00"), LocalDate.of(2023, 5, 16),
                LocalDate.of(2023, 9, 16));
        assertThat(s).containsExactly(entry(ym("2023-05"), m("15.61")), entry(ym("2023-06"), m("29.27")),
                entry(ym("2023-07"), m("30.24")), entry(ym("2023-08"), m("30.24")), entry(ym("2023-09"), m("14.64")));
        assertThat(sum(s)).isEqualByComparingTo("120.00");
    }

    @Test
    void a_leap_year_february_has_twenty_nine_days_of_revenue() {
        // 1,200.00 over 2024 (366 days): January 1,200 × 31/366 = 101.639… → 101.64, February × 29/366 = 95.081… →
        // 95.08; over 2023 (365 days) February is × 28/365 = 92.054… → 92.05
        TreeMap<YearMonth, BigDecimal> leap = RecognitionSchedule.ratable(m("1200.00"), LocalDate.of(2024, 1, 1),
                LocalDate.of(2025, 1, 1));
        assertThat(leap.get(ym("2024-01"))).isEqualByComparingTo("101.64");
        assertThat(leap.get(ym("2024-02"))).isEqualByComparingTo("95.08");
        assertThat(sum(leap)).isEqualByComparingTo("1200.00");
        TreeMap<YearMonth, BigDecimal> common = RecognitionSchedule.ratable(m("1200.00"), LocalDate.of(2023, 1, 1),
                LocalDate.of(2024, 1, 1));
        assertThat(common.get(ym("2023-02"))).isEqualByComparingTo("92.05");
        // 366.00 over a leap year is exactly 1.00 a day: February 29.00
        assertThat(RecognitionSchedule.ratable(m("366.00"), LocalDate.of(2024, 1, 1), LocalDate.of(2025, 1, 1))
                .get(ym("2024-02"))).isEqualByComparingTo("29.00");
    }

    @Test
    void point_in_time_revenue_lands_in_the_delivery_month() {
        assertThat(RecognitionSchedule.schedule(Terms.pointInTime(m("583.33"), LocalDate.of(2024, 1, 15)), List.of()))
                .containsExactly(entry(ym("2024-01"), m("583.33")));
    }

    @Test
    void a_credit_lowers_what_remains_from_its_date_and_never_restates_earlier_months() {
        // 300.00 over 2023-01-01..2023-04-01 (90 days): January 300 × 31/90 = 103.33, February × 28/90 = 93.33,
        // March the residue 103.34.
        // Credit of 30.00 on 2023-03-01: January and February stay; remaining 300 − 196.66 = 103.34 − 30 = 73.34 is a
        // new segment 2023-03-01..04-01 → March 73.34. Total 270.00.
        Terms t = Terms.ratable(m("300.00"), LocalDate.of(2023, 1, 1), LocalDate.of(2023, 4, 1));
        assertThat(RecognitionSchedule.schedule(t, List.of())).containsExactly(entry(ym("2023-01"), m("103.33")),
                entry(ym("2023-02"), m("93.33")), entry(ym("2023-03"), m("103.34")));
        TreeMap<YearMonth, BigDecimal> s = RecognitionSchedule.schedule(t,
                List.of(new PriceEvent(LocalDate.of(2023, 3, 1), EventKind.CREDIT, m("30.00"))));
        assertThat(s).containsExactly(entry(ym("2023-01"), m("103.33")), entry(ym("2023-02"), m("93.33")),
                entry(ym("2023-03"), m("73.34")));
        assertThat(RecognitionSchedule.total(t, List.of(new PriceEvent(LocalDate.of(2023, 3, 1), EventKind.CREDIT,
                m("30.00"))))).isEqualByComparingTo("270.00");
    }

    @Test
    void a_credit_larger_than_what_remains_reverses_revenue_in_its_month() {
        // 300.00 as above; a 150.00 credit on 2023-03-01 when 103.34 remains: March = −(150 − 103.34) = −46.66
        TreeMap<YearMonth, BigDecimal> s = RecognitionSchedule.schedule(
                Terms.ratable(m("300.00"), LocalDate.of(2023, 1, 1), LocalDate.of(2023, 4, 1)),
                List.of(new PriceEvent(LocalDate.of(2023, 3, 1), EventKind.CREDIT, m("150.00"))));
        assertThat(s).containsExactly(entry(ym("2023-01"), m("103.33")), entry(ym("2023-02"), m("93.33")),
                entry(ym("2023-03"), m("-46.66")));
        assertThat(sum(s)).isEqualByComparingTo("150.00");
    }

    @Test
    void an_annual_plan_cancelled_mid_term_with_a_credit_note_recognises_the_rest_at_cancellation() {
        // 1,200.00 prepaid for 2024-01-01..2025-01-01 (366 days); cancelled on 2024-07-01 with a credit of 600.00.
        // January–June by days: 101.64, 95.08, 101.64, 98.36, 101.64, 98.36 = 596.72 (182 days).
        // On 07-01 the credit leaves 603.28 − 600.00 = 3.28, recognised at the cancellation: July 3.28. Total 600.00.
        List<PriceEvent> events = List.of(new PriceEvent(LocalDate.of(2024, 7, 1), EventKind.CANCEL, null),
                new PriceEvent(LocalDate.of(2024, 7, 1), EventKind.CREDIT, m("600.00")));
        TreeMap<YearMonth, BigDecimal> s = RecognitionSchedule.schedule(
                Terms.ratable(m("1200.00"), LocalDate.of(2024, 1, 1), LocalDate.of(2025, 1, 1)), events);
        assertThat(s).containsExactly(entry(ym("2024-01"), m("101.64")), entry(ym("2024-02"), m("95.08")),
                entry(ym("2024-03"), m("101.64")), entry(ym("2024-04"), m("98.36")), entry(ym("2024-05"), m("101.64")),
                entry(ym("2024-06"), m("98.36")), entry(ym("2024-07"), m("3.28")));
        assertThat(sum(s)).isEqualByComparingTo("600.00");
    }

    @Test
    void a_credit_after_delivery_reduces_revenue_in_the_credit_month() {
        TreeMap<YearMonth, BigDecimal> s = RecognitionSchedule.schedule(
                Terms.pointInTime(m("500.00"), LocalDate.of(2024, 1, 10)),
                List.of(new PriceEvent(LocalDate.of(2024, 2, 5), EventKind.CREDIT, m("50.00"))));
        assertThat(s).containsExactly(entry(ym("2024-01"), m("500.00")), entry(ym("2024-02"), m("-50.00")));
    }

    @Test
    void usage_is_recognised_as_billed() {
        TreeMap<YearMonth, BigDecimal> s = RecognitionSchedule.schedule(Terms.usage(), List.of(
                new PriceEvent(LocalDate.of(2024, 2, 1), EventKind.BILLING, m("42.00")),
                new PriceEvent(LocalDate.of(2024, 3, 1), EventKind.BILLING, m("58.00"))));
        assertThat(s).containsExactly(entry(ym("2024-02"), m("42.00")), entry(ym("2024-03"), m("58.00")));
    }

    @Test
    void asc_606_example_5_case_b_blends_the_remaining_price_to_93_33_a_product() {
        // ASC 606-10-55-111 to 55-116 (Example 5, Modification of a Contract for Goods, Case B): 120 products for
        // $12,000 ($100 each); after 60 are delivered, 30 more are added at $80 each, and a $900 credit ($15 × 60)
        // is granted for defects in the delivered products. Terminated-and-new: remaining consideration
        // $100 × 60 + $80 × 30 = $8,400 over 90 products = $93.33 each; the $900 reduces revenue at the modification.
        ContractModification.Result r = ContractModification.prospective(m("6000"), m("60"), m("2400"), m("30"),
                m("900"));
        assertThat(r.remainingPrice()).isEqualByComparingTo("8400");
        assertThat(r.pricePerUnit()).isEqualByComparingTo("93.33");
        assertThat(r.revenueAdjustment()).isEqualByComparingTo("-900");
    }

    @Test
    void asc_606_example_7_recognises_70000_a_year_after_the_services_modification() {
        // ASC 606-10-55-125 to 55-128 (Example 7, Modification of a Services Contract): three years of cleaning at
        // $100,000 a year; after two years the third year's fee drops to $80,000 and three more years are added for
        // $200,000. Prospectively: unrecognised $100,000 − $20,000 + $200,000 = $280,000 over 4 remaining years =
        // $70,000 a year.
        ContractModification.Result r = ContractModification.prospective(m("100000"), m("1"),
                m("-20000").add(m("200000")), m("3"), BigDecimal.ZERO);
        assertThat(r.remainingPrice()).isEqualByComparingTo("280000");
        assertThat(r.pricePerUnit()).isEqualByComparingTo("70000.00");
        assertThat(r.revenueAdjustment()).isEqualByComparingTo("0");
    }
}
