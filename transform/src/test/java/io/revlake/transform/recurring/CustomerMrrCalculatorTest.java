package io.revlake.transform.recurring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Movement classification on hand-worked customer histories (METRICS.md "MRR movements"). */
class CustomerMrrCalculatorTest {
    static final YearMonth BASE = YearMonth.of(2024, 1);
    static final FxTable USD_ONLY = new FxTable("USD");

    static SubscriptionItem monthly(String id, String start, String end, String amount) {
        return monthly(id, start, end, amount, "USD");
    }

    static SubscriptionItem monthly(String id, String start, String end, String amount, String currency) {
        return new SubscriptionItem(id, "c1", LocalDate.parse(start), end == null ? null : LocalDate.parse(end),
                BillingInterval.MONTH, 1, BigDecimal.ONE, new BigDecimal(amount), null, null, null, currency, null);
    }

    static List<String> movements(CustomerMrrCalculator.Result r) {
        List<String> out = new ArrayList<>();
        r.movements().forEach(m -> out.add(m.month() + " " + m.movement().id() + " " + m.amount().toPlainString()));
        return out;
    }

    static CustomerMrrCalculator.Result run(String asOf, FxTable fx, SubscriptionItem... items) {
        return CustomerMrrCalculator.compute("c1", List.of(items), LocalDate.parse(asOf), fx, BASE, DiscountPolicy.ALL);
    }

    @Test
    void new_expansion_contraction_and_churn_follow_the_month_end_snapshots() {
        var r = run("2024-06-30", USD_ONLY,
                monthly("a", "2024-01-10", "2024-03-05", "100"),   // Jan, Feb at 100
                monthly("b", "2024-03-05", "2024-04-20", "150"),   // upgrade: Mar at 150
                monthly("c", "2024-04-20", "2024-05-12", "120"));  // downgrade: Apr at 120, gone by May end
        assertThat(movements(r)).containsExactly(
                "2024-01 new 100.00",
                "2024-03 expansion 50.00",
                "2024-04 contraction -30.00",
                "2024-05 churn -120.00");
        assertThat(r.months()).extracting(m -> m.month().toString())
                .containsExactly("2024-01", "2024-02", "2024-03", "2024-04");
    }

    @Test
    void churn_and_reactivation_can_repeat_and_gaps_produce_no_movements() {
        var r = run("2024-12-31", USD_ONLY,
                monthly("a", "2024-01-01", "2024-02-15", "100"),   // Jan
                monthly("b", "2024-03-01", "2024-04-01", "80"),    // Mar (reactivation after 1 month)
                monthly("c", "2024-10-01", null, "90"));           // Oct on (reactivation after 6 months)
        assertThat(movements(r)).containsExactly(
                "2024-01 new 100.00",
                "2024-02 churn -100.00",
                "2024-03 reactivation 80.00",
                "2024-04 churn -80.00",
                "2024-10 reactivation 90.00");
    }

    @Test
    void a_customer_who_starts_and_leaves_within_a_month_never_appears() {
        var r = run("2024-03-31", USD_ONLY, monthly("a", "2024-02-03", "2024-02-20", "100"));
        assertThat(r.months()).isEmpty();
        assertThat(r.movements()).isEmpty();
    }

    static CustomerMrrCalculator.Result counting(String asOf, FxTable fx, SubscriptionItem... items) {
        return CustomerMrrCalculator.compute("c1", List.of(items), LocalDate.parse(asOf), fx, BASE, DiscountPolicy.ALL,
                FxDatePolicy.MONTH_END, SameMonthChurnPolicy.COUNT);
    }

    @Test
    void with_same_month_churn_count_a_sign_up_and_cancel_is_new_and_churn_of_its_first_paying_day() {
        // 3 Feb: 100.00/month; 10 Feb: a second item of 30.00; both gone by 20 Feb. The first paying day is 3 Feb.
        var r = counting("2024-03-31", USD_ONLY,
                monthly("a", "2024-02-03", "2024-02-20", "100"),
                monthly("b", "2024-02-10", "2024-02-20", "30"));
        assertThat(movements(r)).containsExactly("2024-02 new 100.00", "2024-02 churn -100.00");
        assertThat(r.months()).as("no MRR at any month end, so no month rows").isEmpty();
    }

