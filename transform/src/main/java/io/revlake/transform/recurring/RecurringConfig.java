package io.revlake.transform.recurring;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the recurring-revenue stage; the named policy options of METRICS.md with their defaults.
 *
 * @param constantCurrencyBase base month of constant-currency figures; empty = the first month with any MRR
 */
public record RecurringConfig(LocalDate asOf, DiscountPolicy discounts, String reportingCurrency,
                              Optional<YearMonth> constantCurrencyBase, SummaryPolicy summary, FxDatePolicy fxDate,
                              SameMonthChurnPolicy sameMonthChurn) {
    public RecurringConfig {
        Objects.requireNonNull(fxDate, "fxDate");
        Objects.requireNonNull(sameMonthChurn, "sameMonthChurn");
        Objects.requireNonNull(asOf, "asOf");
        Objects.requireNonNull(discounts, "discounts");
        Objects.requireNonNull(reportingCurrency, "reportingCurrency");
        Objects.requireNonNull(constantCurrencyBase, "constantCurrencyBase");
        Objects.requireNonNull(summary, "summary");
    }

    /** With the default {@code same_month_churn} (ignore). */
    public RecurringConfig(LocalDate asOf, DiscountPolicy discounts, String reportingCurrency,
                           Optional<YearMonth> constantCurrencyBase, SummaryPolicy summary, FxDatePolicy fxDate) {
        this(asOf, discounts, reportingCurrency, constantCurrencyBase, summary, fxDate, SameMonthChurnPolicy.IGNORE);
    }

    public static RecurringConfig defaults(LocalDate asOf) {
        return new RecurringConfig(asOf, DiscountPolicy.ALL, "USD", Optional.empty(), SummaryPolicy.defaults(),
                FxDatePolicy.MONTH_END);
    }

    /** The policy as recorded next to the output (ops.transform_runs.policy). */
    public Map<String, String> policy(YearMonth resolvedBase) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("discounts", discounts.settingValue());
        p.put("same_month_churn", sameMonthChurn.settingValue());
        p.put("fx_date", fxDate.settingValue());
        p.put("arpu_unit", summary.arpuUnit().settingValue());
        p.put("gross_margin", summary.grossMargin().toPlainString());
        p.put("reporting_currency", reportingCurrency);
        p.put("constant_currency_base", resolvedBase == null ? "" : resolvedBase.toString());
        p.put("as_of", asOf.toString());
        return p;
    }
}
