package io.revlake.transform.finance;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * A contract (silver.contracts). {@code end} is exclusive. {@code opportunityType} is the type of the opportunity it
 * references ({@code new}, {@code expansion}, {@code renewal}) when that opportunity exists and has one.
 */
public record Contract(String contractId, String customerId, String opportunityId, String opportunityType,
                       LocalDate signed, LocalDate start, LocalDate end, String currency, BigDecimal transactionPrice)
        implements Serializable {
    public Contract {
        Objects.requireNonNull(contractId, "contractId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(signed, "signed");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(currency, "currency");
        transactionPrice = Cents.round(Objects.requireNonNull(transactionPrice, "transactionPrice"));
    }

    /** A contract without an opportunity. */
    public Contract(String contractId, String customerId, LocalDate signed, LocalDate start, LocalDate end,
                    String currency, BigDecimal transactionPrice) {
        this(contractId, customerId, null, null, signed, start, end, currency, transactionPrice);
    }

    public boolean isActiveOn(LocalDate d) {
        return !start.isAfter(d) && end.isAfter(d);
    }
}
