package io.revlake.transform.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriberClvTest {
    static final YearMonth START = YearMonth.of(2020, 1);

    /** Fader & Hardie (2007), Table 1, "Regular" cohort, read as monthly periods and spread over two segments. */
    static List<SubscriberClv.Tenure> regularCohort() {
        long[] alive = {1000, 631, 468, 382, 326, 289, 262, 241};
        List<SubscriberClv.Tenure> out = new ArrayList<>();
        int id = 0;
        for (int t = 1; t < alive.length; t++) {
            for (long i = 0; i < alive[t - 1] - alive[t]; i++) {
                out.add(new SubscriberClv.Tenure("c" + id, id++ % 2 == 0 ? "smb" : "enterprise", START, START.plusMonths(t)));
            }
        }
        for (long i = 0; i < alive[alive.length - 1]; i++) {
            out.add(new SubscriberClv.Tenure("c" + id, id++ % 2 == 0 ? "smb" : "enterprise", START, null));
        }
        return out;
    }

    @Test
    void first_tenures_are_fitted_as_in_the_published_cohort_and_customers_are_valued_by_derl() {
        YearMonth last = START.plusMonths(7);   // survivors have paid 8 months: 7 renewals seen
        var current = List.of(new SubscriberClv.Current("c999", "smb", new BigDecimal("100.00"), START),
                new SubscriberClv.Current("new", null, new BigDecimal("50.00"), last));
        var result = SubscriberClv.value(regularCohort(), current, last, 0.01, new BigDecimal("0.8"));
        SbgFit all = result.fits().get("all");
        assertThat(all.available()).isTrue();
        assertThat(all.alpha()).isCloseTo(0.704, within(0.704 * 0.005));
        assertThat(all.beta()).isCloseTo(1.182, within(1.182 * 0.005));
        assertThat(result.fits()).containsKeys("smb", "enterprise");

        SubscriberClv.Value tenured = result.values().get(0);
        assertThat(tenured.tenureMonths()).isEqualTo(8);
        double derl = ClvModels.sbgDerl(result.fits().get("smb"), 8, 0.01);
        assertThat(tenured.derlMonths()).isEqualTo(derl);
        assertThat(tenured.clvPredictive()).isEqualByComparingTo(
                BigDecimal.valueOf(100 * 0.8 * derl).setScale(2, java.math.RoundingMode.HALF_UP));
        // A customer without a segment is valued with the all-customer fit, from its first month.
        SubscriberClv.Value fresh = result.values().get(1);
        assertThat(fresh.fitUsed()).isEqualTo("all");
        assertThat(fresh.tenureMonths()).isEqualTo(1);
        // retention rises with tenure under sBG, so a month-old customer expects a shorter residual life
        assertThat(fresh.derlMonths()).isPositive().isLessThan(tenured.derlMonths());
    }

    @Test
    void without_any_churn_the_model_is_unavailable_and_no_value_is_invented() {
        List<SubscriberClv.Tenure> loyal = List.of(new SubscriberClv.Tenure("a", "smb", START, null),
                new SubscriberClv.Tenure("b", "smb", START.plusMonths(2), null));
        var result = SubscriberClv.value(loyal, List.of(new SubscriberClv.Current("a", "smb", BigDecimal.TEN, START)),
                START.plusMonths(5), 0.01, BigDecimal.ONE);
        assertThat(result.fits().get("all").available()).isFalse();
        assertThat(result.fits().get("all").unavailableReason()).isNotBlank();
        assertThat(result.values().get(0).clvPredictive()).isNull();
        assertThat(result.values().get(0).derlMonths()).isNull();
    }
}
