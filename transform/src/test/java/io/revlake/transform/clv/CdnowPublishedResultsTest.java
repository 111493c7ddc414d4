package io.revlake.transform.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * BG/NBD and Gamma-Gamma against the published CDNOW results.
 *
 * <p>Sources: Fader, Hardie &amp; Lee (2005a), "'Counting your customers' the easy way", Marketing Science 24(2),
 * Section 7 (2,357 customers, 39-week calibration, weeks as time unit): r = 0.243, α = 4.414, a = 0.793, b = 2.426,
 * LL = −9582.4; their technical note "Implementing the BG/NBD model for customer base analysis in Excel" (2005),
 * worked example for customer 1 (x = 2, t<sub>x</sub> = 30.43, T = 38.86): E[Y(39)] = 1.226. Fader &amp; Hardie (2013),
 * "The Gamma-Gamma model of monetary value" (note on the same data, 946 customers with repeat purchases in the
 * calibration period, z̄ = mean value of those repeat purchases): p = 6.25, q = 3.74, γ = 15.44.
 */
class CdnowPublishedResultsTest {
    static SortedMap<String, RfmObservation> derived;
    static List<RfmObservation> customers;

    static final Percentage HALF_PERCENT = Percentage.withPercentage(0.5);

    @BeforeAll
    static void load() {
        derived = CdnowData.derivedSummary();
        customers = new ArrayList<>(derived.values());
    }

