package io.revlake.api.metrics;

import java.util.Locale;

/**
 * How a metric rolls up from months to quarters and years.
 * <ul>
 *   <li>{@code balance}: a level at an instant (MRR, paying customers, RPO); a period takes the value at its last month.</li>
 *   <li>{@code flow}: an amount that happens during a month (new MRR, billings); a period adds its months up.</li>
 *   <li>{@code ratio}: recomputed for the period from its parts (balances at the period's start or end, flows summed
 *       over it); never an average of monthly ratios.</li>
 * </ul>
 */
public enum MetricKind {
    BALANCE, FLOW, RATIO;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
