package io.revlake.transform.clv;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Predictive CLV of subscribers: one sBG fit per segment (and one over all customers) on monthly tenures, then each
 * paying customer's discounted expected residual lifetime × MRR × margin. Pure; the Spark job gathers the inputs.
 *
 * <p>Fitting uses each customer's first tenure (first {@code new} month to first churn, or still paying at the
 * last month: right-censored); a reactivated customer is valued on its current tenure. A segment whose fit is
 * unavailable falls back to the all-customer fit, and the row says which fit it used.
 */
public final class SubscriberClv {
    public static final String ALL = "all";

    private SubscriberClv() {
    }

    /** A customer's first tenure. {@code firstChurn} is null when the customer still pays at the last month. */
    public record Tenure(String customerId, String segment, YearMonth firstNew, YearMonth firstChurn) {
        SbgObservation observation(YearMonth lastMonth) {
            if (firstChurn != null) {
                // paid the months firstNew .. firstChurn − 1, then did not renew
                return SbgObservation.churnedIn((int) ChronoUnit.MONTHS.between(firstNew, firstChurn));
            }
            // paid k months so far: k − 1 renewals seen, the next decision not yet (Fader & Hardie 2010, eq. 6)
            int k = (int) ChronoUnit.MONTHS.between(firstNew, lastMonth) + 1;
            return SbgObservation.aliveAfter(k - 1);
        }
    }

    /** A customer paying at the last month, with the start of its current tenure. */
    public record Current(String customerId, String segment, BigDecimal mrr, YearMonth tenureStart) {
    }

    public record Value(String customerId, String segment, BigDecimal mrr, long tenureMonths, Double derlMonths,
                        BigDecimal clvPredictive, String fitUsed) {
    }

    public record Result(Map<String, SbgFit> fits, List<Value> values) {
    }

    public static Result value(List<Tenure> tenures, List<Current> current, YearMonth lastMonth,
                               double monthlyDiscountRate, BigDecimal grossMargin) {
        Map<String, List<SbgObservation>> bySegment = new TreeMap<>();
        for (Tenure t : tenures) {
            SbgObservation o = t.observation(lastMonth);
            bySegment.computeIfAbsent(ALL, s -> new ArrayList<>()).add(o);
            bySegment.computeIfAbsent(segmentOf(t.segment()), s -> new ArrayList<>()).add(o);
        }
        Map<String, SbgFit> fits = new TreeMap<>();
        bySegment.forEach((segment, obs) -> fits.put(segment, ClvModels.fitSbg(obs)));
        List<Value> values = new ArrayList<>();
        Map<String, Double> derlCache = new HashMap<>();
        for (Current c : current) {
            String segment = segmentOf(c.segment());
            SbgFit fit = fits.get(segment);
            String used = segment;
            if (fit == null || !fit.available()) {
                fit = fits.get(ALL);
                used = ALL;
            }
            long tenure = ChronoUnit.MONTHS.between(c.tenureStart(), lastMonth) + 1;
            Double derl = null;
            BigDecimal clv = null;
            if (fit != null && fit.available()) {
                SbgFit f = fit;
                derl = derlCache.computeIfAbsent(used + "|" + tenure, k -> derlOrNull(f, (int) tenure, monthlyDiscountRate));
                if (derl != null) {
                    clv = c.mrr().multiply(grossMargin).multiply(BigDecimal.valueOf(derl)).setScale(2, RoundingMode.HALF_UP);
                }
            }
            values.add(new Value(c.customerId(), c.segment(), c.mrr(), tenure, derl, clv, fit == null ? null : used));
        }
        return new Result(fits, values);
    }

    private static Double derlOrNull(SbgFit fit, int tenure, double discount) {
        try {
            return ClvModels.sbgDerl(fit, tenure, discount);
        } catch (ArithmeticException e) {
            return null;   // infinite or not computable: not a number to show
        }
    }

    static String segmentOf(String segment) {
        return segment == null ? "unknown" : segment;
    }
}
