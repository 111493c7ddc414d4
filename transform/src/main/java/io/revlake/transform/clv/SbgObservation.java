package io.revlake.transform.clv;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What is known about the lifetime of {@code customers} identical subscribers, in whole contract periods, for the
 * shifted-beta-geometric model.
 *
 * <p>Periods are counted from acquisition: period 1 is the first paid period. A customer who <em>churned</em> in
 * period t paid for periods 1..t and did not renew at the end of t ({@code periods = t ≥ 1}, likelihood
 * P(T = t)). A customer still <em>alive</em> after t periods has renewed t times and has not been seen to leave
 * (right-censored, {@code periods = t ≥ 0}, likelihood S(t) = P(T &gt; t)).
 *
 * @param periods   t, as above
 * @param churned   true for "churned in period t", false for "alive after t periods"
 * @param customers how many customers share this observation (a weight, ≥ 0)
 */
public record SbgObservation(int periods, boolean churned, long customers) implements Serializable {
    public SbgObservation {
        if (periods < (churned ? 1 : 0)) {
            throw new IllegalArgumentException("a churned customer has lived at least 1 period, an alive one at least 0: "
                    + periods);
        }
        if (customers < 0) {
            throw new IllegalArgumentException("customers must be >= 0: " + customers);
        }
    }

    /** One customer who churned (did not renew) at the end of period {@code period}. */
    public static SbgObservation churnedIn(int period) {
        return new SbgObservation(period, true, 1);
    }

    /** One customer still alive after {@code periods} periods (right-censored). */
    public static SbgObservation aliveAfter(int periods) {
        return new SbgObservation(periods, false, 1);
    }

    /**
     * Observations of one cohort from its survivor counts, the data layout of Fader &amp; Hardie (2007), Table 1.
     *
     * @param alive alive[t] = customers still active at the start of period t+1 (after t renewals); alive[0] is the
     *              cohort size. Must be non-increasing and non-negative.
     * @return churned-in-t for t = 1..n (alive[t-1] − alive[t] customers each) and alive-after-n for the alive[n]
     *         survivors, where n = alive.length − 1
     */
    public static List<SbgObservation> fromCohort(long... alive) {
        if (alive.length == 0) {
            throw new IllegalArgumentException("a cohort needs at least its initial size");
        }
        List<SbgObservation> out = new ArrayList<>();
        for (int t = 1; t < alive.length; t++) {
            long lost = alive[t - 1] - alive[t];
            if (alive[t] < 0 || lost < 0) {
                throw new IllegalArgumentException("survivor counts must be non-negative and non-increasing: at period "
                        + t + " " + alive[t - 1] + " -> " + alive[t]);
            }
            if (lost > 0) {
                out.add(new SbgObservation(t, true, lost));
            }
        }
        if (alive[alive.length - 1] > 0) {
            out.add(new SbgObservation(alive.length - 1, false, alive[alive.length - 1]));
        }
        return out;
    }
}
