package io.revlake.transform.clv;

import java.io.Serializable;

/**
 * A customer's purchase history in a calibration window, summarised as the BG/NBD and Gamma-Gamma models need it
 * (Fader, Hardie &amp; Lee 2005). Times are in one time unit of the caller's choice (weeks in the papers), measured
 * from the customer's first purchase.
 *
 * @param frequency     x ≥ 0, the number of <em>repeat</em> transactions (the first purchase is not counted)
 * @param recency       t<sub>x</sub>, time from the first purchase to the last repeat transaction (0 when x = 0)
 * @param age           T ≥ t<sub>x</sub>, time from the first purchase to the end of the calibration window
 * @param monetaryValue z̄, mean value of the x repeat transactions (ignored when x = 0; conventionally 0)
 */
public record RfmObservation(int frequency, double recency, double age, double monetaryValue) implements Serializable {
    public RfmObservation {
        if (frequency < 0) {
            throw new IllegalArgumentException("frequency must be >= 0: " + frequency);
        }
        if (!(recency >= 0) || !(age >= recency) || !Double.isFinite(age)) {
            throw new IllegalArgumentException("need 0 <= recency <= age (finite): recency=" + recency + ", age=" + age);
        }
        if (frequency == 0 && recency != 0) {
            throw new IllegalArgumentException("a customer with no repeat transaction has recency 0: " + recency);
        }
    }

    /** A customer without monetary data (Gamma-Gamma not needed). */
    public static RfmObservation of(int frequency, double recency, double age) {
        return new RfmObservation(frequency, recency, age, 0);
    }
}
