package io.revlake.transform.finance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Whether the finance stage can update its stored per-customer facts instead of recomputing every customer, decided
 * from recorded facts only. The refresh as a whole has already checked the as-of date, FX rates, bronze versions and
 * the identity map ({@code incremental.Fallback}); this adds what only the finance stage reads.
 */
public final class FinanceFallback {
    private FinanceFallback() {
    }

    /**
     * @param previousPolicy the policy the previous run recorded (finance entries among them)
     * @param policy         this run's finance policy, reporting currency included
     * @param catalog        the columns the catalog names for the stored facts
     * @param stored         the stored facts' columns; null when the table does not exist
     * @param recorded       the facts' version the previous run recorded; null when it recorded none
     * @param current        the facts' current version
     * @return why every customer's facts must be recomputed; empty when the stored facts can be reused
     */
    public static Optional<String> reason(Map<String, String> previousPolicy, Map<String, String> policy,
                                          List<String> catalog, List<String> stored, Long recorded, long current) {
        if (stored == null) {
            return Optional.of("no stored finance facts (a warehouse built before they were kept)");
        }
        if (recorded == null) {
            return Optional.of("the previous run did not record the version of the finance facts it wrote");
        }
        if (recorded != current) {
            // e.g. a later run that failed after writing them: they may hold another as-of date's facts.
            return Optional.of("the stored finance facts (version " + current + ") are not those the previous run"
                    + " wrote (version " + recorded + ")");
        }
        for (var e : new TreeMap<>(policy).entrySet()) {
            String before = previousPolicy.get(e.getKey());
            if (!e.getValue().equals(before)) {
                return Optional.of("finance policy " + e.getKey() + " differs from the previous run's (" + before
                        + " then, " + e.getValue() + " now)");
            }
        }
        List<String> missing = new ArrayList<>(catalog);
        missing.removeAll(stored);
        List<String> extra = new ArrayList<>(stored);
        extra.removeAll(catalog);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            return Optional.of("the stored finance facts lack " + missing + " and have " + extra + " beyond the catalog");
        }
        return Optional.empty();
    }
}
