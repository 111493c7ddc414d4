package io.revlake.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Item MRR worked by hand (METRICS.md: net of discounts, normalised to a month). */
class MrrMathTest {
    private static BigDecimal monthly(long unitCents, long qty, int pctHundredths, long discCents, BillingTerm term) {
        return MrrMath.exact(MrrMath.itemMonthlyUnits(unitCents, qty, pctHundredths, discCents, term));
    }

    @Test
    void a_monthly_item_is_unit_times_quantity() {
        // 35.00 × 16 = 560.00
        assertThat(monthly(3500, 16, 0, 0, BillingTerm.MONTHLY)).isEqualByComparingTo("560");
    }

    @Test
    void an_annual_price_is_divided_by_twelve_at_scale_twelve_half_even() {
        // 149.00 × 3 = 447.00 a year; 447 / 12 = 37.25 exactly
        assertThat(monthly(14900, 3, 0, 0, BillingTerm.ANNUAL)).isEqualByComparingTo("37.25");
        // 149.00 / 12 = 12.41666… → 12.416666666667 (the 13th digit is 6, so rounds up)
        assertThat(monthly(14900, 1, 0, 0, BillingTerm.ANNUAL)).isEqualTo(new BigDecimal("12.416666666667"));
    }

    @Test
    void a_percentage_discount_applies_before_normalising() {
        // 689.00 × 2 × (1 − 12.5 %) = 1205.75 a year → 100.479166666666|67 → 100.479166666667
        assertThat(monthly(68900, 2, 1250, 0, BillingTerm.ANNUAL)).isEqualTo(new BigDecimal("100.479166666667"));
    }

    @Test
    void a_fixed_discount_is_per_interval_and_never_makes_mrr_negative() {
        // (44.00 × 3 − 12.00) / 3 = 40.00 a month, quarterly
        assertThat(monthly(4400, 3, 0, 1200, BillingTerm.QUARTERLY)).isEqualByComparingTo("40");
        assertThat(MrrMath.itemMonthlyUnits(1500, 1, 0, 2000, BillingTerm.MONTHLY)).isZero();
        assertThat(MrrMath.itemMonthlyUnits(1500, 4, 10_000, 0, BillingTerm.MONTHLY)).isZero();
    }

    @Test
    void weekly_items_are_times_fifty_two_over_twelve_and_counts_divide() {
        // 3.46 × 52 / 12 = 14.993333…
        assertThat(monthly(346, 1, 0, 0, BillingTerm.WEEKLY)).isEqualTo(new BigDecimal("14.993333333333"));
        // biweekly: 6.92 × 52 / 24 = 14.993333…
        assertThat(monthly(692, 1, 0, 0, BillingTerm.BIWEEKLY)).isEqualTo(new BigDecimal("14.993333333333"));
        // semiannual (month × 6): 379.00 / 6 = 63.1666…
        assertThat(monthly(37900, 1, 0, 0, BillingTerm.SEMIANNUAL)).isEqualTo(new BigDecimal("63.166666666667"));
        // biennial (year × 2): 664.00 / 24 = 27.666…
        assertThat(monthly(66400, 1, 0, 0, BillingTerm.BIENNIAL)).isEqualTo(new BigDecimal("27.666666666667"));
    }

    @Test
    void cents_round_half_up_once_per_view() {
        assertThat(MrrMath.cents(MrrMath.itemMonthlyUnits(14900, 1, 0, 0, BillingTerm.ANNUAL))).isEqualTo(1242);
        // 0.005 exactly rounds up
        assertThat(MrrMath.cents(5_000_000_000L)).isEqualTo(1);
        assertThat(MrrMath.cents(4_999_999_999L)).isZero();
        // 12.416666666667 × 1.085 = 13.472083… → 13.47
        assertThat(MrrMath.cents(12_416_666_666_667L, new BigDecimal("1.085"))).isEqualTo(1347);
    }

    @Test
    void invoice_amounts_round_the_discounted_price_to_cents() {
        // 44.00 × 3 × (1 − 12.5 %) = 115.50
        assertThat(MrrMath.periodCents(4400, 3, 1250, 0)).isEqualTo(11550);
        // 15.00 × 1 × (1 − 12.5 %) = 13.125 → 13.13
        assertThat(MrrMath.periodCents(1500, 1, 1250, 0)).isEqualTo(1313);
        assertThat(MrrMath.periodCents(1500, 1, 0, 2000)).isZero();
    }

    @Test
    void price_lists_make_long_terms_cheaper_per_month() {
        for (Product p : new Product[] {Product.STARTER, Product.GROWTH, Product.BUSINESS, Product.ENTERPRISE_SEAT}) {
            for (Currency c : Currency.values()) {
                long monthly = p.price(BillingTerm.MONTHLY, c);
                assertThat(p.price(BillingTerm.ANNUAL, c)).isLessThan(12 * monthly);
                assertThat(p.price(BillingTerm.QUARTERLY, c)).isLessThan(3 * monthly);
                assertThat(p.price(BillingTerm.BIENNIAL, c)).isLessThan(2 * p.price(BillingTerm.ANNUAL, c));
            }
        }
        assertThat(Product.GROWTH.planId(BillingTerm.ANNUAL, Currency.EUR)).isEqualTo("growth_annual_eur");
    }
}
