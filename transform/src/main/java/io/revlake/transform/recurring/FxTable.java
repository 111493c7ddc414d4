package io.revlake.transform.recurring;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Exchange rates to the reporting currency. The rate at a date is the latest published on or before it;
 * the reporting currency converts at 1.
 */
public final class FxTable implements Serializable {
    private final String reportingCurrency;
    private final Map<String, TreeMap<LocalDate, BigDecimal>> rates = new HashMap<>();

    public FxTable(String reportingCurrency) {
        this.reportingCurrency = reportingCurrency;
    }

    public FxTable put(String currency, LocalDate date, BigDecimal rateToReporting) {
        rates.computeIfAbsent(currency, c -> new TreeMap<>()).put(date, rateToReporting);
        return this;
    }

    public String reportingCurrency() {
        return reportingCurrency;
    }

    /** @throws MissingFxRateException when no rate for the currency is dated on or before {@code date} */
    public BigDecimal rate(String currency, LocalDate date) {
        if (currency.equals(reportingCurrency)) {
            return BigDecimal.ONE;
        }
        NavigableMap<LocalDate, BigDecimal> series = rates.get(currency);
        Map.Entry<LocalDate, BigDecimal> e = series == null ? null : series.floorEntry(date);
        if (e == null) {
            throw new MissingFxRateException(currency, date, reportingCurrency);
        }
        return e.getValue();
    }

    /**
     * The constant-currency rate: the rate at {@code baseDate}, or the currency's first published rate when it has
     * none that early (so a currency introduced later still converts at one fixed rate).
     */
    public BigDecimal constantRate(String currency, LocalDate baseDate) {
        if (currency.equals(reportingCurrency)) {
            return BigDecimal.ONE;
        }
        TreeMap<LocalDate, BigDecimal> series = rates.get(currency);
        if (series == null || series.isEmpty()) {
            throw new MissingFxRateException(currency, baseDate, reportingCurrency);
        }
        Map.Entry<LocalDate, BigDecimal> e = series.floorEntry(baseDate);
        return e != null ? e.getValue() : series.firstEntry().getValue();
    }

    /** Thrown when MRR in a currency cannot be converted. */
    public static final class MissingFxRateException extends RuntimeException {
        public MissingFxRateException(String currency, LocalDate date, String reporting) {
            super("No exchange rate for " + currency + " dated on or before " + date + " (fx_rates.csv needs a "
                    + currency + " → " + reporting + " rate at or before every month end with " + currency + " MRR)");
        }
    }
}