    @Test
    void the_ten_percent_sample_is_the_papers_data_and_our_derivation_matches_the_published_summary() {
        // FHL 2005 §7: 2,357 customers, 1/10th of the cohort who first bought in 1997 Q1 (the master file has all).
        assertThat(derived).hasSize(2357);
        Set<String> masterIds = new HashSet<>();
        for (String line : CdnowData.lines("CDNOW_master.txt")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].matches("\\d+")) {
                masterIds.add(f[0]);
            }
        }
        assertThat(masterIds).hasSize(23_570);

        // One transaction per customer-day, first purchase not a repeat, weeks from first purchase to 1997-09-30:
        // x exact, t_x, T and z̄ equal to the published summary up to its 2-decimal rounding.
        Map<String, RfmObservation> published = CdnowData.publishedSummary();
        assertThat(published).hasSize(2357);
        published.forEach((id, p) -> {
            RfmObservation d = derived.get(id);
            assertThat(d).as(id).isNotNull();
            assertThat(d.frequency()).as("x of %s", id).isEqualTo(p.frequency());
            assertThat(d.recency()).as("t_x of %s", id).isCloseTo(p.recency(), within(0.0051));
            assertThat(d.age()).as("T of %s", id).isCloseTo(p.age(), within(0.0051));
            assertThat(d.monetaryValue()).as("zbar of %s", id).isCloseTo(p.monetaryValue(), within(0.0051));
        });
        assertThat(customers.stream().filter(c -> c.frequency() > 0).count()).isEqualTo(946);
    }

    @Test
    void bg_nbd_fit_reproduces_the_published_parameters_and_log_likelihood() {
        long start = System.nanoTime();
        BgNbdFit fit = ClvModels.fitBgNbd(customers);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("BG/NBD CDNOW: r=%.5f alpha=%.5f a=%.5f b=%.5f LL=%.4f n=%d evals=%d in %d ms%n", fit.r(),
                fit.alpha(), fit.a(), fit.b(), fit.logLikelihood(), fit.customers(), fit.evaluations(), millis);

        assertThat(fit.available()).as(fit.unavailableReason()).isTrue();
        assertThat(fit.customers()).isEqualTo(2357);
        // FHL 2005a §7: r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4
        assertThat(fit.r()).isCloseTo(0.243, HALF_PERCENT);
        assertThat(fit.alpha()).isCloseTo(4.414, HALF_PERCENT);
        assertThat(fit.a()).isCloseTo(0.793, HALF_PERCENT);
        assertThat(fit.b()).isCloseTo(2.426, HALF_PERCENT);
        assertThat(fit.logLikelihood()).isCloseTo(-9582.4, within(0.05));
    }

    @Test
    void conditional_expectation_of_customer_one_matches_the_published_worked_example() {
        // FHL 2005 Excel note: at r = 0.243, α = 4.414, a = 0.793, b = 2.426, the customer with x = 2, t_x = 30.43,
        // T = 38.86 is expected to make 1.226 transactions in the next 39 weeks.
        RfmObservation one = RfmObservation.of(2, 30.43, 38.86);
        BgNbdFit published = new BgNbdFit(0.243, 4.414, 0.793, 2.426, Double.NaN, 2357, 0, null);
        assertThat(published.conditionalExpectedTransactions(one, 39)).isCloseTo(1.226, within(0.0005));
        // and with our own fit on the derived data
        BgNbdFit fit = ClvModels.fitBgNbd(customers);
        assertThat(ClvModels.expectedTransactions(fit, derived.get("1"), 39)).isCloseTo(1.226, HALF_PERCENT);
        // P(alive) (the reciprocal of eq. 10's denominator) is a probability, and 1 for a customer with x = 0
        assertThat(ClvModels.probabilityAlive(fit, derived.get("1"))).isBetween(0.0, 1.0);
        assertThat(ClvModels.probabilityAlive(fit, derived.get("3"))).isEqualTo(1.0);
    }

    @Test
    void gamma_gamma_fit_on_the_946_repeat_buyers_reproduces_the_published_parameters() {
        long start = System.nanoTime();
        GammaGammaFit fit = ClvModels.fitGammaGamma(customers);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("Gamma-Gamma CDNOW: p=%.5f q=%.5f gamma=%.5f LL=%.4f n=%d evals=%d in %d ms%n", fit.p(),
                fit.q(), fit.gamma(), fit.logLikelihood(), fit.customers(), fit.evaluations(), millis);

        assertThat(fit.available()).as(fit.unavailableReason()).isTrue();
        assertThat(fit.customers()).isEqualTo(946);
        // Fader & Hardie 2013, Gamma-Gamma note: p = 6.25, q = 3.74, γ = 15.44
        assertThat(fit.p()).isCloseTo(6.25, HALF_PERCENT);
        assertThat(fit.q()).isCloseTo(3.74, HALF_PERCENT);
        assertThat(fit.gamma()).isCloseTo(15.44, HALF_PERCENT);
    }

    @Test
    void expected_spend_and_discounted_clv_match_the_lifetimes_documentation_on_the_same_summary() {
        // The lifetimes package documents, for this CSV summary (its bundled CDNOW data set), conditional expected
        // average profit 24.658619 (customer 1), 18.911489 (customer 2), 35.170981 (no repeat purchase), and
        // customer_lifetime_value(time=12, discount_rate=0.01) with its default freq='D' (a month = 30 time units,
        // here weeks) of 140.096211, 18.943467, 38.180574, 1003.868107, 28.109683 for customers 1, 2, 3, 6, 7.
        Map<String, RfmObservation> summary = CdnowData.publishedSummary();
        List<RfmObservation> rows = new ArrayList<>(summary.values());
        BgNbdFit bg = ClvModels.fitBgNbd(rows);
        GammaGammaFit gg = ClvModels.fitGammaGamma(rows);
        Percentage tight = Percentage.withPercentage(0.01);
        assertThat(ClvModels.expectedAverageSpend(gg, summary.get("1"))).isCloseTo(24.658619, tight);
        assertThat(ClvModels.expectedAverageSpend(gg, summary.get("2"))).isCloseTo(18.911489, tight);
        assertThat(ClvModels.expectedAverageSpend(gg, summary.get("3"))).isCloseTo(35.170981, tight);
        assertThat(gg.populationMeanSpend()).isCloseTo(35.170981, tight);

        String[] ids = {"1", "2", "3", "6", "7"};
        double[] expected = {140.096211, 18.943467, 38.180574, 1003.868107, 28.109683};
        for (int i = 0; i < ids.length; i++) {
            assertThat(ClvModels.discountedClv(bg, gg, summary.get(ids[i]), 12, 0.01, 30.0, 1.0)).as("customer %s", ids[i])
                    .isCloseTo(expected[i], tight);
        }
    }

    @Test
    void discounted_clv_in_calendar_months_is_bounded_by_the_undiscounted_expectation() {
        BgNbdFit bg = ClvModels.fitBgNbd(customers);
        GammaGammaFit gg = ClvModels.fitGammaGamma(customers);
        RfmObservation one = derived.get("1");
        double spend = ClvModels.expectedAverageSpend(gg, one);
        double undiscounted = spend * ClvModels.expectedTransactions(bg, one, 12 * ClvModels.WEEKS_PER_MONTH);
        double clv = ClvModels.discountedClv(bg, gg, one, 12, 0.01, ClvModels.WEEKS_PER_MONTH, 1.0);
        assertThat(ClvModels.discountedClv(bg, gg, one, 12, 0.0, ClvModels.WEEKS_PER_MONTH, 1.0))
                .isCloseTo(undiscounted, within(1e-9));
        assertThat(clv).isLessThan(undiscounted).isGreaterThan(undiscounted / Math.pow(1.01, 12));
        assertThat(ClvModels.discountedClv(bg, gg, one, 12, 0.01, ClvModels.WEEKS_PER_MONTH, 0.6))
                .isCloseTo(0.6 * clv, within(1e-9));
    }

    @Test
    void closed_form_and_quadrature_agree_on_cdnow_customers() {
        // every 20th customer (histories with x from 0 to the 20s, all ages)
        BgNbdFit fit = ClvModels.fitBgNbd(customers);
        for (int i = 0; i < customers.size(); i += 20) {
            RfmObservation c = customers.get(i);
            int x = c.frequency();
            for (double t : new double[] {4.35, 39, 52}) {
                double closed = BgNbd.closedForm(fit.r() + x, fit.alpha() + c.age(), fit.a(), fit.b() + x, t);
                double quad = BgNbd.byQuadrature(fit.r() + x, fit.alpha() + c.age(), fit.a(), fit.b() + x, t);
                assertThat(quad).isCloseTo(closed, Percentage.withPercentage(1e-6));
            }
        }
    }
}
