package io.revlake.transform.recurring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Policy {@code fx_date} on hand-worked cases. EUR → USD rates are published on the 1st of each month here:
 * Mar 1.10, Apr 1.20, May 1.30, Jun 1.25 (2024), and Mar 1.40 (2025).
 */
class FxDatePolicyTest {
    static final FxTable FX = new FxTable("USD")
            .put("EUR", LocalDate.parse("2024-03-01"), new BigDecimal("1.10"))
            .put("EUR", LocalDate.parse("2024-04-01"), new BigDecimal("1.20"))
            .put("EUR", LocalDate.parse("2024-05-01"), new BigDecimal("1.30"))
            .put("EUR", LocalDate.parse("2024-06-01"), new BigDecimal("1.25"))
            .put("EUR", LocalDate.parse("2025-03-01"), new BigDecimal("1.40"));

    static SubscriptionItem item(String id, String start, BillingInterval interval, long count, String amount,
                                 String trialEnd) {
        return new SubscriptionItem(id, "c1", LocalDate.parse(start), null, interval, count, BigDecimal.ONE,
                new BigDecimal(amount), null, null, null, "EUR", trialEnd == null ? null : LocalDate.parse(trialEnd));
    }

    static CustomerMrrCalculator.Result run(FxDatePolicy policy, String asOf, SubscriptionItem... items) {
        return CustomerMrrCalculator.compute("c1", List.of(items), LocalDate.parse(asOf), FX, YearMonth.of(2024, 3),
                DiscountPolicy.ALL, policy);
    }

    static List<String> mrr(CustomerMrrCalculator.Result r) {
        return r.months().stream().map(m -> m.month() + " " + m.mrr().toPlainString()).toList();
    }

    @Test
    void an_annual_plan_keeps_its_invoice_rate_for_the_whole_year() {
        // €1,200 a year from 2024-03-15 = €100 MRR; invoiced 2024-03-15 at 1.10, renewed 2025-03-15 at 1.40.
        var annual = item("a", "2024-03-15", BillingInterval.YEAR, 1, "1200", null);
        var monthEnd = run(FxDatePolicy.MONTH_END, "2025-03-31", annual);
        var invoice = run(FxDatePolicy.INVOICE_DATE, "2025-03-31", annual);
        assertThat(mrr(monthEnd)).startsWith("2024-03 110.00", "2024-04 120.00", "2024-05 130.00", "2024-06 125.00");
        assertThat(mrr(invoice)).startsWith("2024-03 110.00", "2024-04 110.00", "2024-05 110.00", "2024-06 110.00");
        assertThat(mrr(invoice)).contains("2025-02 110.00", "2025-03 140.00");
        // No fx movement inside the invoiced year; the whole rate change lands at renewal.
        assertThat(invoice.movements()).filteredOn(m -> m.movement() == Movement.FX)
                .extracting(m -> m.month() + " " + m.amount().toPlainString())
                .containsExactly("2025-03 30.00");
        // Constant currency and so new/expansion/churn do not depend on the policy.
        assertThat(invoice.months()).extracting(CustomerMonthMrr::mrrConstantCurrency)
                .isEqualTo(monthEnd.months().stream().map(CustomerMonthMrr::mrrConstantCurrency).toList());
    }

    @Test
    void a_monthly_plan_converts_at_the_rate_of_each_months_invoice() {
        // €50 a month from 2024-03-20: the May snapshot (05-31) falls in the period invoiced 05-20 (rate of 05-01).
        var monthly = item("m", "2024-03-20", BillingInterval.MONTH, 1, "50", null);
        assertThat(mrr(run(FxDatePolicy.INVOICE_DATE, "2024-06-30", monthly)))
                .containsExactly("2024-03 55.00", "2024-04 60.00", "2024-05 65.00", "2024-06 62.50");
    }

    @Test
    void billing_periods_run_from_the_anchor_with_month_end_clamping_and_after_a_trial() {
        var jan31 = item("x", "2024-01-31", BillingInterval.MONTH, 1, "10", null);
        assertThat(jan31.billingPeriodStart(LocalDate.parse("2024-02-29"))).isEqualTo("2024-02-29"); // leap year
        assertThat(jan31.billingPeriodStart(LocalDate.parse("2024-02-28"))).isEqualTo("2024-01-31");
        assertThat(jan31.billingPeriodStart(LocalDate.parse("2024-03-30"))).isEqualTo("2024-02-29");
        assertThat(jan31.billingPeriodStart(LocalDate.parse("2024-03-31"))).isEqualTo("2024-03-31");
        var quarterly = item("q", "2024-01-15", BillingInterval.QUARTER, 1, "30", null);
        assertThat(quarterly.billingPeriodStart(LocalDate.parse("2024-06-30"))).isEqualTo("2024-04-15");
        var fortnightly = item("w", "2024-03-04", BillingInterval.WEEK, 2, "7", null);
        assertThat(fortnightly.billingPeriodStart(LocalDate.parse("2024-03-31"))).isEqualTo("2024-03-18");
        // A 14-day trial moves the first invoice, and so the anchor, to the trial end.
        var trial = item("t", "2024-03-10", BillingInterval.MONTH, 1, "10", "2024-03-24");
        assertThat(trial.billingPeriodStart(LocalDate.parse("2024-04-30"))).isEqualTo("2024-04-24");
    }

    @Test
    void items_of_one_customer_each_keep_their_own_invoice_rate_and_round_once() {
        // Annual €1,200 invoiced 03-15 (1.10) + monthly €33.33 from 05-02 (May invoice at 1.30), May snapshot:
        // 100 × 1.10 + 33.33 × 1.30 = 110 + 43.329 = 153.329 → 153.33; the recorded rate is the effective one,
        // 153.329 / 133.33 = 1.14999625 (a touch under 1.15, as 133.33 × 1.15 = 153.3295).
        var r = run(FxDatePolicy.INVOICE_DATE, "2024-05-31",
                item("a", "2024-03-15", BillingInterval.YEAR, 1, "1200", null),
                item("m", "2024-05-02", BillingInterval.MONTH, 1, "33.33", null));
        CustomerMonthMrr may = r.months().get(r.months().size() - 1);
        assertThat(may.mrr()).isEqualByComparingTo("153.33");
        assertThat(may.mrrSourceCurrency()).isEqualByComparingTo("133.33");
        assertThat(may.fxRate()).isEqualByComparingTo("1.1499962499");
    }

    @Test
    void unknown_values_are_refused_by_name() {
        assertThat(FxDatePolicy.parse(" invoice_date ")).isEqualTo(FxDatePolicy.INVOICE_DATE);
        assertThatThrownBy(() -> FxDatePolicy.parse("spot")).hasMessageContaining("month_end or invoice_date");
    }
}
