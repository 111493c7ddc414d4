package io.revlake.transform.finance;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/** A payment (silver.payments); {@code invoiceId} null when the payment was not applied to an invoice. */
public record Payment(String paymentId, String customerId, String invoiceId, LocalDate date, BigDecimal amount,
                      String currency) implements Serializable {
    public Payment {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(currency, "currency");
        amount = Cents.round(Objects.requireNonNull(amount, "amount"));
    }
}
