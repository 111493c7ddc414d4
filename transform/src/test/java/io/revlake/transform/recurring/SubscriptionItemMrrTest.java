package io.revlake.transform.recurring;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Hand-worked cases of METRICS.md "MRR of a subscription item". Amounts in the comments are worked by hand. */
class SubscriptionItemMrrTest {
    static final LocalDate JAN_END = LocalDate.of(2024, 1, 31);

    static SubscriptionItem item(String interval, long count, String qty, String unit) {
        return new SubscriptionItem("i1", "c1", LocalDate.of(2024, 1, 1), null, BillingInterval.parse(interval), count,
                new BigDecimal(qty), new BigDecimal(unit), null, null, null, "USD", null);
    }

    static SubscriptionItem with(SubscriptionItem i, String pct, String amount, LocalDate discountEnd, LocalDate trialEnd,
                                 LocalDate start, LocalDate end) {
        return new SubscriptionItem(i.itemId(), i.customerId(), start == null ? i.start() : start, end, i.interval(),
                i.intervalCount(), i.quantity(), i.unitAmount(), pct == null ? null : new BigDecimal(pct),
                amount == null ? null : new BigDecimal(amount), discountEnd, i.currency(), trialEnd);
    }

    static String cents(BigDecimal v) {
        return v.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    static String mrr(SubscriptionItem i, LocalDate at) {
        return cents(i.mrrOn(at, DiscountPolicy.ALL));
    }

    @Test
    void monthly_plan_counts_its_price_per_month() {
        assertThat(mrr(item("month", 1, "1", "100"), JAN_END)).isEqualTo("100.00");
    }

    @Test
    void weekly_plan_is_price_times_52_over_12() {
        // 10 × 52 / 12 = 43.3333…
        assertThat(mrr(item("week", 1, "1", "10"), JAN_END)).isEqualTo("43.33");
        // every 2 weeks: 10 × 52 / 12 / 2 = 21.6666…
        assertThat(mrr(item("week", 2, "1", "10"), JAN_END)).isEqualTo("21.67");
    }

    @Test
    void quarterly_and_annual_plans_are_spread_over_their_months() {
        assertThat(mrr(item("quarter", 1, "1", "300"), JAN_END)).isEqualTo("100.00");
        assertThat(mrr(item("year", 1, "1", "1200"), JAN_END)).isEqualTo("100.00");
        assertThat(mrr(item("year", 2, "1", "2400"), JAN_END)).isEqualTo("100.00");
        assertThat(mrr(item("month", 3, "1", "300"), JAN_END)).isEqualTo("100.00");
        // 1000 a year: 83.3333…
        assertThat(mrr(item("year", 1, "1", "1000"), JAN_END)).isEqualTo("83.33");
    }

    @Test
    void quantity_multiplies_the_unit_amount() {
        assertThat(mrr(item("month", 1, "5", "20"), JAN_END)).isEqualTo("100.00");
        assertThat(mrr(item("year", 1, "3", "99"), JAN_END)).isEqualTo("24.75");
    }

    @Test
    void percentage_and_fixed_discounts_reduce_mrr() {
        SubscriptionItem base = item("month", 1, "1", "100");
        assertThat(mrr(with(base, "25", null, null, null, null, null), JAN_END)).isEqualTo("75.00");
        assertThat(mrr(with(base, null, "30", null, null, null, null), JAN_END)).isEqualTo("70.00");
        // 10 seats × 50 = 500, −10 % = 450, −50 fixed = 400
        SubscriptionItem seats = item("month", 1, "10", "50");
        assertThat(mrr(with(seats, "10", "50", null, null, null, null), JAN_END)).isEqualTo("400.00");
        // annual 1200 with 120 off per year → 1080 / 12 = 90
        assertThat(mrr(with(item("year", 1, "1", "1200"), null, "120", null, null, null, null), JAN_END)).isEqualTo("90.00");
    }

    @Test
    void a_full_discount_or_a_fixed_discount_above_the_price_gives_zero() {
        SubscriptionItem base = item("month", 1, "1", "100");
        assertThat(mrr(with(base, "100", null, null, null, null, null), JAN_END)).isEqualTo("0.00");
        assertThat(mrr(with(base, null, "150", null, null, null, null), JAN_END)).isEqualTo("0.00");
    }

    @Test
    void an_expiring_discount_stops_at_its_end_date_and_policies_choose_which_discounts_count() {
        SubscriptionItem promo = with(item("month", 1, "1", "100"), "50", null, LocalDate.of(2024, 3, 1), null, null, null);
        SubscriptionItem forever = with(item("month", 1, "1", "100"), "20", null, null, null, null, null);
        assertThat(mrr(promo, LocalDate.of(2024, 2, 29))).isEqualTo("50.00");
        assertThat(mrr(promo, LocalDate.of(2024, 3, 31))).isEqualTo("100.00");
        assertThat(cents(promo.mrrOn(LocalDate.of(2024, 2, 29), DiscountPolicy.FOREVER_ONLY))).isEqualTo("100.00");
        assertThat(cents(forever.mrrOn(JAN_END, DiscountPolicy.FOREVER_ONLY))).isEqualTo("80.00");
        assertThat(cents(forever.mrrOn(JAN_END, DiscountPolicy.NONE))).isEqualTo("100.00");
    }

    @Test
    void a_trialing_item_has_no_mrr_until_its_trial_ends() {
        SubscriptionItem trial = with(item("month", 1, "1", "100"), null, null, null, LocalDate.of(2024, 2, 15), null, null);
        assertThat(mrr(trial, JAN_END)).isEqualTo("0.00");
        assertThat(mrr(trial, LocalDate.of(2024, 2, 29))).isEqualTo("100.00");
    }

    @Test
    void end_date_is_exclusive_and_a_mid_month_start_counts_at_month_end() {
        SubscriptionItem base = item("month", 1, "1", "100");
        assertThat(mrr(with(base, null, null, null, null, null, JAN_END), JAN_END)).isEqualTo("0.00");
        assertThat(mrr(with(base, null, null, null, null, null, LocalDate.of(2024, 2, 1)), JAN_END)).isEqualTo("100.00");
        assertThat(mrr(with(base, null, null, null, null, LocalDate.of(2024, 1, 17), null), JAN_END)).isEqualTo("100.00");
        assertThat(mrr(with(base, null, null, null, null, LocalDate.of(2024, 2, 1), null), JAN_END)).isEqualTo("0.00");
    }

    @Test
    void leap_year_february_ends_on_the_29th() {
        SubscriptionItem endsOn29 = with(item("month", 1, "1", "100"), null, null, null, null, null, LocalDate.of(2024, 2, 29));
        SubscriptionItem endsOnMarch1 = with(item("month", 1, "1", "100"), null, null, null, null, null, LocalDate.of(2024, 3, 1));
        LocalDate febEnd = java.time.YearMonth.of(2024, 2).atEndOfMonth();
        assertThat(febEnd).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(mrr(endsOn29, febEnd)).isEqualTo("0.00");
        assertThat(mrr(endsOnMarch1, febEnd)).isEqualTo("100.00");
    }
}