    @Test
    void with_same_month_churn_count_a_returning_customer_is_reactivated_and_later_sign_ups_are_reactivations() {
        FxTable fx = new FxTable("USD")
                .put("EUR", LocalDate.of(2024, 1, 31), new BigDecimal("1.10"))
                .put("EUR", LocalDate.of(2024, 5, 31), new BigDecimal("1.30"));
        var r = counting("2024-08-31", fx,
                monthly("a", "2024-01-01", "2024-02-15", "100", "EUR"),   // Jan at 110.00 (constant, Jan rate)
                monthly("b", "2024-05-05", "2024-05-25", "50", "EUR"),    // May only, inside the month: 55.00
                monthly("c", "2024-07-31", "2024-08-01", "20", "EUR"));   // one day, the month's last: at its end
        assertThat(movements(r)).containsExactly(
                "2024-01 new 110.00",
                "2024-02 churn -110.00",
                "2024-05 reactivation 55.00",
                "2024-05 churn -55.00",
                "2024-07 reactivation 22.00",    // active at the end of July: an ordinary reactivation …
                "2024-07 fx 4.00",
                "2024-08 churn -22.00",          // … and an ordinary churn
                "2024-08 fx -4.00");
    }

    @Test
    void with_same_month_churn_count_trials_full_discounts_and_ordinary_months_add_nothing() {
        SubscriptionItem trial = new SubscriptionItem("t", "c1", LocalDate.parse("2024-02-03"),
                LocalDate.parse("2024-02-17"), BillingInterval.MONTH, 1, BigDecimal.ONE, new BigDecimal("100"), null,
                null, null, "USD", LocalDate.parse("2024-02-17"));
        assertThat(counting("2024-03-31", USD_ONLY, trial).movements()).as("a trial that never converts").isEmpty();
        var ordinary = counting("2024-06-30", USD_ONLY,
                monthly("a", "2024-01-10", "2024-03-05", "100"),
                monthly("b", "2024-03-05", "2024-04-20", "150"));
        assertThat(movements(ordinary)).isEqualTo(movements(run("2024-06-30", USD_ONLY,
                monthly("a", "2024-01-10", "2024-03-05", "100"),
                monthly("b", "2024-03-05", "2024-04-20", "150"))));
    }

    @Test
    void upgrade_and_downgrade_in_the_same_month_net_out_and_a_second_subscription_is_expansion() {
        var r = run("2024-03-31", USD_ONLY,
                monthly("a", "2024-01-01", "2024-02-10", "100"),
                monthly("b", "2024-02-10", "2024-02-20", "200"),   // upgrade then …
                monthly("c", "2024-02-20", null, "100"),           // … back down: Feb ends at 100 again
                monthly("d", "2024-03-15", null, "40"));           // second subscription: expansion, not new
        assertThat(movements(r)).containsExactly("2024-01 new 100.00", "2024-03 expansion 40.00");
    }

    @Test
    void cancelling_one_of_two_subscriptions_is_contraction() {
        var r = run("2024-02-29", USD_ONLY,
                monthly("a", "2024-01-01", null, "100"),
                monthly("b", "2024-01-01", "2024-02-10", "60"));
        assertThat(movements(r)).containsExactly("2024-01 new 160.00", "2024-02 contraction -60.00");
    }

