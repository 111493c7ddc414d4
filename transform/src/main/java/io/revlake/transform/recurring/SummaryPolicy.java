package io.revlake.transform.recurring;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * Settings of the value-per-customer figures.
 *
 * @param arpuUnit    policy {@code arpu_unit}: per paying customer (default) or per active seat
 * @param grossMargin share of MRR kept as gross margin, used by CLV and CAC payback (default 1 = 100 %)
 */
public record SummaryPolicy(ArpuUnit arpuUnit, BigDecimal grossMargin) {
    public SummaryPolicy {
        Objects.requireNonNull(arpuUnit, "arpuUnit");
        if (grossMargin.signum() <= 0 || grossMargin.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("gross margin must be in (0, 1], got " + grossMargin);
        }
    }

    public static SummaryPolicy defaults() {
        return new SummaryPolicy(ArpuUnit.CUSTOMER, BigDecimal.ONE);
    }

    public enum ArpuUnit {
        CUSTOMER, SEAT;

        public static ArpuUnit parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        }

        public String settingValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
