package io.revlake.transform.recurring;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * MRR movement types (METRICS.md, "MRR movements"). {@link #ENTERING} and {@link #LEAVING} move a customer's MRR
 * between dimension values (a segment change); they cancel company-wide, so the company bridge never shows them.
 */
public enum Movement {
    NEW, REACTIVATION, EXPANSION, CONTRACTION, CHURN, FX, ENTERING, LEAVING;

    /** Movements of the company-wide bridge (gold.mrr_summary): every one but entering and leaving. */
    public static final java.util.List<Movement> COMPANY = java.util.List.of(NEW, REACTIVATION, EXPANSION,
            CONTRACTION, CHURN, FX);

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Classifies a customer's change between consecutive month ends, in constant currency.
     *
     * @param previous   MRR at end of M−1 (0 when not paying)
     * @param current    MRR at end of M
     * @param paidBefore whether the customer had MRR > 0 at some earlier month end
     * @return the movement and its signed amount, empty when nothing moved
     */
    public static Optional<Classified> classify(BigDecimal previous, BigDecimal current, boolean paidBefore) {
        int p = previous.signum();
        int c = current.signum();
        if (p == 0 && c > 0) {
            return Optional.of(new Classified(paidBefore ? REACTIVATION : NEW, current));
        }
        if (p > 0 && c == 0) {
            return Optional.of(new Classified(CHURN, previous.negate()));
        }
        if (p > 0) {
            int cmp = current.compareTo(previous);
            if (cmp > 0) {
                return Optional.of(new Classified(EXPANSION, current.subtract(previous)));
            }
            if (cmp < 0) {
                return Optional.of(new Classified(CONTRACTION, current.subtract(previous)));
            }
        }
        return Optional.empty();
    }

    public record Classified(Movement movement, BigDecimal amount) {
    }
}