    @Test
    void a_currency_swing_alone_is_an_fx_movement_and_the_bridge_still_adds_up() {
        FxTable fx = new FxTable("USD")
                .put("EUR", LocalDate.of(2024, 1, 31), new BigDecimal("1.10"))
                .put("EUR", LocalDate.of(2024, 2, 29), new BigDecimal("1.20"))
                .put("EUR", LocalDate.of(2024, 3, 15), new BigDecimal("1.05"));  // mid-month rate: latest on or before month end
        var r = run("2024-04-30", fx, monthly("a", "2024-01-01", "2024-04-10", "100", "EUR"));
        // constant currency at Jan rate 1.10: 110 every month. Reporting: 110, 120, 105, then churn.
        assertThat(movements(r)).containsExactly(
                "2024-01 new 110.00",
                "2024-02 fx 10.00",
                "2024-03 fx -15.00",
                "2024-04 churn -110.00",
                "2024-04 fx 5.00");
        assertThat(r.months()).extracting(m -> m.mrr().toPlainString()).containsExactly("110.00", "120.00", "105.00");
        assertThat(r.months()).extracting(m -> m.mrrSourceCurrency().toPlainString()).containsOnly("100.00");
    }

    @Test
    void a_missing_exchange_rate_is_a_clear_error() {
        assertThatThrownBy(() -> run("2024-01-31", USD_ONLY, monthly("a", "2024-01-01", null, "100", "GBP")))
                .isInstanceOf(FxTable.MissingFxRateException.class)
                .hasMessageContaining("No exchange rate for GBP dated on or before 2024-01-31");
    }

    @Test
    void the_as_of_month_is_measured_at_the_as_of_date() {
        var r = run("2024-02-10", USD_ONLY,
                monthly("a", "2024-01-01", "2024-02-20", "100"),
                monthly("b", "2024-02-15", null, "50"));
        // At 2024-02-10 item a is still active and b has not started.
        assertThat(r.months()).extracting(m -> m.month() + "=" + m.mrr()).containsExactly("2024-01=100.00", "2024-02=100.00");
        assertThat(r.movements()).hasSize(1);
    }

    @Test
    void first_paying_month_skips_trials_and_full_discounts() {
        SubscriptionItem trial = new SubscriptionItem("t", "c1", LocalDate.of(2024, 1, 5), null, BillingInterval.MONTH, 1,
                BigDecimal.ONE, new BigDecimal("50"), null, null, null, "USD", LocalDate.of(2024, 2, 5));
        assertThat(CustomerMrrCalculator.firstPayingMonth(trial, LocalDate.of(2024, 6, 30), DiscountPolicy.ALL))
                .contains(YearMonth.of(2024, 2));
        SubscriptionItem free = new SubscriptionItem("f", "c1", LocalDate.of(2024, 1, 5), null, BillingInterval.MONTH, 1,
                BigDecimal.ONE, new BigDecimal("50"), new BigDecimal("100"), null, null, "USD", null);
        assertThat(CustomerMrrCalculator.firstPayingMonth(free, LocalDate.of(2024, 6, 30), DiscountPolicy.ALL)).isEmpty();
    }

    @Test
    void a_customer_paying_twelve_months_ago_contributes_to_twelve_month_retention() {
        var r = run("2025-03-31", USD_ONLY,
                monthly("a", "2024-01-01", "2024-06-01", "100"),
                monthly("b", "2024-06-01", null, "130"));
        // 2025-01 looks back at 2024-01 (100 → 130); 2025-03 at 2024-03.
        assertThat(r.retention12()).extracting(x -> x.month() + " " + x.base() + "→" + x.current())
                .containsExactly("2025-01 100.00→130.00", "2025-02 100.00→130.00", "2025-03 100.00→130.00");
        assertThat(r.retention12().get(0).retainedGross()).isEqualByComparingTo("100");
    }

    @Test
    void seats_count_only_seat_based_items_with_mrr() {
        SubscriptionItem seats = new SubscriptionItem("s", "c1", LocalDate.of(2024, 1, 1), null, BillingInterval.MONTH, 1,
                new BigDecimal("12"), new BigDecimal("10"), null, null, null, "USD", null, true);
        SubscriptionItem platform = monthly("p", "2024-01-01", null, "500");
        var r = run("2024-01-31", USD_ONLY, seats, platform);
        assertThat(r.months().get(0).seats()).isEqualByComparingTo("12");
        assertThat(r.months().get(0).mrr()).isEqualByComparingTo("620");
    }
}
