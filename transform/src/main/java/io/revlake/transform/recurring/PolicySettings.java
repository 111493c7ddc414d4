package io.revlake.transform.recurring;

import io.revlake.catalog.PolicyOptions;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of a transform run from policy options written as text ({@link PolicyOptions}), as the jobs file sets
 * them for scheduled runs ({@code policy.discounts = none}) and the job runner passes them on.
 */
public final class PolicySettings {
    private PolicySettings() {
    }

    /**
     * @param policy option → value; an option left out takes its default (METRICS.md)
     * @throws IllegalArgumentException naming every unknown option and bad value, with the accepted ones
     */
    public static RecurringConfig config(LocalDate asOf, Map<String, String> policy) {
        List<String> problems = PolicyOptions.problems(policy);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        String base = value(policy, "constant_currency_base");
        return new RecurringConfig(asOf, DiscountPolicy.parse(valueOr(policy, "discounts")), "USD",
                base == null ? Optional.empty() : Optional.of(YearMonth.parse(base)),
                new SummaryPolicy(SummaryPolicy.ArpuUnit.parse(valueOr(policy, "arpu_unit")),
                        new BigDecimal(value(policy, "gross_margin") == null ? "1" : value(policy, "gross_margin"))),
                FxDatePolicy.parse(valueOr(policy, "fx_date")),
                SameMonthChurnPolicy.parse(valueOr(policy, "same_month_churn")));
    }

    private static String value(Map<String, String> policy, String option) {
        String v = policy.get(option);
        return v == null ? null : v.trim();
    }

    /** The value given, else the option's default (the first of its choices). */
    private static String valueOr(Map<String, String> policy, String option) {
        String v = value(policy, option);
        return v != null ? v : PolicyOptions.CHOICES.get(option).get(0);
    }
}
