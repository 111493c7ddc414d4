package io.revlake.transform.finance;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** A closed-won opportunity (silver.opportunities); {@code customerId} and {@code type} may be null. */
public record Opportunity(String opportunityId, String customerId, String type, LocalDate closeDate, BigDecimal amount,
                          String currency) implements Serializable {
    public Opportunity {
        Objects.requireNonNull(opportunityId, "opportunityId");
        Objects.requireNonNull(closeDate, "closeDate");
        Objects.requireNonNull(currency, "currency");
        amount = Cents.round(Objects.requireNonNull(amount, "amount"));
    }
}
